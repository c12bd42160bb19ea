"""A webhook event given up after its attempts is dead; the operator retries it once the receiver
is back, with the same id and body. An event refused for good (410 Gone) is not dead, and a dead
event of a disabled endpoint is not retried."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.config import Settings
from tests.support.factories import OPERATOR
from tests.support.metrics import metric, scrape
from tests.support.webhook_receiver import Receiver
from tests.support.webhooks import Hooks

pytestmark = pytest.mark.anyio


async def _dead(http: httpx.AsyncClient, hooks: Hooks) -> dict[str, Any]:
    response = await http.get(
        "/v1/dead-letters",
        params={"kind": "webhook_event", "administration_id": hooks.tenant.id},
        headers=OPERATOR,
    )
    assert response.status_code == 200, response.text
    return {d["id"]: d for d in response.json()["data"]}


async def _retry(http: httpx.AsyncClient, *ids: str) -> dict[str, Any]:
    response = await http.post(
        "/v1/dead-letters/retry",
        json={"kind": "webhook_event", "ids": list(ids)},
        headers=OPERATOR,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_an_event_that_exhausted_its_attempts_is_retried_once_the_receiver_is_back(
    hooks: Hooks, receiver: Receiver, allow_private: Settings, http: httpx.AsyncClient
) -> None:
    receiver.answer_always(500)
    endpoint = await hooks.endpoint(receiver.url)
    queued = await hooks.test_event(endpoint["id"])
    before = metric(await scrape(http), "invoicer_dead_letters", kind="webhook_event")
    await hooks.deliver_all()
    [failed] = await hooks.deliveries(endpoint["id"])
    assert (failed["status"], failed["attempts"]) == ("failed", 3)  # what clients see
    dead = (await _dead(http, hooks))[queued["id"]]
    assert (dead["kind"], dead["endpoint_id"], dead["type"]) == (
        "webhook_event",
        endpoint["id"],
        "webhook.test",
    )
    assert dead["error"].startswith("gave up after 3 attempts")
    after = metric(await scrape(http), "invoicer_dead_letters", kind="webhook_event")
    assert after == before + 1

    receiver.answer_always(200)
    assert await _retry(http, queued["id"]) == {
        "retried": [queued["id"]],
        "not_retried": [],
        "more": False,
    }
    [pending] = await hooks.deliveries(endpoint["id"])
    assert (pending["status"], pending["attempts"]) == ("pending", 0)
    assert await hooks.deliver() == 1
    [delivered] = await hooks.deliveries(endpoint["id"])
    assert (delivered["status"], delivered["attempts"]) == ("delivered", 1)
    requests = receiver.received
    assert len(requests) == 4
    assert {r.headers["webhook-id"] for r in requests} == {queued["id"]}
    assert len({r.body for r in requests}) == 1
    assert queued["id"] not in await _dead(http, hooks)
    assert metric(await scrape(http), "invoicer_dead_letters", kind="webhook_event") == before
    # Delivered now: asking again retries nothing.
    again = await _retry(http, queued["id"])
    assert again["not_retried"] == [{"id": queued["id"], "reason": "not_dead"}]


async def test_a_410_is_not_dead_and_a_disabled_endpoint_keeps_its_dead_events(
    hooks: Hooks, receiver: Receiver, allow_private: Settings, http: httpx.AsyncClient
) -> None:
    receiver.answer_always(410)
    gone = await hooks.endpoint(receiver.url)
    refused = await hooks.test_event(gone["id"])
    await hooks.deliver_all()
    assert refused["id"] not in await _dead(http, hooks)
    assert (await _retry(http, refused["id"]))["not_retried"] == [
        {"id": refused["id"], "reason": "not_dead"}
    ]

    receiver.answer_always(503)
    down = await hooks.endpoint(receiver.url)
    given_up = await hooks.test_event(down["id"])
    await hooks.deliver_all()
    assert given_up["id"] in await _dead(http, hooks)
    disabled = await hooks.client.patch(
        f"/v1/webhook-endpoints/{down['id']}", json={"active": False}
    )
    assert disabled.status_code == 200, disabled.text
    assert (await _retry(http, given_up["id"]))["not_retried"] == [
        {"id": given_up["id"], "reason": "not_eligible"}
    ]
    assert given_up["id"] in await _dead(http, hooks)
