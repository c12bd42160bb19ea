"""Reminders through the API: overdue final invoices for consumers and businesses, running the
reminders due on a day, and reading back what a reminder mail and its letter say."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from tests.support.factories import create_customer, create_invoice, finalize_draft
from tests.support.pdf import pdf_text
from tests.support.recurrences import on
from tests.support.smtp import Received

INVOICE_DATE = "2026-01-05"
DUE_DATE = "2026-01-19"


def after_due(days: int, due: str = DUE_DATE) -> str:
    return (date.fromisoformat(due) + timedelta(days=days)).isoformat()


async def overdue_invoice(
    client: httpx.AsyncClient,
    *,
    amount: str = "100.00",
    vat_rate: str = "21",
    quantity: str = "1",
    customer_id: str | None = None,
    invoice_date: str = INVOICE_DATE,
    due_date: str = DUE_DATE,
    **customer: Any,
) -> dict[str, Any]:
    """A final invoice (finalised on its date, delivered by none) of one line of `amount`, for
    a new customer made with `customer` (a consumer unless it has a VAT or KvK number)."""
    if customer_id is None:
        customer_id = (await create_customer(client, **customer))["id"]
    draft = await create_invoice(
        client,
        customer_id=customer_id,
        invoice_date=invoice_date,
        due_date=due_date,
        lines=[
            {
                "description": "Onderhoud cv-ketel",
                "quantity": quantity,
                "unit_price": amount,
                "vat_rate": vat_rate,
            }
        ],
    )
    with on(invoice_date):
        return await finalize_draft(client, draft["id"])


async def run_reminders(client: httpx.AsyncClient, day: str) -> dict[str, Any]:
    response = await client.post("/v1/reminders/run-due", json={"date": day})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def reminders_of(client: httpx.AsyncClient, invoice_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/invoices/{invoice_id}/reminders")
    assert response.status_code == 200, response.text
    return dict(response.json())


def mail_parts(received: Received) -> tuple[str, str, dict[str, bytes]]:
    """Subject, plain text and attachments (by file name) of a received mail."""
    message = received.message
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    attachments = {
        part.get_filename() or "": part.get_payload(decode=True)
        for part in message.iter_attachments()
    }
    subject = str(message["Subject"])
    return subject, text, attachments


def letter_text(attachments: dict[str, bytes]) -> str:
    """The text of the reminder letter among a mail's attachments (the one that is not the
    invoice itself)."""
    letters = [
        data for name, data in attachments.items() if not name.startswith(("factuur-", "invoice-"))
    ]
    assert len(letters) == 1, list(attachments)
    return pdf_text(letters[0])
