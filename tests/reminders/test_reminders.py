"""Reminders end to end over HTTP, with mail through a real SMTP server and the letters read
back from their PDFs: a consumer's herinnering and 14-day letter with the statutory costs, a
business without costs unless the policy claims them, and nothing for paid or paused invoices."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.reminders import law
from tests.support.factories import create_customer, create_invoice, new_tenant
from tests.support.mail import wait_for_status
from tests.support.pdf import pdf_text
from tests.support.recurrences import on
from tests.support.reminders import (
    after_due,
    letter_text,
    mail_parts,
    overdue_invoice,
    reminders_of,
    run_reminders,
)
from tests.support.smtp import Received, SmtpServer

pytestmark = pytest.mark.anyio


def flat(text: str) -> str:
    """Text with its line breaks (the PDF's wrapping) as single spaces."""
    return " ".join(text.split())


def received(server: SmtpServer, subject: str) -> Received:
    [message] = [m for m in server.messages if str(m.message["Subject"]) == subject]
    return message


async def document(client: httpx.AsyncClient, document_id: str) -> bytes:
    response = await client.get(f"/v1/documents/{document_id}/content")
    assert response.status_code == 200, response.text
    return response.content


async def test_consumer_gets_herinnering_then_fourteen_day_letter_with_the_costs(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    invoice = await overdue_invoice(client, amount="100.00")  # 121.00 with VAT
    number = invoice["number"]
    assert (await run_reminders(client, after_due(6)))["reminders"] == []

    [first] = (await run_reminders(client, after_due(7)))["reminders"]
    assert (first["step"], first["kind"], first["consumer"]) == (1, "reminder", True)
    assert first["collection_costs"] is None
    assert first["total_claimed"] == "121.00"
    await wait_for_status(client, first["mail_id"], "sent")
    _, text, attachments = mail_parts(received(outbox, f"Herinnering: factuur {number}"))
    # The original invoice is attached as stored, next to the letter.
    stored = next(d for d in invoice["documents"] if d["kind"] == "pdf")
    assert attachments[stored["filename"]] == await document(client, stored["id"])
    letter = flat(letter_text(attachments))
    assert "Betalingsherinnering" in letter
    assert f"Betreft: factuur {number}" in letter
    assert "€ 121,00" in letter
    assert "7 dagen over de vervaldatum" in flat(text)
    for words in (letter, flat(text)):
        assert "incassokosten" not in words.lower()

    [second] = (await run_reminders(client, after_due(21)))["reminders"]
    assert (second["step"], second["kind"]) == (2, "fourteen_day_letter")
    assert (second["collection_costs"], second["collection_costs_vat"]) == ("40.00", "0.00")
    assert second["costs_charged"] is False
    # Sent by e-mail on Monday 9 February 2026: received that day, 14 days from the 10th.
    assert second["letter_date"] == "2026-02-09"
    assert second["payment_deadline_date"] == "2026-02-23"
    assert second["costs_from_date"] == "2026-02-24"
    await wait_for_status(client, second["mail_id"], "sent")
    _, text, attachments = mail_parts(received(outbox, f"Tweede herinnering: factuur {number}"))
    letter = flat(letter_text(attachments))
    for words in (letter, flat(text)):
        assert "binnen veertien dagen, te rekenen vanaf de dag nadat u deze brief heeft" in words
        assert "de termijn aan het einde van 23 februari 2026" in words
        assert "incassokosten verschuldigd van € 40,00" in words
        assert "Over de incassokosten wordt geen btw berekend." in words
        assert "in totaal € 161,00 verschuldigd" in words
    # Both reminders are listed with the invoice, as stored.
    state = await reminders_of(client, invoice["id"])
    assert [r["step"] for r in state["reminders"]] == [1, 2]
    assert state["last_step"] == 2


async def test_final_notice_waits_for_the_letters_deadline_then_charges_the_costs(
    client: httpx.AsyncClient,
) -> None:
    invoice = await overdue_invoice(client, amount="3000.00", vat_rate="0")
    [letter] = (await run_reminders(client, after_due(21)))["reminders"]
    assert letter["kind"] == "fourteen_day_letter"
    assert letter["collection_costs"] == "425.00"
    # +35 is 23 February, the letter's last day to pay: no costs yet, nothing made.
    assert (await run_reminders(client, after_due(35)))["reminders"] == []
    assert (await reminders_of(client, invoice["id"]))["next_reminder_date"] == "2026-02-24"
    [notice] = (await run_reminders(client, "2026-02-24"))["reminders"]
    assert (notice["kind"], notice["costs_charged"]) == ("final_notice", True)
    assert (notice["collection_costs"], notice["total_claimed"]) == ("425.00", "3425.00")
    text = flat(pdf_text(await document(client, notice["document_id"])))
    assert "Aanmaning" in text
    assert "wij u nu de incassokosten van € 425,00 in rekening" in text
    assert "Nu te betalen € 3.425,00" in text
    mail = (await client.get(f"/v1/mails/{notice['mail_id']}")).json()
    assert mail["subject"] == f"Aanmaning: factuur {invoice['number']}"
    assert "incassokosten van € 425,00" in flat(mail["body"])


@pytest.mark.parametrize(
    ("amount", "quantity", "vat_rate", "costs", "shown"),
    [
        ("100.00", "1", "21", "40.00", "€ 40,00"),  # 15% of 121.00 is 18.15: the minimum
        ("2500.00", "1", "0", "375.00", "€ 375,00"),
        ("12345.67", "1", "0", "898.46", "€ 898,46"),  # 375 + 250 + 250 + 1% of 2,345.67
        ("250000.00", "1", "0", "3025.00", "€ 3.025,00"),  # 2,775 + 0.5% of 50,000
        ("1000000.00", "2", "0", "6775.00", "€ 6.775,00"),  # 2,000,000: the maximum
    ],
    ids=["minimum", "2500", "12345.67", "250000", "maximum"],
)
async def test_the_letter_states_the_statutory_scale(
    client: httpx.AsyncClient,
    amount: str,
    quantity: str,
    vat_rate: str,
    costs: str,
    shown: str,
) -> None:
    invoice = await overdue_invoice(client, amount=amount, quantity=quantity, vat_rate=vat_rate)
    [letter] = (await run_reminders(client, after_due(21)))["reminders"]
    assert letter["kind"] == "fourteen_day_letter"
    assert letter["principal"] == invoice["totals"]["total"]
    assert (letter["collection_costs"], letter["collection_costs_vat"]) == (costs, "0.00")
    mail = (await client.get(f"/v1/mails/{letter['mail_id']}")).json()
    pdf = flat(pdf_text(await document(client, letter["document_id"])))
    for words in (pdf, flat(mail["body"])):
        assert f"incassokosten verschuldigd van {shown}," in words
        assert "Over de incassokosten wordt geen btw berekend." in words


async def test_vat_is_added_to_the_costs_when_the_creditor_cannot_deduct_it(
    client: httpx.AsyncClient,
) -> None:
    response = await client.put("/v1/reminder-policy", json={"creditor_deducts_vat": False})
    assert response.status_code == 200, response.text
    await overdue_invoice(client, amount="3000.00", vat_rate="0")
    [letter] = (await run_reminders(client, after_due(21)))["reminders"]
    assert (letter["collection_costs"], letter["collection_costs_vat"]) == ("425.00", "89.25")
    pdf = flat(pdf_text(await document(client, letter["document_id"])))
    assert "daarom wordt over de incassokosten € 89,25 btw berekend: in totaal € 514,25" in pdf


async def test_business_gets_its_reminders_without_costs(client: httpx.AsyncClient) -> None:
    invoice = await overdue_invoice(client, amount="1000.00", kvk_number="87654321")
    made = []
    for days in (7, 21, 35):
        made += (await run_reminders(client, after_due(days)))["reminders"]
    assert [(r["step"], r["kind"], r["consumer"]) for r in made] == [
        (1, "reminder", False),
        (2, "fourteen_day_letter", False),
        (3, "final_notice", False),
    ]
    for reminder in made:
        assert reminder["collection_costs"] is None
        assert reminder["compensation"] is None
        assert reminder["interest"] is None
        assert reminder["total_claimed"] == "1210.00"
        pdf = flat(pdf_text(await document(client, reminder["document_id"])))
        mail = (await client.get(f"/v1/mails/{reminder['mail_id']}")).json()
        for words in (pdf, flat(mail["body"])):
            assert "incassokosten" not in words.lower()
            assert "vergoeding" not in words.lower()
    assert (await reminders_of(client, invoice["id"]))["next_reminder_date"] is None


async def test_business_is_charged_the_fixed_compensation_and_interest_when_enabled(
    client: httpx.AsyncClient,
) -> None:
    response = await client.put(
        "/v1/reminder-policy",
        json={"b2b_fixed_compensation": True, "b2b_commercial_interest": True},
    )
    assert response.status_code == 200, response.text
    # In 2025, which the dated table of commercial interest rates covers (11.15% from 1 Jan).
    await overdue_invoice(
        client,
        amount="1000.00",
        vat_number="NL004495445B01",
        invoice_date="2025-01-05",
        due_date="2025-01-19",
    )
    [herinnering] = (await run_reminders(client, "2025-01-26"))["reminders"]
    assert herinnering["compensation"] is None  # a first, friendly reminder claims nothing
    [letter] = (await run_reminders(client, "2025-02-09"))["reminders"]
    assert letter["kind"] == "fourteen_day_letter"
    assert letter["collection_costs"] is None
    assert letter["compensation"] == "40.00"
    # 1,210.00 x 11.15% x 21/365 for 20 January through 9 February.
    expected = (Decimal("1210.00") * Decimal("0.1115") * 21 / 365).quantize(Decimal("0.01"))
    assert letter["interest"] == str(expected) == "7.76"
    assert (letter["interest_from_date"], letter["interest_through_date"]) == (
        "2025-01-20",
        "2025-02-09",
    )
    assert letter["total_claimed"] == "1257.76"
    pdf = flat(pdf_text(await document(client, letter["document_id"])))
    assert "vaste vergoeding voor invorderingskosten van € 40,00" in pdf
    assert (
        "wettelijke handelsrente (art. 6:119a BW) over € 1.210,00 in rekening van "
        "20 januari 2025 tot en met 9 februari 2025: € 7,76" in pdf
    )
    assert "Nu te betalen € 1.257,76" in pdf


async def test_paid_invoice_gets_no_reminder_until_it_is_unpaid_again(
    client: httpx.AsyncClient,
) -> None:
    invoice = await overdue_invoice(client)
    paid = await client.patch(
        f"/v1/invoices/{invoice['id']}/payment", json={"payment_status": "paid"}
    )
    assert paid.status_code == 200, paid.text
    assert (await run_reminders(client, after_due(40)))["reminders"] == []
    assert (await reminders_of(client, invoice["id"]))["reminders"] == []
    unpaid = await client.patch(
        f"/v1/invoices/{invoice['id']}/payment", json={"payment_status": "unpaid"}
    )
    assert unpaid.status_code == 200, unpaid.text
    [made] = (await run_reminders(client, after_due(40)))["reminders"]
    assert made["kind"] == "fourteen_day_letter"


@pytest.mark.parametrize("action", ["send", "draft"])
async def test_an_unsent_reminder_mail_is_withdrawn_when_the_invoice_is_paid(
    client: httpx.AsyncClient, action: str
) -> None:
    steps = [{"days_after_due": 7, "kind": "reminder", "action": action}]
    assert (await client.put("/v1/reminder-policy", json={"steps": steps})).status_code == 200
    invoice = await overdue_invoice(client)
    [made] = (await run_reminders(client, after_due(7)))["reminders"]
    mail = (await client.get(f"/v1/mails/{made['mail_id']}")).json()
    assert mail["status"] == ("queued" if action == "send" else "draft")
    paid = await client.patch(
        f"/v1/invoices/{invoice['id']}/payment", json={"payment_status": "paid"}
    )
    assert paid.status_code == 200, paid.text
    assert (await client.get(f"/v1/mails/{made['mail_id']}")).status_code == 404
    [reminder] = (await reminders_of(client, invoice["id"]))["reminders"]
    assert reminder["outcome"] == "withdrawn"
    assert reminder["withdrawn_at"] is not None
    assert reminder["document_id"] == made["document_id"]  # the letter stays, as made
    mails = (await client.get(f"/v1/invoices/{invoice['id']}/mails")).json()["data"]
    assert [m for m in mails if m["kind"] == "reminder"] == []


async def test_a_sent_reminder_mail_is_not_withdrawn(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    invoice = await overdue_invoice(client)
    [made] = (await run_reminders(client, after_due(7)))["reminders"]
    await wait_for_status(client, made["mail_id"], "sent")
    paid = await client.patch(
        f"/v1/invoices/{invoice['id']}/payment", json={"payment_status": "paid"}
    )
    assert paid.status_code == 200, paid.text
    [reminder] = (await reminders_of(client, invoice["id"]))["reminders"]
    assert (reminder["outcome"], reminder["mail_id"]) == ("made", made["mail_id"])
    assert reminder["sent_at"] is not None


async def test_paused_invoice_gets_none_until_resumed(client: httpx.AsyncClient) -> None:
    invoice = await overdue_invoice(client)
    [made] = (await run_reminders(client, after_due(7)))["reminders"]
    response = await client.post(
        f"/v1/invoices/{invoice['id']}/reminders/pause", json={"reason": "Betwist: dubbel"}
    )
    assert response.status_code == 200, response.text
    state = response.json()
    assert (state["paused"], state["pause_reason"]) == (True, "Betwist: dubbel")
    # The queued herinnering had not gone out: it is withdrawn with the hold.
    assert (await client.get(f"/v1/mails/{made['mail_id']}")).status_code == 404
    assert (await run_reminders(client, after_due(40)))["reminders"] == []
    # The reason is optional, and so is the body.
    again = await client.post(f"/v1/invoices/{invoice['id']}/reminders/pause")
    assert again.status_code == 200, again.text
    assert (again.json()["paused"], again.json()["pause_reason"]) == (True, None)
    resumed = await client.post(f"/v1/invoices/{invoice['id']}/reminders/resume", json={})
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["paused"] is False
    [later] = (await run_reminders(client, after_due(40)))["reminders"]
    assert (later["step"], later["kind"]) == (2, "fourteen_day_letter")


async def test_pause_and_resume_of_what_has_no_reminders(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    invoice = await overdue_invoice(client)
    draft = await create_invoice(client, customer_id=invoice["customer_id"])
    for action in ("pause", "resume"):
        response = await client.post(f"/v1/invoices/{draft['id']}/reminders/{action}", json={})
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "reminders_not_applicable"
        missing = await client.post(f"/v1/invoices/inv_nothing/reminders/{action}", json={})
        assert missing.status_code == 404, missing.text
    credit = await client.post(f"/v1/invoices/{invoice['id']}/credit-note", json={})
    assert credit.status_code == 201, credit.text
    response = await client.post(f"/v1/invoices/{credit.json()['id']}/reminders/pause", json={})
    assert response.status_code == 409, response.text
    async with new_tenant(app, http) as other:
        for action in ("pause", "resume"):
            response = await other.client.post(
                f"/v1/invoices/{invoice['id']}/reminders/{action}", json={}
            )
            assert response.status_code == 404, response.text
        assert (
            await other.client.get(f"/v1/invoices/{invoice['id']}/reminders")
        ).status_code == 404
        # The other administration's run makes nothing of this one's invoices.
        assert (await run_reminders(other.client, after_due(40)))["reminders"] == []
    assert (await reminders_of(client, invoice["id"]))["paused"] is False
    response = await client.post(
        f"/v1/invoices/{invoice['id']}/reminders/pause", json={"reason": "x" * 1001}
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "reason"]


async def test_an_invoice_overdue_long_gets_one_reminder_not_three(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    invoice = await overdue_invoice(client, kvk_number="87654321")
    made = (await run_reminders(client, after_due(60)))["reminders"]
    # A business: no costs rule, so the latest due step itself, once.
    assert [(r["step"], r["kind"]) for r in made] == [(3, "final_notice")]
    assert (await run_reminders(client, after_due(90)))["reminders"] == []
    mails = (await client.get(f"/v1/invoices/{invoice['id']}/mails")).json()["data"]
    assert len([m for m in mails if m["kind"] == "reminder"]) == 1


async def test_user_text_is_printed_as_typed(client: httpx.AsyncClient) -> None:
    await overdue_invoice(client, name="<b>Jan</b> & <font size=90>Zn</font>")
    [made] = (await run_reminders(client, after_due(7)))["reminders"]
    pdf = flat(pdf_text(await document(client, made["document_id"])))
    assert "<b>Jan</b> & <font size=90>Zn</font>" in pdf


async def test_a_custom_template_gets_the_legal_text_added(client: httpx.AsyncClient) -> None:
    template = await client.post(
        "/v1/email-templates",
        json={
            "name": "Tweede herinnering",
            "subject": "Openstaande factuur [factuurnummer]",
            "body": "Beste [klant_naam],\n\nFactuur [factuurnummer] is nog niet betaald.",
        },
    )
    assert template.status_code == 201, template.text
    steps = [
        {"days_after_due": 7, "kind": "reminder"},
        {
            "days_after_due": 21,
            "kind": "fourteen_day_letter",
            "email_template_id": template.json()["id"],
        },
    ]
    assert (await client.put("/v1/reminder-policy", json={"steps": steps})).status_code == 200
    invoice = await overdue_invoice(client)
    [letter] = (await run_reminders(client, after_due(21)))["reminders"]
    mail = (await client.get(f"/v1/mails/{letter['mail_id']}")).json()
    assert mail["subject"] == f"Openstaande factuur {invoice['number']}"
    body = flat(mail["body"])
    assert body.startswith(f"Beste Jan de Vries, Factuur {invoice['number']} is nog niet betaald.")
    assert "incassokosten verschuldigd van € 40,00" in body


async def test_no_e_mail_address_stores_the_letter_without_a_mail(
    client: httpx.AsyncClient,
) -> None:
    invoice = await overdue_invoice(client, email=None)
    [made] = (await run_reminders(client, after_due(21)))["reminders"]
    assert (made["outcome"], made["mail_id"]) == ("not_sent", None)
    assert made["detail"] == "the customer has no e-mail address: post the letter"
    # Stored for the post: the term counts from receipt by post, two delivery days after
    # Monday 9 February (an e-mail would be received that day, with 23 February as last day).
    assert made["payment_deadline_date"] == "2026-02-25"
    pdf = flat(pdf_text(await document(client, made["document_id"])))
    assert "Ontvangt u deze brief op 11 februari 2026" in pdf
    assert (await reminders_of(client, invoice["id"]))["last_step"] == 2


async def test_reminder_sent_webhook_when_its_mail_went_out(
    client: httpx.AsyncClient, outbox: SmtpServer, allow_private: Settings
) -> None:
    endpoint = await client.post(
        "/v1/webhook-endpoints",
        json={"url": "http://127.0.0.1:9/hooks", "events": ["reminder.sent"]},
    )
    assert endpoint.status_code == 201, endpoint.text
    invoice = await overdue_invoice(client)
    [made] = (await run_reminders(client, after_due(21)))["reminders"]
    deliveries = f"/v1/webhook-endpoints/{endpoint.json()['id']}/deliveries"
    await wait_for_status(client, made["mail_id"], "sent")
    [event] = (await client.get(deliveries)).json()["data"]
    assert event["type"] == "reminder.sent"
    data = event["payload"]["data"]
    assert data["invoice"]["id"] == invoice["id"]
    reminder = data["reminder"]
    assert (reminder["id"], reminder["step"], reminder["kind"]) == (
        made["id"],
        2,
        "fourteen_day_letter",
    )
    assert (reminder["collection_costs"], reminder["payment_deadline_date"]) == (
        "40.00",
        "2026-02-23",
    )
    assert reminder["sent_at"] is not None
    [stored] = (await reminders_of(client, invoice["id"]))["reminders"]
    assert stored["sent_at"] is not None


async def test_a_part_paid_invoice_is_reminded_of_what_is_open(client: httpx.AsyncClient) -> None:
    invoice = await overdue_invoice(client, amount="3000.00", vat_rate="0")
    paid = await client.post(
        f"/v1/invoices/{invoice['id']}/payments",
        json={"amount": "1000.00", "date": "2026-01-25", "method": "bank"},
    )
    assert paid.status_code == 201, paid.text
    [letter] = (await run_reminders(client, after_due(21)))["reminders"]
    assert letter["principal"] == "2000.00"
    assert letter["collection_costs"] == "300.00"  # 15% of 2,000.00: on what is open
    pdf = flat(pdf_text(await document(client, letter["document_id"])))
    # The letter's table: amount, paid, open, days overdue.
    assert "€ 3.000,00 € 1.000,00 € 2.000,00 21" in pdf
    assert "Totaal openstaand € 2.000,00" in pdf


async def test_a_credit_note_stops_the_reminders(client: httpx.AsyncClient) -> None:
    invoice = await overdue_invoice(client)
    [made] = (await run_reminders(client, after_due(7)))["reminders"]
    credit = await client.post(f"/v1/invoices/{invoice['id']}/credit-note", json={})
    assert credit.status_code == 201, credit.text
    with on(after_due(8)):
        response = await client.post(f"/v1/invoices/{credit.json()['id']}/finalize", json={})
    assert response.status_code == 200, response.text
    assert (await client.get(f"/v1/invoices/{invoice['id']}")).json()["payment_status"] == "paid"
    # The herinnering queued before had not gone out: withdrawn.
    assert (await client.get(f"/v1/mails/{made['mail_id']}")).status_code == 404
    assert (await run_reminders(client, after_due(60)))["reminders"] == []
    [reminder] = (await reminders_of(client, invoice["id"]))["reminders"]
    assert reminder["outcome"] == "withdrawn"


async def test_interest_is_stated_only_through_the_last_day_the_rate_table_knows(
    client: httpx.AsyncClient,
) -> None:
    response = await client.put("/v1/reminder-policy", json={"b2b_commercial_interest": True})
    assert response.status_code == 200, response.text
    known = law.rates_known_through(commercial=True)
    due = known - timedelta(days=10)
    await overdue_invoice(
        client,
        amount="1000.00",
        kvk_number="87654321",
        invoice_date=(due - timedelta(days=14)).isoformat(),
        due_date=due.isoformat(),
    )
    letter_day = due + timedelta(days=21)
    [letter] = (await run_reminders(client, letter_day.isoformat()))["reminders"]
    assert letter["kind"] == "fourteen_day_letter"
    assert letter["interest_through_date"] == known.isoformat()
    assert letter["detail"] == (
        f"commercial interest stated through {known}, the last day the dated rate table knows"
    )
    expected = law.statutory_interest(
        Decimal("1210.00"), due + timedelta(days=1), known, commercial=True
    )
    assert letter["interest"] == str(expected)


async def test_small_claims_share_forty_euros_of_costs_per_half_year(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    first = await overdue_invoice(client, customer_id=customer["id"])  # 121.00 each
    [letter] = (await run_reminders(client, after_due(21)))["reminders"]
    assert (letter["invoice_id"], letter["collection_costs"]) == (first["id"], "40.00")
    # A second small claim of the same consumer two months later: its letter states no costs.
    second = await overdue_invoice(
        client,
        customer_id=customer["id"],
        invoice_date="2026-03-05",
        due_date="2026-03-19",
    )
    made = (await run_reminders(client, after_due(21, "2026-03-19")))["reminders"]
    [later] = [r for r in made if r["invoice_id"] == second["id"]]
    assert later["kind"] == "fourteen_day_letter"
    assert later["collection_costs"] is None
    assert later["payment_deadline_date"] is not None
    pdf = flat(pdf_text(await document(client, later["document_id"])))
    assert "incassokosten" not in pdf.lower()
