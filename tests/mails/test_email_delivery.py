"""Finalising with e-mail delivery, end to end through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import create_company, create_customer, create_invoice, finalize
from tests.support.mail import email_customer, wait_for_status
from tests.support.pdf import pdf_text
from tests.support.smtp import Received, SmtpServer

pytestmark = pytest.mark.anyio


def attachments(message: Received) -> list[tuple[str, bytes]]:
    out = []
    for part in message.message.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        out.append((part.get_filename() or "", payload))
    return out


async def test_delivery_lists_default_recipients_and_templates(client: httpx.AsyncClient) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    delivery = (await client.get(f"/v1/invoices/{invoice['id']}/delivery")).json()
    assert delivery["delivery_method"] == "email"
    assert [(r["address"], r["source"]) for r in delivery["default_recipients"]] == [
        ("jan@devries.nl", "customer"),
        ("administratie@krakeling.nl", "company"),
        ("boekhouding@devries.nl", "contact_detail"),
    ]
    [template] = delivery["email_templates"]
    assert template["is_default"] is True
    assert template["warnings"] == []
    assert len(template["attachments"]) == 1


async def test_default_recipients_have_no_duplicates(client: httpx.AsyncClient) -> None:
    company = await create_company(client, email="Jan@DeVries.nl")
    customer = await create_customer(
        client, email="jan@devries.nl", delivery_method="email", company_id=company["id"]
    )
    await client.post(
        f"/v1/customers/{customer['id']}/contact-details",
        json={"type": "email", "value": "JAN@devries.nl", "invoice": True},
    )
    invoice = await create_invoice(client, customer_id=customer["id"])
    delivery = (await client.get(f"/v1/invoices/{invoice['id']}/delivery")).json()
    assert [r["address"] for r in delivery["default_recipients"]] == ["jan@devries.nl"]


async def test_company_level_recipients_use_company_contact_details(
    client: httpx.AsyncClient,
) -> None:
    company = await create_company(client, email="info@krakeling.nl", delivery_method="email")
    await client.post(
        f"/v1/companies/{company['id']}/contact-details",
        json={"type": "email", "value": "crediteuren@krakeling.nl", "invoice": True},
    )
    invoice = await create_invoice(client, company_id=company["id"])
    delivery = (await client.get(f"/v1/invoices/{invoice['id']}/delivery")).json()
    assert [r["address"] for r in delivery["default_recipients"]] == [
        "info@krakeling.nl",
        "crediteuren@krakeling.nl",
    ]


async def test_finalize_send_delivers_the_pdf_and_the_mail_becomes_sent(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    response = await finalize(
        client,
        invoice["id"],
        action="send",
        recipients={
            "to": ["jan@devries.nl", "boekhouding@devries.nl"],
            "cc": ["administratie@krakeling.nl"],
            "bcc": ["eigenaar@testbedrijf.nl"],
        },
    )
    assert response.status_code == 200, response.text
    final = response.json()
    assert final["status"] == "final"
    assert final["mail"]["status"] == "queued"
    number = final["number"]
    assert final["mail"]["subject"] == f"Factuur {number} van Testbedrijf B.V."

    mail = await wait_for_status(client, final["mail"]["id"], "sent", "failed")
    assert mail["status"] == "sent", mail
    assert mail["sent_at"] is not None
    assert {d["recipient"] for d in mail["deliveries"] if d["status"] == "accepted"} == {
        "jan@devries.nl",
        "boekhouding@devries.nl",
        "administratie@krakeling.nl",
        "eigenaar@testbedrijf.nl",
    }
    [received] = outbox.messages
    message = received.message
    assert message["To"] == "jan@devries.nl, boekhouding@devries.nl"
    assert message["Cc"] == "administratie@krakeling.nl"
    assert message["Bcc"] is None
    assert b"eigenaar@testbedrijf.nl" not in received.data
    assert "eigenaar@testbedrijf.nl" in received.rcpt_tos
    assert message["Subject"] == f"Factuur {number} van Testbedrijf B.V."
    assert message["Message-ID"] == mail["message_id"]
    assert message["From"] == "facturen@testbedrijf.nl"
    body = message.get_body(("plain",))
    assert body is not None
    assert f"factuur {number}" in body.get_content()
    [(filename, pdf)] = attachments(received)
    assert filename == f"factuur-{number}.pdf"
    assert number in pdf_text(pdf)
    stored = await client.get(final["documents"][0]["content_url"])
    assert stored.content == pdf
    listed = (await client.get(f"/v1/invoices/{invoice['id']}/mails")).json()["data"]
    assert [(m["id"], m["status"]) for m in listed] == [(mail["id"], "sent")]


async def test_finalize_with_default_recipients(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (await finalize(client, invoice["id"], action="send")).json()
    assert final["mail"]["to"] == [
        "jan@devries.nl",
        "administratie@krakeling.nl",
        "boekhouding@devries.nl",
    ]
    await wait_for_status(client, final["mail"]["id"], "sent")
    assert sorted(outbox.messages[0].rcpt_tos) == sorted(final["mail"]["to"])


async def test_many_mails_at_once_each_carry_their_own_pdf(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    # Peers' users reported customers receiving each other's PDFs: send many at once and check
    # every message goes to its own customer with its own invoice.
    expected: dict[str, tuple[str, str]] = {}
    invoices = []
    for i in range(12):
        customer = await create_customer(
            client, name=f"Klant {i:02}", email=f"klant{i:02}@example.nl", delivery_method="email"
        )
        invoice = await create_invoice(
            client,
            customer_id=customer["id"],
            lines=[{"description": f"Werk voor klant {i:02}", "unit_price": str(100 + i)}],
        )
        invoices.append((invoice["id"], customer))
    results: dict[str, dict[str, Any]] = {}

    async def go(invoice_id: str) -> None:
        response = await finalize(client, invoice_id, action="send")
        assert response.status_code == 200, response.text
        results[invoice_id] = response.json()

    async with anyio.create_task_group() as group:
        for invoice_id, _ in invoices:
            group.start_soon(go, invoice_id)
    for invoice_id, customer in invoices:
        final = results[invoice_id]
        expected[customer["email"]] = (final["number"], customer["name"])
        await wait_for_status(client, final["mail"]["id"], "sent")
    assert len(outbox.messages) == len(invoices)
    for received in outbox.messages:
        [recipient] = received.rcpt_tos
        number, name = expected[recipient]
        [(_, pdf)] = attachments(received)
        text = pdf_text(pdf)
        assert number in text
        assert name in text
        assert received.message["Subject"].startswith(f"Factuur {number} ")
    assert len({number for number, _ in expected.values()}) == len(invoices)


async def test_finalize_edit_keeps_a_draft_and_the_invoice_final(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (await finalize(client, invoice["id"], action="edit")).json()
    assert final["status"] == "final"
    assert final["mail"]["status"] == "draft"
    await anyio.sleep(0.2)
    assert outbox.messages == []
    assert (await client.get(f"/v1/invoices/{invoice['id']}")).json()["status"] == "final"


async def test_unknown_recipient_is_422_and_nothing_is_final(client: httpx.AsyncClient) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    body = assert_problem(
        await finalize(
            client,
            invoice["id"],
            action="send",
            recipients={"to": ["jan@devries.nl"], "cc": ["vreemde@example.org"]},
        ),
        422,
    )
    assert body["errors"] == [
        {
            "loc": ["body", "recipients", "cc", 0],
            "msg": "vreemde@example.org is not a known address of this administration",
            "type": "unknown_address",
        }
    ]
    assert (await client.get(f"/v1/invoices/{invoice['id']}")).json()["status"] == "draft"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"recipients": {"to": ["jan@devries.nl"]}}, "action"),
        ({"action": "print"}, "action"),
        (
            {"action": "send", "email_template_id": "emlt_01J0000000000000000000000X"},
            "email_template_id",
        ),
        ({"action": "send", "recipients": {"to": []}}, "recipients"),
        ({"action": "send", "recipients": {"to": ["Jan <jan@devries.nl>"]}}, "recipients"),
    ],
    ids=["missing-action", "unknown-action", "unknown-template", "no-to", "display-name"],
)
async def test_bad_email_finalize_is_422(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    problem = assert_problem(await finalize(client, invoice["id"], **body), 422)
    assert problem["errors"][0]["loc"][1] == field, problem
    assert (await client.get(f"/v1/invoices/{invoice['id']}")).json()["status"] == "draft"


async def test_template_without_pdf_still_archives_a_document(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    template = (
        await client.post(
            "/v1/email-templates",
            json={"name": "Kaal", "subject": "Factuur [factuurnummer]", "body": "Zie portaal."},
        )
    ).json()
    assert [w["code"] for w in template["warnings"]] == ["no_pdf_attachment"]
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (
        await finalize(
            client,
            invoice["id"],
            action="send",
            email_template_id=template["id"],
            recipients={"to": ["jan@devries.nl"]},
        )
    ).json()
    assert [d["kind"] for d in final["documents"]] == ["pdf", "ubl"]
    assert final["mail"]["attachments"] == []
    await wait_for_status(client, final["mail"]["id"], "sent")
    assert attachments(outbox.messages[0]) == []


async def test_template_attaching_two_pdfs(client: httpx.AsyncClient, outbox: SmtpServer) -> None:
    admin = (await client.get("/v1/administration")).json()
    modern = (
        await client.post("/v1/pdf-templates", json={"name": "Modern", "layout": "modern"})
    ).json()
    template = (
        await client.post(
            "/v1/email-templates",
            json={
                "name": "Twee",
                "subject": "Factuur [factuurnummer]",
                "body": "Bijgaand.",
                "attachments": [admin["default_pdf_template_id"], modern["id"]],
            },
        )
    ).json()
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (
        await finalize(
            client,
            invoice["id"],
            action="send",
            email_template_id=template["id"],
            recipients={"to": ["jan@devries.nl"]},
        )
    ).json()
    number = final["number"]
    assert [d["filename"] for d in final["documents"] if d["kind"] == "pdf"] == [
        f"factuur-{number}.pdf",
        f"factuur-{number}-2.pdf",
    ]
    await wait_for_status(client, final["mail"]["id"], "sent")
    assert [name for name, _ in attachments(outbox.messages[0])] == [
        d["filename"] for d in final["documents"] if d["kind"] == "pdf"
    ]


async def test_template_can_attach_the_ubl_e_invoice(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    admin = (await client.get("/v1/administration")).json()
    template = (
        await client.post(
            "/v1/email-templates",
            json={
                "name": "Met UBL",
                "subject": "Factuur [factuurnummer]",
                "body": "Bijgaand.",
                "attachments": [admin["default_pdf_template_id"]],
                "attach_ubl": True,
            },
        )
    ).json()
    assert template["attach_ubl"] is True
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (
        await finalize(
            client,
            invoice["id"],
            action="send",
            email_template_id=template["id"],
            recipients={"to": ["jan@devries.nl"]},
        )
    ).json()
    await wait_for_status(client, final["mail"]["id"], "sent")
    names = [name for name, _ in attachments(outbox.messages[0])]
    number = final["number"]
    assert names == [f"factuur-{number}.pdf", f"factuur-{number}.xml"]
    xml = dict(attachments(outbox.messages[0]))[f"factuur-{number}.xml"]
    assert f"<cbc:ID>{number}</cbc:ID>".encode() in xml
