"""The "bill to" block of PDFs made through the API: the country names of the e-invoice codes 1A
and XI."""

from __future__ import annotations

import httpx
import pytest

from tests.support.factories import create_customer, create_invoice
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.anyio


async def preview_lines(
    client: httpx.AsyncClient, invoice_id: str, pdf_template_id: str | None = None
) -> list[str]:
    params = {"pdf_template_id": pdf_template_id} if pdf_template_id else {}
    response = await client.get(f"/v1/invoices/{invoice_id}/preview.pdf", params=params)
    assert response.status_code == 200, response.text
    return pdf_text(response.content).splitlines()


@pytest.mark.parametrize(
    ("locale", "country", "name"),
    [
        ("nl", "1A", "Kosovo"),
        ("nl", "XI", "Verenigd Koninkrijk"),  # Northern Ireland is posted to as the UK
        ("en", "1A", "Kosovo"),
        ("en", "XI", "United Kingdom"),
    ],
)
async def test_e_invoice_country_codes_print_as_country_names(
    client: httpx.AsyncClient, locale: str, country: str, name: str
) -> None:
    await client.patch("/v1/administration", json={"locale": locale})
    address = {"street": "Main Street 1", "postal_code": "BT1 5GS", "city": "X", "country": country}
    customer = await create_customer(client, address=address)
    invoice = await create_invoice(client, customer_id=customer["id"])

    assert name in await preview_lines(client, invoice["id"])


@pytest.mark.parametrize(
    ("country", "name"),
    [
        ("XI", "Verenigd Koninkrijk"),
        pytest.param(
            "1A",
            "Kosovo",
            marks=pytest.mark.xfail(
                strict=True,
                reason="app/invoices/ubl.py refuses country codes that are not two letters "
                "(_COUNTRY); the UBL rewrite of issue 15 owns that file",
            ),
        ),
    ],
)
async def test_invoice_to_an_e_invoice_country_code_finalises(
    client: httpx.AsyncClient, country: str, name: str
) -> None:
    address = {"street": "Main Street 1", "postal_code": "10000", "city": "X", "country": country}
    customer = await create_customer(client, address=address)
    invoice = await create_invoice(client, customer_id=customer["id"])

    response = await client.post(f"/v1/invoices/{invoice['id']}/finalize", json={})

    assert response.status_code == 200, response.text
    documents = response.json()["documents"]
    stored = await client.get(documents[0]["content_url"])
    assert name in pdf_text(stored.content).splitlines()
