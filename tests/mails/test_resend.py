"""E-mailing a final invoice (again): `POST /v1/invoices/{id}/mails` makes a new mail with the
documents stored at finalisation, after a deleted draft, a failed mail, or a delivery by post or
none; the same address rules and hourly limit as the mail of finalisation."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from tests.support.assertions import assert_problem
from tests.support.factories import create_customer, create_invoice, finalize_draft, new_tenant
from tests.support.mail import email_customer, send_invoice, wait_for_status
from tests.support.recurrences import base_invoice, recurrence, run_due
from tests.support.smtp import Received, SmtpServer

pytestmark = pytest.mark.anyio


def pdf_attachments(message: Received) -> list[bytes]:
    out = []
    for part in message.message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            out.append(payload)
    return out


async def stored_pdf(client: httpx.AsyncClient, invoice: dict[str, Any]) -> bytes:
    [pdf] = [d for d in invoice["documents"] if d["kind"] == "pdf"]
    response = await client.get(pdf["content_url"])
    assert response.status_code == 200
    return response.content


async def mail_again(client: httpx.AsyncClient, invoice_id: str, **body: Any) -> httpx.Response:
    return await client.post(f"/v1/invoices/{invoice_id}/mails", json=body)


async def test_mail_again_after_the_draft_mail_was_deleted(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    customer = await email_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    final = await finalize_draft(client, draft["id"], action="edit")
    deleted = await client.delete(f"/v1/mails/{final['mail']['id']}")
    assert deleted.status_code == 204

    response = await mail_again(client, final["id"], action="send")
    assert response.status_code == 201, response.text
    mail = response.json()
    assert mail["status"] == "queued"
    assert mail["invoice_id"] == final["id"]
    # The defaults of GET .../delivery: every default recipient as To, the default template.
    delivery = (await client.get(f"/v1/invoices/{final['id']}/delivery")).json()
    assert mail["to"] == [r["address"] for r in delivery["default_recipients"]]
    assert mail["subject"] == f"Factuur {final['number']} van Testbedrijf B.V."
    done = await wait_for_status(client, mail["id"], "sent", "failed")
    assert done["status"] == "sent"
    [received] = outbox.messages
    assert pdf_attachments(received) == [await stored_pdf(client, final)]


async def test_mail_again_after_a_failed_mail_keeps_the_history(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    outbox.handler.rcpt_replies["jan@devries.nl"] = "550 5.1.1 No such user here"
    final = await send_invoice(client, ["jan@devries.nl"])
    failed = await wait_for_status(client, final["mail"]["id"], "sent", "failed")
    assert failed["status"] == "failed"

    response = await mail_again(
        client, final["id"], action="send", recipients={"to": ["boekhouding@devries.nl"]}
    )
    assert response.status_code == 201, response.text
    again = await wait_for_status(client, response.json()["id"], "sent", "failed")
    assert again["status"] == "sent"
    listed = (await client.get(f"/v1/invoices/{final['id']}/mails")).json()["data"]
    assert sorted((m["id"], m["status"]) for m in listed) == sorted(
        [(failed["id"], "failed"), (again["id"], "sent")]
    )
    [received] = outbox.messages
    assert received.rcpt_tos == ["boekhouding@devries.nl"]


async def test_mail_an_invoice_finalised_without_delivery_with_its_stored_pdf(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    customer = await create_customer(client, delivery_method="none")
    draft = await create_invoice(client, customer_id=customer["id"])
    final = await finalize_draft(client, draft["id"])
    assert final["delivery_method"] == "none"
    assert final["mail"] is None
    # GET .../delivery offers the mail of a final invoice whatever its method.
    delivery = (await client.get(f"/v1/invoices/{final['id']}/delivery")).json()
    assert [r["address"] for r in delivery["default_recipients"]] == ["jan@devries.nl"]
    assert delivery["email_templates"]

    response = await mail_again(client, final["id"], action="edit")
    assert response.status_code == 201, response.text
    mail = response.json()
    assert mail["status"] == "draft"
    pdf_ids = [d["id"] for d in final["documents"] if d["kind"] == "pdf"]
    assert mail["attachments"] == pdf_ids  # the stored document, not a new one
    sent = await client.post(f"/v1/mails/{mail['id']}/send")
    assert sent.status_code == 200, sent.text
    done = await wait_for_status(client, mail["id"], "sent", "failed")
    assert done["status"] == "sent"

    [received] = outbox.messages
    [attached] = pdf_attachments(received)
    stored = await stored_pdf(client, final)
    document = (await client.get(f"/v1/documents/{pdf_ids[0]}")).json()
    assert attached == stored
    assert hashlib.sha256(attached).hexdigest() == document["sha256"]
    documents = (await client.get(f"/v1/invoices/{final['id']}/documents")).json()["data"]
    assert len(documents) == len(final["documents"])  # nothing was rendered again


async def test_a_draft_invoice_is_not_mailed(client: httpx.AsyncClient) -> None:
    customer = await email_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    body = assert_problem(await mail_again(client, draft["id"], action="send"), 409)
    assert body["code"] == "invoice_is_draft"
    assert (await client.get(f"/v1/invoices/{draft['id']}/mails")).json()["data"] == []


async def test_unknown_template_and_unknown_recipient_are_422(client: httpx.AsyncClient) -> None:
    customer = await email_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    final = await finalize_draft(client, draft["id"], action="edit")

    body = assert_problem(
        await mail_again(client, final["id"], action="send", email_template_id="emlt_nope"), 422
    )
    assert ["body", "email_template_id"] in [e["loc"] for e in body["errors"]]
    body = assert_problem(
        await mail_again(
            client, final["id"], action="send", recipients={"to": ["vreemde@example.com"]}
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "recipients", "to", 0]
    assert body["errors"][0]["type"] == "unknown_address"
    body = assert_problem(await mail_again(client, final["id"]), 422)
    assert ["body", "action"] in [e["loc"] for e in body["errors"]]
    listed = (await client.get(f"/v1/invoices/{final['id']}/mails")).json()["data"]
    assert [m["id"] for m in listed] == [final["mail"]["id"]]


async def test_the_same_idempotency_key_makes_one_mail(client: httpx.AsyncClient) -> None:
    customer = await email_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    final = await finalize_draft(client, draft["id"], action="edit")
    headers = {"Idempotency-Key": "resend-1"}
    url = f"/v1/invoices/{final['id']}/mails"
    first = await client.post(url, json={"action": "edit"}, headers=headers)
    second = await client.post(url, json={"action": "edit"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    listed = (await client.get(f"/v1/invoices/{final['id']}/mails")).json()["data"]
    assert len(listed) == 2


@pytest.fixture
async def limited(settings: Settings) -> AsyncIterator[Any]:
    app = create_app(settings.model_copy(update={"mail_limit_per_hour": 1}))
    async with app.router.lifespan_context(app):
        yield app


async def test_the_hourly_mail_limit_applies(limited: Any) -> None:
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        async with new_tenant(limited, http) as tenant:
            client = tenant.client
            customer = await email_customer(client)
            draft = await create_invoice(client, customer_id=customer["id"])
            final = await finalize_draft(client, draft["id"], action="send")  # the one mail
            blocked = await mail_again(client, final["id"], action="send")
            assert_problem(blocked, 429)
            assert int(blocked.headers["retry-after"]) >= 1
            # A draft to edit is not queued, so it does not count.
            assert (await mail_again(client, final["id"], action="edit")).status_code == 201
            statuses = [
                m["status"]
                for m in (await client.get(f"/v1/invoices/{final['id']}/mails")).json()["data"]
            ]
            assert sorted(statuses) == ["draft", "queued"]


async def test_mail_an_invoice_made_by_a_create_recurrence(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    """ "Aanmaken, niets versturen": the recurrence makes a final invoice and mails nothing; the
    user mails it afterwards, with the PDF stored when it was made."""
    base = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2026-01-15",
        base_invoice_id=base["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create",
    )
    await run_due(client, "2026-02-01")
    listed = (await client.get("/v1/invoices", params={"status": "final"})).json()["data"]
    [final] = [i for i in listed if i["id"] != base["id"]]
    assert made["automation"] == "create"
    assert (await client.get(f"/v1/invoices/{final['id']}/mails")).json()["data"] == []

    response = await mail_again(client, final["id"], action="send")
    assert response.status_code == 201, response.text
    done = await wait_for_status(client, response.json()["id"], "sent", "failed")
    assert done["status"] == "sent"
    # The run also told the owner about the new invoice; the customer's mail is the resent one.
    [received] = [m for m in outbox.messages if "jan@devries.nl" in m.rcpt_tos]
    [attached] = pdf_attachments(received)
    full = (await client.get(f"/v1/invoices/{final['id']}")).json()
    assert attached == await stored_pdf(client, full)
