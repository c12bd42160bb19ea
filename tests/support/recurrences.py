"""Recurring invoices through the API: a base invoice, a recurrence of it, and running the
recurrences due on a day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import httpx

from app import clock
from tests.support.factories import create_customer, create_invoice


async def base_invoice(client: httpx.AsyncClient, **customer: Any) -> dict[str, Any]:
    """A draft to recur, for a new customer made with `customer`; its notes use placeholders."""
    person = await create_customer(client, **({"email": "jan@devries.nl"} | customer))
    return await create_invoice(
        client,
        customer_id=person["id"],
        invoice_date="2026-01-10",
        notes="Abonnement [deze_maand_factuur] ([dit_kwartaal_factuur])",
        lines=[{"description": "Website lease per maand", "unit_price": "100", "vat_rate": "21"}],
    )


@contextmanager
def on(day: str) -> Iterator[datetime]:
    """Pin "today" to `day` (noon UTC) for the block, then put back the clock that was there."""
    before = clock._clock
    now = datetime.combine(date.fromisoformat(day), datetime.min.time().replace(hour=12), UTC)
    clock.set_clock(lambda: now)
    try:
        yield now
    finally:
        clock.set_clock(before)


async def recurrence(
    client: httpx.AsyncClient, *, created_on: str | None = None, **fields: Any
) -> dict[str, Any]:
    """A new recurrence; `created_on` saves it as if on that day (e.g. before its start date, so
    that a later run catches up occurrences that fell due while it was active)."""
    if created_on is None:
        response = await client.post("/v1/recurrences", json=fields)
    else:
        with on(created_on):
            response = await client.post("/v1/recurrences", json=fields)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def run_due(client: httpx.AsyncClient, day: str) -> dict[str, Any]:
    response = await client.post("/v1/recurrences/run-due", json={"date": day})
    assert response.status_code == 200, response.text
    return dict(response.json())
