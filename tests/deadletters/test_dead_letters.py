"""Dead letters of the outbox: a mail given up while its SMTP server answered 451 is dead, the
operator lists it and retries it once the server is back, and only the recipients still
deferred get it; refused and accepted ones never again. Operator-only, and counted in /metrics."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from app.config import Settings
from app.db import Database
from app.mails.outbox import deliver_batch
from tests.support.assertions import assert_problem
from tests.support.factories import OPERATOR, Tenant, client_with_key
from tests.support.mail import send_invoice, smtp_settings
from tests.support.metrics import metric, scrape
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio


async def _deliver_until_settled(
    client: httpx.AsyncClient, db: Database, settings: Settings, tenant: Tenant, mail_id: str
) -> dict[str, Any]:
    with anyio.fail_after(15):
        while True:
            mail = (await client.get(f"/v1/mails/{mail_id}")).json()
            if mail["status"] != "queued":
                return dict(mail)
            await deliver_batch(db, settings, administration_id=tenant.id)
            await anyio.sleep(0.01)


def _limited(settings: Settings, server: SmtpServer) -> Settings:
    return smtp_settings(settings, server, mail_max_attempts=3, mail_retry_base_seconds=0.01)


async def _dead(http: httpx.AsyncClient, tenant: Tenant, kind: str = "mail") -> dict[str, Any]:
    response = await http.get(
        "/v1/dead-letters",
        params={"kind": kind, "administration_id": tenant.id},
        headers=OPERATOR,
    )
    assert response.status_code == 200, response.text
    return {d["id"]: d for d in response.json()["data"]}


async def _retry(http: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await http.post("/v1/dead-letters/retry", json=body, headers=OPERATOR)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_mail_deferred_until_its_attempts_ran_out_is_retried_to_the_deferred_only(
    client: httpx.AsyncClient,
    http: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    smtp_server.handler.rcpt_replies["jan@devries.nl"] = "451 4.3.0 Try again later"
    smtp_server.handler.rcpt_replies["boekhouding@devries.nl"] = "550 5.1.1 No such user here"
    final = await send_invoice(
        client, ["jan@devries.nl", "boekhouding@devries.nl"], cc=["administratie@krakeling.nl"]
    )
    mail_id = final["mail"]["id"]
    limited = _limited(settings, smtp_server)
    given_up = await _deliver_until_settled(client, db, limited, tenant, mail_id)
    # Clients see partially_sent (someone accepted it, one refused it), the give-up in error.
    assert (given_up["status"], given_up["attempts"]) == ("partially_sent", 3)
    assert "jan@devries.nl: gave up after 3 attempts" in given_up["error"]

    dead = (await _dead(http, tenant))[mail_id]
    assert (dead["kind"], dead["status"], dead["attempts"]) == ("mail", "partially_sent", 3)
    assert dead["pending_recipients"] == ["jan@devries.nl"]
    assert dead["dead_at"] is not None

    del smtp_server.handler.rcpt_replies["jan@devries.nl"]  # the server recovered
    result = await _retry(http, kind="mail", ids=[mail_id])
    assert result == {"retried": [mail_id], "not_retried": [], "more": False}
    queued = (await client.get(f"/v1/mails/{mail_id}")).json()
    assert (queued["status"], queued["attempts"]) == ("queued", 0)
    assert mail_id not in await _dead(http, tenant)

    done = await _deliver_until_settled(client, db, limited, tenant, mail_id)
    assert (done["status"], done["attempts"]) == ("partially_sent", 1)
    envelopes = [sorted(m.rcpt_tos) for m in smtp_server.messages]
    # The accepted recipient got it once, the refused one never, the deferred one once now.
    assert envelopes == [["administratie@krakeling.nl"], ["jan@devries.nl"]]
    assert len({m.message["Message-ID"] for m in smtp_server.messages}) == 1
    assert mail_id not in await _dead(http, tenant)


async def test_a_mail_refused_for_good_is_not_dead_and_not_retried(
    client: httpx.AsyncClient,
    http: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    smtp_server.handler.rcpt_replies["jan@devries.nl"] = "550 5.1.1 No such user here"
    final = await send_invoice(client, ["jan@devries.nl"])
    mail_id = final["mail"]["id"]
    failed = await _deliver_until_settled(
        client, db, _limited(settings, smtp_server), tenant, mail_id
    )
    assert failed["status"] == "failed"
    assert mail_id not in await _dead(http, tenant)
    result = await _retry(http, kind="mail", ids=[mail_id, "mail_doesnotexist"])
    assert result["retried"] == []
    assert result["not_retried"] == [
        {"id": mail_id, "reason": "not_dead"},
        {"id": "mail_doesnotexist", "reason": "not_found"},
    ]
    assert (await client.get(f"/v1/mails/{mail_id}")).json()["status"] == "failed"


async def test_retry_all_of_an_administration_and_the_metric_counts_dead_mails(
    client: httpx.AsyncClient,
    http: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    before = metric(await scrape(http), "invoicer_dead_letters", kind="mail")
    smtp_server.handler.rcpt_replies["jan@devries.nl"] = "451 4.7.1 Greylisted"
    final = await send_invoice(client, ["jan@devries.nl"])
    mail_id = final["mail"]["id"]
    failed = await _deliver_until_settled(
        client, db, _limited(settings, smtp_server), tenant, mail_id
    )
    assert failed["status"] == "failed"  # nobody accepted it
    assert metric(await scrape(http), "invoicer_dead_letters", kind="mail") == before + 1
    assert list(await _dead(http, tenant)) == [mail_id]

    result = await _retry(http, kind="mail", all=True, administration_id=tenant.id)
    assert result == {"retried": [mail_id], "not_retried": [], "more": False}
    assert metric(await scrape(http), "invoicer_dead_letters", kind="mail") == before
    del smtp_server.handler.rcpt_replies["jan@devries.nl"]
    done = await _deliver_until_settled(
        client, db, _limited(settings, smtp_server), tenant, mail_id
    )
    assert done["status"] == "sent"
    assert [sorted(m.rcpt_tos) for m in smtp_server.messages] == [["jan@devries.nl"]]


@pytest.mark.parametrize("scopes", [["read"], None], ids=["read-only", "full-scope"])
async def test_api_keys_cannot_use_the_dead_letter_endpoints(
    app: Any, tenant: Tenant, http: httpx.AsyncClient, scopes: list[str] | None
) -> None:
    key = tenant.api_key
    if scopes is not None:
        made = await tenant.client.post("/v1/api-keys", json={"name": "k", "scopes": scopes})
        assert made.status_code == 201, made.text
        key = made.json()["secret"]
    async with client_with_key(app, key) as caller:
        listed = await caller.get("/v1/dead-letters", params={"kind": "mail"})
        assert_problem(listed, 401)
        retried = await caller.post("/v1/dead-letters/retry", json={"kind": "mail", "all": True})
        assert_problem(retried, 401)
    assert_problem(await http.get("/v1/dead-letters", params={"kind": "mail"}), 401)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "mail"},
        {"kind": "mail", "ids": ["mail_x"], "all": True},
        {"kind": "mail", "ids": []},
        {"kind": "parcel", "all": True},
        {"kind": "mail", "ids": ["mail_1; DROP TABLE mails"]},
        {"kind": "mail", "all": True, "administration_id": "\u202eadm_1"},
    ],
    ids=["neither", "both", "no-ids", "unknown-kind", "not-an-id", "not-an-administration-id"],
)
async def test_a_retry_names_ids_or_all_of_a_known_kind(
    http: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    assert_problem(await http.post("/v1/dead-letters/retry", json=body, headers=OPERATOR), 422)
