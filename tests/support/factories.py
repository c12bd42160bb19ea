"""Typed factories that make test data through the real HTTP API, and the finalize action."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

OPERATOR_TOKEN = "operator-test-token-0123456789"
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}

ADMINISTRATION: dict[str, Any] = {
    "name": "Testbedrijf B.V.",
    "address": {"street": "Keizersgracht 1", "postal_code": "1015CJ", "city": "Amsterdam"},
    "kvk_number": "12345678",
    "vat_number": "NL004495445B01",
    "iban": "NL91ABNA0417164300",
    "bic": "ABNANL2A",
    "sender_email": "facturen@testbedrijf.nl",
    "owner_email": "eigenaar@testbedrijf.nl",
}


@dataclass
class Tenant:
    administration: dict[str, Any]
    api_key: str
    client: httpx.AsyncClient

    @property
    def id(self) -> str:
        return str(self.administration["id"])


# The suite's clients ask for English texts, which its assertions quote; tests/test_i18n.py
# checks the Dutch default.
ENGLISH = {"Accept-Language": "en"}


def _client(app: Any, api_key: str | None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    headers |= ENGLISH
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=headers
    )


@asynccontextmanager
async def new_tenant(app: Any, http: httpx.AsyncClient, **overrides: Any) -> AsyncIterator[Tenant]:
    response = await http.post(
        "/v1/administrations", json=ADMINISTRATION | overrides, headers=OPERATOR
    )
    assert response.status_code == 201, response.text
    body = response.json()
    async with _client(app, body["api_key"]) as client:
        yield Tenant(body["administration"], body["api_key"], client)


@asynccontextmanager
async def client_with_key(app: Any, api_key: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app, api_key) as client:
        yield client


async def create_company(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"name": "Bakkerij de Krakeling", "email": "admin@krakeling.nl"} | fields
    response = await client.post("/v1/companies", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def create_customer(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Jan de Vries",
        "email": "jan@devries.nl",
        "address": {"street": "Dorpsstraat 12", "postal_code": "3511 AB", "city": "Utrecht"},
    } | fields
    response = await client.post("/v1/customers", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


LINE = {
    "description": "Onderhoud cv-ketel",
    "quantity": "1",
    "unit": "stuk",
    "unit_price": "100.00",
    "vat_rate": "21",
}


async def create_invoice(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"lines": [LINE]} | fields
    response = await client.post("/v1/invoices", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def finalize(
    client: httpx.AsyncClient,
    invoice_id: str,
    *,
    headers: dict[str, str] | None = None,
    **body: Any,
) -> httpx.Response:
    """POST the finalize action for `invoice_id` with `body` as its JSON (`{}` when empty)."""
    return await client.post(f"/v1/invoices/{invoice_id}/finalize", json=body, headers=headers)


async def finalize_draft(client: httpx.AsyncClient, invoice_id: str, **body: Any) -> dict[str, Any]:
    """Finalises an existing draft (failing the test unless it answers 200); the final invoice."""
    response = await finalize(client, invoice_id, **body)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def finalized_invoice(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """A new invoice made with `fields` (for a new customer unless one is given), finalised
    without delivery options."""
    if "customer_id" not in fields and "company_id" not in fields:
        fields["customer_id"] = (await create_customer(client))["id"]
    draft = await create_invoice(client, **fields)
    return await finalize_draft(client, draft["id"])
