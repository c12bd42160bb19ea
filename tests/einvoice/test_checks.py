"""The check before finalising reports what a receiver of the e-invoice would reject, and
finalising refuses it with nothing changed: the profile's Dutch rules (NL-R-004, NL-R-007) and
what each zero-VAT treatment requires."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import create_company, create_customer, create_invoice, finalize

pytestmark = pytest.mark.anyio


async def check_of(client: httpx.AsyncClient, invoice: dict[str, Any]) -> dict[str, Any]:
    response = await client.get(f"/v1/invoices/{invoice['id']}/check")
    assert response.status_code == 200
    return dict(response.json())


def problems(check: dict[str, Any], severity: str) -> dict[str, str | None]:
    return {p["code"]: p["field"] for p in check["problems"] if p["severity"] == severity}


async def assert_refused_and_still_a_draft(
    client: httpx.AsyncClient, invoice: dict[str, Any], code: str
) -> None:
    body = assert_problem(await finalize(client, invoice["id"]), 422)
    assert code in str(body)
    after = (await client.get(f"/v1/invoices/{invoice['id']}")).json()
    assert (after["status"], after["number"]) == ("draft", None)


async def test_dutch_business_buyer_needs_a_full_address(client: httpx.AsyncClient) -> None:
    company = await create_company(client, kvk_number="87654321", address={"city": "Rotterdam"})
    invoice = await create_invoice(client, company_id=company["id"])

    check = await check_of(client, invoice)
    assert problems(check, "error")["einvoice_buyer_address"] == "company.address"
    assert "NL-R-004" in str(check)
    await assert_refused_and_still_a_draft(client, invoice, "einvoice_buyer_address")


async def test_dutch_consumer_without_address_is_only_a_warning(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, address={"country": "NL"})
    invoice = await create_invoice(client, customer_id=customer["id"])

    check = await check_of(client, invoice)
    assert "missing_address" in problems(check, "warning")
    assert check["ok"] is True


async def test_peppol_invoice_needs_an_iban_a_consumer_invoice_does_not(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.patch("/v1/administration", json={"iban": None})).status_code == 200
    business = await create_company(
        client,
        kvk_number="87654321",
        address={"street": "Markt 1", "postal_code": "3011 AB", "city": "Rotterdam"},
    )
    consumer = await create_customer(client)

    to_business = await create_invoice(client, company_id=business["id"])
    assert problems(await check_of(client, to_business), "error")["no_iban"] == (
        "administration.iban"
    )
    await assert_refused_and_still_a_draft(client, to_business, "no_iban")

    to_consumer = await create_invoice(client, customer_id=consumer["id"])
    assert "no_iban" in problems(await check_of(client, to_consumer), "warning")


async def test_small_business_scheme_refuses_charged_vat(client: httpx.AsyncClient) -> None:
    assert (
        await client.patch("/v1/administration", json={"small_business_scheme": True})
    ).status_code == 200
    customer = await create_customer(client)
    invoice = await create_invoice(
        client,
        customer_id=customer["id"],
        lines=[
            {"description": "Les", "unit_price": "25", "vat_rate": "exempt"},
            {"description": "Boek", "unit_price": "10", "vat_rate": "9"},
        ],
    )

    check = await check_of(client, invoice)
    assert problems(check, "error") == {"vat_under_small_business_scheme": "lines[1].vat_rate"}
    await assert_refused_and_still_a_draft(client, invoice, "vat_under_small_business_scheme")


async def test_intra_community_supply_needs_a_vat_number_and_an_eu_buyer_abroad(
    client: httpx.AsyncClient,
) -> None:
    goods = [{"description": "Warmtepomp", "unit_price": "4000", "vat_rate": "intra_community"}]
    dutch = await create_company(
        client,
        vat_number="NL123456782B01",
        address={"street": "Markt 1", "postal_code": "3011 AB", "city": "Rotterdam"},
    )
    invoice = await create_invoice(client, company_id=dutch["id"], lines=goods)
    assert problems(await check_of(client, invoice), "error") == {
        "intra_community_buyer_country": "company.address.country"
    }

    german_without_vat = await create_company(
        client,
        address={
            "street": "Hauptstraße 5",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )
    invoice = await create_invoice(client, company_id=german_without_vat["id"], lines=goods)
    assert problems(await check_of(client, invoice), "error") == {
        "intra_community_without_vat_number": "company.vat_number"
    }
    await assert_refused_and_still_a_draft(client, invoice, "intra_community_without_vat_number")


async def test_export_to_a_buyer_inside_the_eu_is_a_warning(client: httpx.AsyncClient) -> None:
    belgian = await create_customer(
        client,
        address={
            "street": "Rue Neuve 1",
            "postal_code": "1000",
            "city": "Bruxelles",
            "country": "BE",
        },
    )
    invoice = await create_invoice(
        client,
        customer_id=belgian["id"],
        lines=[{"description": "Machine", "unit_price": "900", "vat_rate": "export"}],
    )
    check = await check_of(client, invoice)
    assert "export_buyer_in_eu" in problems(check, "warning")
    assert check["ok"] is True
