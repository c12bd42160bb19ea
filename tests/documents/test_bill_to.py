"""The "bill to" block of PDFs made through the API: the buyer's KvK number below its VAT number,
in the administration's language and every layout, frozen with the final invoice; the country
names of the e-invoice codes 1A and XI."""

from __future__ import annotations

import httpx
import pytest

from tests.support.factories import (
    create_company,
    create_customer,
    create_invoice,
    finalize_draft,
)
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.anyio

BUYER_VAT = "DE136695976"
BUYER_KVK = "87654321"  # the seller's (the test administration's) is 12345678


async def preview_lines(
    client: httpx.AsyncClient, invoice_id: str, pdf_template_id: str | None = None
) -> list[str]:
    params = {"pdf_template_id": pdf_template_id} if pdf_template_id else {}
    response = await client.get(f"/v1/invoices/{invoice_id}/preview.pdf", params=params)
    assert response.status_code == 200, response.text
    return pdf_text(response.content).splitlines()


def follows(lines: list[str], first: str, second: str) -> bool:
    """`second` is printed on the line right after `first`."""
    return first in lines and lines[lines.index(first) + 1 :][:1] == [second]


@pytest.mark.parametrize("layout", ["classic", "modern"])
async def test_buyers_kvk_number_is_printed_below_its_vat_number(
    client: httpx.AsyncClient, layout: str
) -> None:
    template = await client.post("/v1/pdf-templates", json={"name": layout, "layout": layout})
    customer = await create_customer(
        client, name="Bouwbedrijf Noord", vat_number=BUYER_VAT, kvk_number=BUYER_KVK
    )
    invoice = await create_invoice(client, customer_id=customer["id"])

    lines = await preview_lines(client, invoice["id"], template.json()["id"])

    assert follows(lines, f"BTW-nummer: {BUYER_VAT}", f"KvK-nummer: {BUYER_KVK}"), lines
    assert "KvK-nummer 12345678" in lines  # the seller's, in its own block


async def test_english_invoice_uses_the_english_label(client: httpx.AsyncClient) -> None:
    await client.patch("/v1/administration", json={"locale": "en"})
    customer = await create_customer(client, vat_number=BUYER_VAT, kvk_number=BUYER_KVK)
    invoice = await create_invoice(client, customer_id=customer["id"])

    lines = await preview_lines(client, invoice["id"])

    vat, kvk = f"VAT number: {BUYER_VAT}", f"Chamber of Commerce no.: {BUYER_KVK}"
    assert follows(lines, vat, kvk), lines


async def test_kvk_number_without_vat_number_is_printed_alone(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, kvk_number=BUYER_KVK)
    invoice = await create_invoice(client, customer_id=customer["id"])

    lines = await preview_lines(client, invoice["id"])

    assert f"KvK-nummer: {BUYER_KVK}" in lines
    assert not any(line.startswith("BTW-nummer:") for line in lines)


async def test_buyer_without_kvk_number_prints_none(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, vat_number=BUYER_VAT)
    invoice = await create_invoice(client, customer_id=customer["id"])

    lines = await preview_lines(client, invoice["id"])

    assert f"BTW-nummer: {BUYER_VAT}" in lines
    assert not any(line.startswith("KvK-nummer:") for line in lines)


async def test_customer_of_a_company_is_billed_with_the_companys_kvk_number_first(
    client: httpx.AsyncClient,
) -> None:
    company = await create_company(client, kvk_number="11112222")
    with_company = await create_customer(client, company_id=company["id"], kvk_number="33334444")
    bare_company = await create_company(client)
    falls_back = await create_customer(client, company_id=bare_company["id"], kvk_number="33334444")

    first = await create_invoice(client, customer_id=with_company["id"])
    second = await create_invoice(client, customer_id=falls_back["id"])

    assert "KvK-nummer: 11112222" in await preview_lines(client, first["id"])
    assert "KvK-nummer: 33334444" in await preview_lines(client, second["id"])


async def test_final_invoice_prints_the_kvk_number_it_was_finalised_with(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client, kvk_number=BUYER_KVK)
    final = await finalize_draft(
        client, (await create_invoice(client, customer_id=customer["id"]))["id"]
    )
    # Changed after finalising: the stored PDF keeps the number the invoice was made out to.
    await client.patch(f"/v1/customers/{customer['id']}", json={"kvk_number": "99998888"})

    stored = await client.get(final["documents"][0]["content_url"])

    text = pdf_text(stored.content)
    assert f"KvK-nummer: {BUYER_KVK}" in text
    assert "99998888" not in text


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
        ("1A", "Kosovo"),
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
