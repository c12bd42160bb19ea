"""Open invoices for the receivables and statement tests, made through the HTTP API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from app import clock
from tests.support.factories import create_invoice, finalize_draft

TODAY = date(2026, 12, 4)


@contextmanager
def today_is(day: date = TODAY, hour_utc: int = 11) -> Iterator[None]:
    """Pin the clock to `day` at `hour_utc` (UTC)."""
    now = datetime(day.year, day.month, day.day, hour_utc, tzinfo=UTC)
    clock.set_clock(lambda: now)
    try:
        yield
    finally:
        clock.set_clock(None)


async def final_invoice(
    client: httpx.AsyncClient,
    *,
    due: date,
    price: str = "100.00",
    customer_id: str | None = None,
    company_id: str | None = None,
) -> dict[str, Any]:
    """A final invoice of one line at 21% VAT (100.00 -> 121.00), dated 30 days before `due`."""
    party = {"customer_id": customer_id} if customer_id else {"company_id": company_id}
    draft = await create_invoice(
        client,
        **party,
        invoice_date=(due - timedelta(days=30)).isoformat(),
        due_date=due.isoformat(),
        lines=[{"description": "Werk", "quantity": "1", "unit_price": price, "vat_rate": "21"}],
    )
    return await finalize_draft(client, draft["id"])


async def pay(client: httpx.AsyncClient, invoice_id: str, amount: str, day: date) -> None:
    response = await client.post(
        f"/v1/invoices/{invoice_id}/payments",
        json={"amount": amount, "date": day.isoformat(), "method": "bank"},
    )
    assert response.status_code == 201, response.text
