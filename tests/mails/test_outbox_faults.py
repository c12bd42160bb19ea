"""The outbox under faults: SMTP down, mixed per-recipient replies, permanent failures, a worker
killed after the server accepted a message, and rendering failures at finalisation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import event, select, text

from app.config import Settings
from app.db import Database
from app.mails.outbox import deliver_batch
from app.models import NumberCounter
from tests.support.assertions import assert_problem
from tests.support.factories import Tenant, create_customer, create_invoice, finalize
from tests.support.mail import send_invoice, smtp_settings, wait_for_status
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio


async def wait_for(client: httpx.AsyncClient, mail_id: str, predicate: Any) -> dict[str, Any]:
    with anyio.fail_after(15):
        while True:
            mail = (await client.get(f"/v1/mails/{mail_id}")).json()
            if predicate(mail):
                return dict(mail)
            await anyio.sleep(0.02)


async def test_smtp_down_keeps_the_mail_queued_then_delivers_exactly_once(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    outbox.stop()
    final = await send_invoice(client, ["jan@devries.nl"])
    mail_id = final["mail"]["id"]
    mail = await wait_for(client, mail_id, lambda m: m["attempts"] >= 2)
    assert mail["status"] == "queued"
    assert "jan@devries.nl" in (mail["error"] or "")
    assert {d["status"] for d in mail["deliveries"]} == {"deferred"}
    outbox.start()
    mail = await wait_for_status(client, mail_id, "sent", "failed")
    assert mail["status"] == "sent"
    await anyio.sleep(0.3)  # a second delivery would arrive in this window
    ids = [m.message["Message-ID"] for m in outbox.messages]
    assert ids == [mail["message_id"]]


async def test_451_for_one_recipient_and_550_for_another(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    outbox.handler.rcpt_replies["jan@devries.nl"] = "451 4.3.0 Mailbox temporarily unavailable"
    outbox.handler.rcpt_replies["boekhouding@devries.nl"] = "550 5.1.1 No such user here"
    final = await send_invoice(
        client, ["jan@devries.nl", "boekhouding@devries.nl"], cc=["administratie@krakeling.nl"]
    )
    mail_id = final["mail"]["id"]
    first = await wait_for(client, mail_id, lambda m: m["attempts"] >= 1 and m["deliveries"])
    outcome = {
        (d["recipient"], d["status"], d["code"]) for d in first["deliveries"] if d["attempt"] == 1
    }
    assert outcome == {
        ("jan@devries.nl", "deferred", 451),
        ("boekhouding@devries.nl", "rejected", 550),
        ("administratie@krakeling.nl", "accepted", 250),
    }
    assert first["status"] == "queued"  # the deferred recipient is retried
    del outbox.handler.rcpt_replies["jan@devries.nl"]
    done = await wait_for_status(client, mail_id, "sent", "partially_sent", "failed")
    assert done["status"] == "partially_sent"  # one recipient refused it for good
    assert "boekhouding@devries.nl rejected: 5.1.1 No such user here" in done["error"]
    envelopes = [sorted(m.rcpt_tos) for m in outbox.messages]
    # The accepted recipient got it once; the retry went only to the deferred one.
    assert envelopes == [["administratie@krakeling.nl"], ["jan@devries.nl"]]
    assert len({m.message["Message-ID"] for m in outbox.messages}) == 1


async def test_550_for_one_recipient_of_several_is_partially_sent(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    outbox.handler.rcpt_replies["boekhouding@devries.nl"] = "550 5.1.1 No such user here"
    final = await send_invoice(client, ["jan@devries.nl", "boekhouding@devries.nl"])
    mail = await wait_for_status(client, final["mail"]["id"], "sent", "partially_sent", "failed")
    assert mail["status"] == "partially_sent"
    assert mail["sent_at"] is not None
    assert mail["error"] == "boekhouding@devries.nl rejected: 5.1.1 No such user here"
    assert {(d["recipient"], d["status"]) for d in mail["deliveries"]} == {
        ("jan@devries.nl", "accepted"),
        ("boekhouding@devries.nl", "rejected"),
    }
    # A list filtered on the status finds it; `sent` no longer hides the refusal.
    listed = (await client.get("/v1/mails", params={"status": "partially_sent"})).json()["data"]
    assert [m["id"] for m in listed] == [mail["id"]]
    assert (await client.get("/v1/mails", params={"status": "sent"})).json()["data"] == []


async def test_550_for_everyone_fails_with_the_server_reply(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    outbox.handler.rcpt_replies["jan@devries.nl"] = "550 5.7.1 Relaying denied"
    final = await send_invoice(client, ["jan@devries.nl"])
    mail = await wait_for_status(client, final["mail"]["id"], "sent", "failed")
    assert mail["status"] == "failed"
    assert mail["error"] == "jan@devries.nl rejected: 5.7.1 Relaying denied"
    assert mail["attempts"] == 1
    assert outbox.messages == []


async def test_data_554_fails_permanently(client: httpx.AsyncClient, outbox: SmtpServer) -> None:
    outbox.handler.data_reply = "554 5.6.0 Message content rejected"
    final = await send_invoice(client, ["jan@devries.nl"])
    mail = await wait_for_status(client, final["mail"]["id"], "sent", "failed")
    assert mail["status"] == "failed"
    assert "5.6.0 Message content rejected" in mail["error"]


async def test_temporary_failure_gives_up_after_the_attempt_limit(
    client: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    smtp_server.handler.rcpt_replies["jan@devries.nl"] = "451 4.7.1 Greylisted, try again"
    final = await send_invoice(client, ["jan@devries.nl"])
    limited = smtp_settings(
        settings, smtp_server, mail_max_attempts=3, mail_retry_base_seconds=0.01
    )
    with anyio.fail_after(15):
        while (await client.get(f"/v1/mails/{final['mail']['id']}")).json()["status"] == "queued":
            await deliver_batch(db, limited, administration_id=tenant.id)
            await anyio.sleep(0.02)
    mail = (await client.get(f"/v1/mails/{final['mail']['id']}")).json()
    assert mail["status"] == "failed"
    assert mail["attempts"] == 3
    assert "gave up after 3 attempts" in mail["error"]
    assert [d["code"] for d in mail["deliveries"]] == [451, 451, 451]


async def test_worker_killed_after_smtp_accepted_resends_with_the_same_message_id(
    client: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    """Documented at-least-once: the server has the message, the worker dies before recording
    it; after the lease runs out the message is sent again with the same Message-ID."""
    smtp_server.handler.data_delay = 5.0
    final = await send_invoice(client, ["jan@devries.nl"])
    mail_id = final["mail"]["id"]
    env = os.environ | {
        "INVOICER_DATABASE_URL": settings.database_url,
        "INVOICER_MAIL_TRANSPORT": "smtp",
        "INVOICER_SMTP_HOST": "127.0.0.1",
        "INVOICER_SMTP_PORT": str(smtp_server.port),
        "INVOICER_MAIL_LEASE_SECONDS": "1",
        "INVOICER_WORKER_POLL_SECONDS": "0.1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with anyio.fail_after(30):
            while not any(
                m.message["Message-ID"] == final["mail"]["message_id"] for m in smtp_server.messages
            ):
                await anyio.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    mail = (await client.get(f"/v1/mails/{mail_id}")).json()
    assert mail["status"] == "queued"  # nothing was recorded: the worker died first
    assert mail["deliveries"] == []
    smtp_server.handler.data_delay = 0.0
    await anyio.sleep(1.1)  # the dead worker's lease runs out
    await deliver_batch(db, smtp_settings(settings, smtp_server), administration_id=tenant.id)
    mail = (await client.get(f"/v1/mails/{mail_id}")).json()
    assert mail["status"] == "sent"
    copies = [m for m in smtp_server.messages if m.message["Message-ID"] == mail["message_id"]]
    assert len(copies) == 2
    first, second = (c.message for c in copies)
    for header in ("Message-ID", "Subject", "To", "Date"):
        assert first[header] == second[header]
    assert [p.get_payload(decode=True) for p in first.iter_attachments()] == [
        p.get_payload(decode=True) for p in second.iter_attachments()
    ]


async def test_lease_keeps_other_workers_off_a_mail_being_sent(
    client: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    smtp_server.handler.data_delay = 0.5
    final = await send_invoice(client, ["jan@devries.nl"])
    worker_settings = smtp_settings(settings, smtp_server)
    counts: list[int] = []

    async def worker() -> None:
        counts.append(await deliver_batch(db, worker_settings, administration_id=tenant.id))

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(worker)
    assert sorted(counts) == [0, 0, 1]
    assert len(smtp_server.messages) == 1
    assert (await client.get(f"/v1/mails/{final['mail']['id']}")).json()["status"] == "sent"


async def test_pdf_rendering_failure_leaves_the_invoice_draft_and_the_counter_unchanged(
    client: httpx.AsyncClient, db: Database, tenant: Tenant
) -> None:
    customer = await create_customer(client)
    first = await create_invoice(client, customer_id=customer["id"], invoice_date="2026-06-01")
    assert (await finalize(client, first["id"])).json()["number"] == "2026-00001"
    template_id = tenant.administration["default_pdf_template_id"]
    # A logo that slipped past validation (say, stored by an older version) breaks rendering.
    async with db.transaction(write=True) as session:
        await session.execute(
            text(
                "UPDATE pdf_templates SET logo = :logo, logo_content_type = 'image/png' "
                "WHERE id = :id"
            ),
            {"logo": b"\x89PNG not really", "id": template_id},
        )
    draft = await create_invoice(client, customer_id=customer["id"], invoice_date="2026-06-02")
    body = assert_problem(await finalize(client, draft["id"]), 422)
    assert body["type"].endswith("document-render-failed")
    assert body["pdf_template_id"] == template_id
    after = (await client.get(f"/v1/invoices/{draft['id']}")).json()
    assert (after["status"], after["number"], after["documents"]) == ("draft", None, [])
    async with db.transaction(write=False) as session:
        counter = await session.scalar(
            select(NumberCounter.last_sequence).where(
                NumberCounter.administration_id == tenant.id, NumberCounter.series == "invoice-2026"
            )
        )
    assert counter == 1
    assert (await client.delete(f"/v1/pdf-templates/{template_id}/logo")).status_code == 200
    assert (await finalize(client, draft["id"])).json()["number"] == "2026-00002"


async def test_a_batch_goes_out_over_several_connections_each_mail_once(
    client: httpx.AsyncClient,
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    finals = [await send_invoice(client, ["jan@devries.nl"]) for _ in range(6)]
    three = smtp_settings(settings, smtp_server, mail_connections=3)
    assert await deliver_batch(db, three, administration_id=tenant.id) == 6
    assert smtp_server.handler.sessions == 3
    ids = sorted(m.message["Message-ID"] for m in smtp_server.messages)
    assert ids == sorted(f["mail"]["message_id"] for f in finals)
    for final in finals:
        assert (await client.get(f"/v1/mails/{final['mail']['id']}")).json()["status"] == "sent"


async def test_database_lost_after_the_server_accepted_still_records_the_outcome(
    client: httpx.AsyncClient,
    database_url: str,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
) -> None:
    """PostgreSQL drops the worker's connections (a restart) between the server's 250 and
    recording it: the outcome is recorded on a new connection, not dropped (which would have
    the mail sent again once its lease ran out)."""
    if database_url.startswith("sqlite"):
        pytest.skip("needs PostgreSQL backends to terminate")
    import psycopg

    worker_db = Database(database_url)
    pids: list[int] = []

    def remember(dbapi_connection: Any, _record: Any) -> None:
        pids.append(dbapi_connection.driver_connection.get_server_pid())

    event.listen(worker_db.engine.sync_engine, "connect", remember)
    plain_url = database_url.replace("+asyncpg", "").replace("+psycopg", "")

    def drop_worker_connections() -> None:
        with psycopg.connect(plain_url, autocommit=True) as conn:
            for pid in list(pids):
                conn.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])

    final = await send_invoice(client, ["jan@devries.nl"])
    smtp_server.handler.on_data = drop_worker_connections
    try:
        sent = await deliver_batch(
            worker_db, smtp_settings(settings, smtp_server), administration_id=tenant.id
        )
    finally:
        smtp_server.handler.on_data = None
        await worker_db.dispose()
    assert sent == 1
    assert len(pids) >= 2  # the claim's connection was dropped, the outcome took a new one
    mail = (await client.get(f"/v1/mails/{final['mail']['id']}")).json()
    assert mail["status"] == "sent"
    assert [d["status"] for d in mail["deliveries"]] == ["accepted"]
    copies = [m for m in smtp_server.messages if m.message["Message-ID"] == mail["message_id"]]
    assert len(copies) == 1
