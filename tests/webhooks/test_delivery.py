"""Delivering events to a real HTTP receiver: Standard Webhooks signatures, retries with the same
id and body, giving up, 410 Gone, timeouts, redirects, and the address check at delivery time."""

from __future__ import annotations

import ipaddress
import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from app.config import Settings
from app.webhooks import delivery, url_safety
from tests.support.ports import free_port
from tests.support.webhook_receiver import Receiver, Reply
from tests.support.webhooks import Hooks

pytestmark = pytest.mark.anyio


async def test_a_test_event_arrives_signed(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    endpoint = await hooks.endpoint(receiver.url)
    queued = await hooks.test_event(endpoint["id"])
    assert (queued["type"], queued["status"], queued["attempts"]) == ("webhook.test", "pending", 0)
    assert await hooks.deliver() == 1
    [request] = receiver.received
    assert request.path == "/hooks"
    assert request.headers["webhook-id"] == queued["id"]
    assert request.headers["content-type"] == "application/json"
    assert abs(int(request.headers["webhook-timestamp"]) - datetime.now(UTC).timestamp()) < 60
    payload = request.verify(endpoint["secret"])
    assert payload == queued["payload"]
    assert payload["type"] == "webhook.test"
    assert payload["data"]["endpoint_id"] == endpoint["id"]
    assert payload["data"]["administration_id"] == hooks.tenant.id
    assert payload["timestamp"].endswith("Z")
    [delivered] = await hooks.deliveries(endpoint["id"])
    assert (delivered["status"], delivered["attempts"], delivered["last_status_code"]) == (
        "delivered",
        1,
        200,
    )
    assert delivered["delivered_at"] is not None
    assert await hooks.deliver() == 0  # nothing is sent twice


async def test_a_500_is_retried_with_the_same_id_and_body_until_a_200(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    receiver.script(500, 500, 200)
    endpoint = await hooks.endpoint(receiver.url)
    queued = await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [after_one] = await hooks.deliveries(endpoint["id"])
    assert (after_one["status"], after_one["attempts"], after_one["last_status_code"]) == (
        "pending",
        1,
        500,
    )
    assert after_one["last_error"] == "HTTP 500 Internal Server Error"
    assert after_one["next_attempt_at"] is not None
    await hooks.deliver_all()
    requests = receiver.received
    assert len(requests) == 3
    assert {r.headers["webhook-id"] for r in requests} == {queued["id"]}
    assert len({r.body for r in requests}) == 1
    for request in requests:
        request.verify(endpoint["secret"])
    [delivered] = await hooks.deliveries(endpoint["id"])
    assert (delivered["status"], delivered["attempts"], delivered["last_status_code"]) == (
        "delivered",
        3,
        200,
    )
    assert delivered["last_error"] is None


async def test_gives_up_after_the_last_attempt(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    receiver.answer_always(503)
    endpoint = await hooks.endpoint(receiver.url)
    await hooks.test_event(endpoint["id"])
    await hooks.deliver_all()
    assert len(receiver.received) == hooks.settings.webhook_max_attempts == 3
    [failed] = await hooks.deliveries(endpoint["id"])
    assert (failed["status"], failed["attempts"], failed["next_attempt_at"]) == ("failed", 3, None)
    assert failed["last_error"] == "gave up after 3 attempts: HTTP 503 Service Unavailable"
    # A failing endpoint stays active: only 410 Gone switches it off.
    assert (await hooks.client.get(f"/v1/webhook-endpoints/{endpoint['id']}")).json()["active"]


async def test_410_disables_the_endpoint_and_fails_what_was_waiting(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    receiver.answer_always(410)
    endpoint = await hooks.endpoint(receiver.url)
    first = await hooks.test_event(endpoint["id"])
    second = await hooks.test_event(endpoint["id"])
    assert await hooks.deliver(limit=1) == 1
    assert [r.headers["webhook-id"] for r in receiver.received] == [first["id"]]
    got = (await hooks.client.get(f"/v1/webhook-endpoints/{endpoint['id']}")).json()
    assert (got["active"], got["disabled_reason"]) == (False, "the endpoint answered 410 Gone")
    by_id = {d["id"]: d for d in await hooks.deliveries(endpoint["id"])}
    assert (by_id[first["id"]]["status"], by_id[first["id"]]["last_status_code"]) == ("failed", 410)
    assert by_id[second["id"]]["status"] == "failed"
    assert by_id[second["id"]]["last_error"] == "not sent: the endpoint answered 410 Gone"
    assert await hooks.deliver() == 0
    assert len(receiver.received) == 1
    # Enabling it again clears the reason and lets new events through.
    enabled = await hooks.client.patch(
        f"/v1/webhook-endpoints/{endpoint['id']}", json={"active": True}
    )
    assert (enabled.json()["active"], enabled.json()["disabled_reason"]) == (True, None)


async def test_disabling_an_endpoint_fails_its_pending_events(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    endpoint = await hooks.endpoint(receiver.url)
    await hooks.test_event(endpoint["id"])
    await hooks.client.patch(f"/v1/webhook-endpoints/{endpoint['id']}", json={"active": False})
    assert await hooks.deliver() == 0
    [failed] = await hooks.deliveries(endpoint["id"])
    assert (failed["status"], failed["last_error"]) == (
        "failed",
        "not sent: the endpoint was disabled",
    )
    assert receiver.received == []


async def test_a_slow_receiver_times_out_and_is_retried(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    receiver.script(Reply(200, delay=1.0))
    endpoint = await hooks.endpoint(receiver.url)
    await hooks.test_event(endpoint["id"])
    impatient = hooks.settings.model_copy(update={"webhook_timeout_seconds": 0.2})
    await hooks.deliver(impatient)
    [timed_out] = await hooks.deliveries(endpoint["id"])
    assert (timed_out["status"], timed_out["last_status_code"]) == ("pending", None)
    assert timed_out["last_error"] == "no answer within 0.2 s"
    await hooks.deliver_all(impatient)
    [delivered] = await hooks.deliveries(endpoint["id"])
    assert (delivered["status"], delivered["attempts"]) == ("delivered", 2)


async def test_connection_refused_is_retried(hooks: Hooks, allow_private: Settings) -> None:
    endpoint = await hooks.endpoint(f"http://127.0.0.1:{free_port()}/hooks")
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [pending] = await hooks.deliveries(endpoint["id"])
    assert pending["status"] == "pending"
    assert pending["last_error"].startswith("ConnectError")


async def test_redirects_are_not_followed(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    receiver.answer_always(Reply(307, headers=(("location", "http://169.254.169.254/"),)))
    endpoint = await hooks.endpoint(receiver.url)
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    assert len(receiver.received) == 1
    [pending] = await hooks.deliveries(endpoint["id"])
    assert (pending["status"], pending["last_status_code"]) == ("pending", 307)


async def test_retry_after_of_a_429_is_honoured(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    receiver.script(Reply(429, headers=(("retry-after", "120"),)))
    endpoint = await hooks.endpoint(receiver.url)
    await hooks.test_event(endpoint["id"])
    slow = delivery.RetryPolicy(base_seconds=0.001, max_seconds=3600)
    await delivery.deliver_batch(
        hooks.db, hooks.settings, administration_id=hooks.tenant.id, retry=slow
    )
    [pending] = await hooks.deliveries(endpoint["id"])
    wait = datetime.fromisoformat(pending["next_attempt_at"]) - datetime.now(UTC)
    assert timedelta(seconds=100) < wait <= timedelta(seconds=121)


async def test_rotating_the_secret_changes_the_signing_key(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    endpoint = await hooks.endpoint(receiver.url)
    rotated = (
        await hooks.client.post(f"/v1/webhook-endpoints/{endpoint['id']}/rotate-secret")
    ).json()
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [request] = receiver.received
    request.verify(rotated["secret"])
    with pytest.raises(WebhookVerificationError):
        request.verify(endpoint["secret"])


async def test_the_body_is_verified_byte_for_byte(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    endpoint = await hooks.endpoint(receiver.url)
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [request] = receiver.received
    tampered = json.dumps(json.loads(request.body)).encode()  # same JSON, other spacing
    assert tampered != request.body
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(tampered, request.headers)


# --- the address check at delivery time --------------------------------------------------------


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A resolver the test controls: name -> address."""
    names: dict[str, str] = {}

    async def resolve(host: str, port: int) -> list[url_safety.IPAddress]:
        return [ipaddress.ip_address(names.get(host, host))]

    monkeypatch.setattr(url_safety, "resolve", resolve)
    return names


async def test_a_name_that_now_resolves_privately_is_not_called(
    hooks: Hooks, receiver: Receiver, dns: dict[str, str]
) -> None:
    dns["hooks.example.com"] = "93.184.215.14"
    endpoint = await hooks.endpoint(f"http://hooks.example.com:{receiver.port}/hooks")
    await hooks.test_event(endpoint["id"])
    dns["hooks.example.com"] = "127.0.0.1"  # rebound since it was saved
    strict = hooks.settings.model_copy(update={"webhook_allow_private_urls": False})
    await hooks.deliver(strict)
    assert receiver.received == []
    [pending] = await hooks.deliveries(endpoint["id"])
    assert (pending["status"], pending["attempts"]) == ("pending", 1)
    assert pending["last_error"] == (
        "not sent: webhooks are sent to public addresses only: "
        "hooks.example.com resolves to 127.0.0.1, a loopback address"
    )


async def test_the_connection_goes_to_the_vetted_address_under_the_endpoint_name(
    hooks: Hooks, receiver: Receiver, dns: dict[str, str], allow_private: Settings
) -> None:
    dns["receiver.example.com"] = "127.0.0.1"
    endpoint = await hooks.endpoint(f"http://receiver.example.com:{receiver.port}/hooks")
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [request] = receiver.received
    assert request.headers["host"] == f"receiver.example.com:{receiver.port}"
    request.verify(endpoint["secret"])


# --- pure parts ----------------------------------------------------------------------------------


def test_backoff_doubles_with_jitter_up_to_the_maximum() -> None:
    policy = delivery.RetryPolicy(base_seconds=60, max_seconds=3600)
    for attempt, expected in ((1, 60), (2, 120), (3, 240), (10, 3600)):
        delay = delivery.backoff(attempt, policy).total_seconds()
        assert expected * 0.75 <= delay <= expected * 1.25
