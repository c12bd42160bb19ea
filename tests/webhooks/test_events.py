"""Each event type comes from the real flow that causes it, is written in that flow's
transaction for the subscribed endpoints of its administration only, and carries stable data."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.db import Database
from app.models import WebhookEvent
from tests.support.factories import (
    Tenant,
    finalized_invoice,
    new_tenant,
)
from tests.support.mail import send_invoice, wait_for_status
from tests.support.recurrences import base_invoice, recurrence, run_due
from tests.support.smtp import SmtpServer
from tests.support.webhook_receiver import Receiver
from tests.support.webhooks import Hooks

pytestmark = pytest.mark.anyio


def payloads(receiver: Receiver, endpoint: dict[str, Any]) -> list[dict[str, Any]]:
    """Every payload the receiver got, each checked against the endpoint's secret."""
    return [dict(r.verify(endpoint["secret"])) for r in receiver.received]


async def test_finalising_emits_invoice_finalized(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    endpoint = await hooks.endpoint(receiver.url)
    final = await finalized_invoice(hooks.client)
    await hooks.deliver_all()
    [payload] = payloads(receiver, endpoint)
    assert payload["type"] == "invoice.finalized"
    assert payload["data"] == {
        "administration_id": hooks.tenant.id,
        "invoice": {
            "id": final["id"],
            "kind": "invoice",
            "number": final["number"],
            "status": "final",
            "payment_status": "unpaid",
            "invoice_date": final["invoice_date"],
            "due_date": final["due_date"],
            "currency": "EUR",
            "subtotal": "100.00",
            "vat_total": "21.00",
            "total": "121.00",
            "customer_id": final["customer_id"],
            "company_id": None,
            "credited_invoice_id": None,
            "finalized_at": payload["data"]["invoice"]["finalized_at"],
            "paid_at": None,
            "amount_paid": "0.00",
            "amount_due": "121.00",
        },
    }
    assert payload["data"]["invoice"]["finalized_at"].startswith(final["finalized_at"][:19])


async def test_marking_paid_emits_invoice_paid_once(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    final = await finalized_invoice(hooks.client)
    endpoint = await hooks.endpoint(receiver.url)
    url = f"/v1/invoices/{final['id']}/payment"
    for status in ("paid", "paid", "unpaid"):  # only the change to paid is an event
        response = await hooks.client.patch(url, json={"payment_status": status})
        assert response.status_code == 200, response.text
    await hooks.deliver_all()
    # "paid" records one payment of what is due, "unpaid" reverses it (deliveries may arrive in
    # any order).
    received = sorted(payloads(receiver, endpoint), key=lambda p: str(p["type"]))
    assert [p["type"] for p in received] == ["invoice.paid", "payment.created", "payment.reversed"]
    payload, created, reversed_ = received
    assert created["data"]["payment"]["amount"] == "121.00"
    assert reversed_["data"]["payment"]["amount"] == "-121.00"
    assert reversed_["data"]["payment"]["reverses_id"] == created["data"]["payment"]["id"]
    assert reversed_["data"]["invoice"]["amount_due"] == "121.00"
    invoice = payload["data"]["invoice"]
    assert (invoice["id"], invoice["payment_status"], invoice["number"]) == (
        final["id"],
        "paid",
        final["number"],
    )
    assert invoice["paid_at"] is not None


async def test_a_sent_mail_emits_mail_sent(
    hooks: Hooks, receiver: Receiver, allow_private: Settings, outbox: SmtpServer
) -> None:
    endpoint = await hooks.endpoint(receiver.url, events=["mail.sent", "mail.failed"])
    final = await send_invoice(hooks.client, ["jan@devries.nl"])
    mail = await wait_for_status(hooks.client, final["mail"]["id"], "sent", "failed")
    assert mail["status"] == "sent"
    await hooks.deliver_all()
    [payload] = payloads(receiver, endpoint)
    assert payload["type"] == "mail.sent"
    data = payload["data"]["mail"]
    assert (data["id"], data["invoice_id"], data["status"], data["to"]) == (
        mail["id"],
        final["id"],
        "sent",
        ["jan@devries.nl"],
    )
    assert (data["kind"], data["message_id"], data["error"]) == (
        "invoice",
        mail["message_id"],
        None,
    )
    assert data["sent_at"] is not None


async def test_a_rejected_mail_emits_mail_failed(
    hooks: Hooks, receiver: Receiver, allow_private: Settings, outbox: SmtpServer
) -> None:
    outbox.handler.rcpt_replies["jan@devries.nl"] = "550 5.1.1 No such user here"
    endpoint = await hooks.endpoint(receiver.url, events=["mail.sent", "mail.failed"])
    final = await send_invoice(hooks.client, ["jan@devries.nl"])
    mail = await wait_for_status(hooks.client, final["mail"]["id"], "sent", "failed")
    assert mail["status"] == "failed"
    await hooks.deliver_all()
    [payload] = payloads(receiver, endpoint)
    assert payload["type"] == "mail.failed"
    data = payload["data"]["mail"]
    assert (data["id"], data["status"], data["sent_at"]) == (mail["id"], "failed", None)
    assert data["error"] == "jan@devries.nl rejected: 5.1.1 No such user here"


async def test_a_mail_one_recipient_refused_emits_mail_partially_sent(
    hooks: Hooks, receiver: Receiver, allow_private: Settings, outbox: SmtpServer
) -> None:
    outbox.handler.rcpt_replies["boekhouding@devries.nl"] = "550 5.1.1 No such user here"
    endpoint = await hooks.endpoint(
        receiver.url, events=["mail.sent", "mail.partially_sent", "mail.failed"]
    )
    final = await send_invoice(hooks.client, ["jan@devries.nl", "boekhouding@devries.nl"])
    mail = await wait_for_status(
        hooks.client, final["mail"]["id"], "sent", "partially_sent", "failed"
    )
    assert mail["status"] == "partially_sent"
    await hooks.deliver_all()
    [payload] = payloads(receiver, endpoint)
    assert payload["type"] == "mail.partially_sent"
    data = payload["data"]["mail"]
    assert (data["id"], data["status"]) == (mail["id"], "partially_sent")
    assert data["sent_at"] is not None
    assert data["error"] == "boekhouding@devries.nl rejected: 5.1.1 No such user here"


async def test_a_recurrence_in_create_mode_emits_recurrence_invoice_created(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    invoice = await base_invoice(hooks.client)
    made = await recurrence(
        hooks.client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create",
    )
    endpoint = await hooks.endpoint(
        receiver.url, events=["recurrence.invoice_created", "recurrence.due"]
    )
    report = await run_due(hooks.client, "2026-02-10")
    [created] = report["invoices"]
    await hooks.deliver_all()
    [payload] = payloads(receiver, endpoint)
    assert payload["type"] == "recurrence.invoice_created"
    data = payload["data"]
    assert data["administration_id"] == hooks.tenant.id
    assert data["occurrence"] == {
        "recurrence_id": made["id"],
        "occurrence_date": "2026-02-01",
        "outcome": "created",
        "detail": None,
        "mail_id": None,
    }
    assert (data["invoice"]["id"], data["invoice"]["number"], data["invoice"]["status"]) == (
        created["id"],
        created["number"],
        "final",
    )
    assert data["invoice"]["total"] == "121.00"


async def test_a_recurrence_in_notify_mode_emits_recurrence_due(
    hooks: Hooks, receiver: Receiver, allow_private: Settings
) -> None:
    invoice = await base_invoice(hooks.client)
    made = await recurrence(
        hooks.client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-02-01",
        day_of_month=5,
        automation="notify",
    )
    endpoint = await hooks.endpoint(receiver.url)
    await run_due(hooks.client, "2026-02-10")
    await hooks.deliver_all()
    [payload] = payloads(receiver, endpoint)
    assert payload["type"] == "recurrence.due"
    occurrence = payload["data"]["occurrence"]
    assert (occurrence["recurrence_id"], occurrence["occurrence_date"], occurrence["outcome"]) == (
        made["id"],
        "2026-02-05",
        "due",
    )
    assert payload["data"]["invoice"] is None


async def test_event_filters_choose_what_each_endpoint_receives(
    hooks: Hooks, allow_private: Settings
) -> None:
    everything, paid_only = Receiver(), Receiver()
    everything.start()
    paid_only.start()
    try:
        all_events = await hooks.endpoint(everything.url)
        paid = await hooks.endpoint(paid_only.url, events=["invoice.paid"])
        final = await finalized_invoice(hooks.client)
        await hooks.client.patch(
            f"/v1/invoices/{final['id']}/payment", json={"payment_status": "paid"}
        )
        await hooks.deliver_all()
        assert sorted(p["type"] for p in payloads(everything, all_events)) == [
            "invoice.finalized",
            "invoice.paid",
            "payment.created",
        ]
        assert [p["type"] for p in payloads(paid_only, paid)] == ["invoice.paid"]
    finally:
        everything.stop()
        paid_only.stop()


async def test_events_stay_in_their_administration(
    app: Any,
    http: httpx.AsyncClient,
    hooks: Hooks,
    receiver: Receiver,
    allow_private: Settings,
) -> None:
    async with new_tenant(app, http) as other:
        theirs = Receiver()
        theirs.start()
        try:
            response = await other.client.post("/v1/webhook-endpoints", json={"url": theirs.url})
            assert response.status_code == 201
            mine = await hooks.endpoint(receiver.url)
            await finalized_invoice(hooks.client)
            await hooks.deliver_all()
            await Hooks(other.client, hooks.db, hooks.settings, other).deliver_all()
            assert [p["type"] for p in payloads(receiver, mine)] == ["invoice.finalized"]
            assert theirs.received == []
            assert_foreign = await hooks.client.get(
                f"/v1/webhook-endpoints/{response.json()['id']}/deliveries"
            )
            assert assert_foreign.status_code == 404
        finally:
            theirs.stop()


async def test_without_endpoints_nothing_is_written(
    client: httpx.AsyncClient, db: Database, tenant: Tenant
) -> None:
    final = await finalized_invoice(client)
    await client.patch(f"/v1/invoices/{final['id']}/payment", json={"payment_status": "paid"})
    async with db.transaction(write=False) as session:
        count = await session.scalar(
            select(func.count())
            .select_from(WebhookEvent)
            .where(WebhookEvent.administration_id == tenant.id)
        )
    assert count == 0
