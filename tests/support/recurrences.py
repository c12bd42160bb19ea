"""Recurring invoices through the API: a base invoice, a recurrence of it, and running the
recurrences due on a day."""

from __future__ import annotations

from typing import Any

import httpx

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


async def recurrence(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await client.post("/v1/recurrences", json=fields)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def run_due(client: httpx.AsyncClient, day: str) -> dict[str, Any]:
    response = await client.post("/v1/recurrences/run-due", json={"date": day})
    assert response.status_code == 200, response.text
    return dict(response.json())
