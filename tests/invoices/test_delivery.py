"""Delivery resolution (SPEC §2) for every combination, and the check before finalising."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from app.invoices.delivery import resolve_delivery_method
from app.models.enums import DeliveryMethod, PartyLevel
from tests.support.factories import create_company, create_customer, create_invoice

pytestmark = pytest.mark.anyio

METHODS = list(DeliveryMethod)


def expected(level: str, customer: str | None, company: str | None) -> tuple[str, str]:
    """The rule, written out independently of the implementation."""
    if level == "company":
        assert company is not None
        return company, "company"
    assert customer is not None
    if customer == "none" and company is not None:
        return company, "company"
    return customer, "customer"


CASES = (
    [("company", None, c) for c in METHODS]
    + [("customer", c, None) for c in METHODS]
    + [("customer", c, k) for c, k in itertools.product(METHODS, METHODS)]
)


@pytest.mark.parametrize(("level", "customer", "company"), CASES, ids=lambda v: str(v))
def test_resolution_rule(
    level: str, customer: DeliveryMethod | None, company: DeliveryMethod | None
) -> None:
    method, source = resolve_delivery_method(PartyLevel(level), customer, company)
    assert (method.value, source.value) == expected(
        level, customer.value if customer else None, company.value if company else None
    )


@pytest.mark.parametrize(
    ("customer_method", "company_method", "linked"),
    [
        (c, k, linked)
        for c in ["none", "post", "email"]
        for k in ["none", "post", "email"]
        for linked in (True, False)
    ],
    ids=lambda v: str(v),
)
async def test_invoice_shows_resolved_method_over_http(
    client: httpx.AsyncClient, customer_method: str, company_method: str, linked: bool
) -> None:
    company = await create_company(client, delivery_method=company_method)
    customer = await create_customer(
        client, delivery_method=customer_method, company_id=company["id"] if linked else None
    )
    on_customer = await create_invoice(client, customer_id=customer["id"])
    on_company = await create_invoice(client, company_id=company["id"])
    for invoice, level in ((on_customer, "customer"), (on_company, "company")):
        want = expected(
            level, customer_method, company_method if (linked or level == "company") else None
        )
        assert (invoice["delivery_method"], invoice["delivery_method_source"]) == want
        # GET reads with Core rows, creating answers from ORM objects: the same invoice.
        assert (await client.get(f"/v1/invoices/{invoice['id']}")).json() == invoice
        delivery = (await client.get(f"/v1/invoices/{invoice['id']}/delivery")).json()
        assert (delivery["delivery_method"], delivery["delivery_method_source"]) == want


async def test_resolution_follows_party_changes_while_draft(client: httpx.AsyncClient) -> None:
    company = await create_company(client, delivery_method="post")
    customer = await create_customer(client, delivery_method="email", company_id=company["id"])
    invoice = await create_invoice(client, customer_id=customer["id"])
    assert invoice["delivery_method"] == "email"
    await client.patch(f"/v1/customers/{customer['id']}", json={"delivery_method": "none"})
    again = (await client.get(f"/v1/invoices/{invoice['id']}")).json()
    assert (again["delivery_method"], again["delivery_method_source"]) == ("post", "company")


def codes(check: dict[str, Any], severity: str | None = None) -> set[str]:
    return {p["code"] for p in check["problems"] if severity in (None, p["severity"])}


async def test_check_of_a_good_invoice_is_ok(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, delivery_method="post")
    invoice = await create_invoice(client, customer_id=customer["id"])
    check = (await client.get(f"/v1/invoices/{invoice['id']}/check")).json()
    assert check["ok"] is True, check
    assert check["problems"] == []
    assert (check["delivery_method"], check["delivery_method_source"]) == ("post", "customer")


async def test_check_lists_blocking_problems(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, delivery_method="post", address={"city": "Utrecht"})
    invoice = await create_invoice(client, customer_id=customer["id"], lines=[])
    check = (await client.get(f"/v1/invoices/{invoice['id']}/check")).json()
    assert check["ok"] is False
    assert codes(check, "error") == {"no_lines", "missing_address"}


async def test_check_warns_about_zero_lines(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(
        client,
        customer_id=customer["id"],
        lines=[
            {"description": "Gratis", "quantity": "0", "unit_price": "10"},
            {"description": "Werk", "unit_price": "10"},
        ],
    )
    check = (await client.get(f"/v1/invoices/{invoice['id']}/check")).json()
    assert check["ok"] is True
    zero = [p for p in check["problems"] if p["code"] == "zero_line"]
    assert zero == [
        {
            "code": "zero_line",
            "severity": "warning",
            "message": zero[0]["message"],
            "field": "lines[0]",
        }
    ]


async def test_check_email_delivery_without_any_address(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, delivery_method="email", email=None)
    invoice = await create_invoice(client, customer_id=customer["id"])
    assert codes((await client.get(f"/v1/invoices/{invoice['id']}/check")).json(), "error") == {
        "missing_email"
    }
    await client.post(
        f"/v1/customers/{customer['id']}/contact-details",
        json={"type": "email", "value": "boekhouding@example.nl", "invoice": True},
    )
    assert (await client.get(f"/v1/invoices/{invoice['id']}/check")).json()["ok"] is True


async def test_check_reverse_charge_needs_buyer_vat_number(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(
        client,
        customer_id=customer["id"],
        lines=[{"description": "x", "unit_price": "5", "vat_rate": "reverse_charge"}],
    )
    assert "reverse_charge_without_vat_number" in codes(
        (await client.get(f"/v1/invoices/{invoice['id']}/check")).json(), "error"
    )


async def test_check_negative_total_invoice(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(
        client, customer_id=customer["id"], lines=[{"description": "Korting", "unit_price": "-5"}]
    )
    assert "negative_total" in codes(
        (await client.get(f"/v1/invoices/{invoice['id']}/check")).json(), "error"
    )


async def test_check_requires_legal_data_of_the_administration(
    app: Any, http: httpx.AsyncClient
) -> None:
    from tests.support.factories import new_tenant

    async with new_tenant(
        app, http, kvk_number=None, vat_number=None, address={}, iban=None
    ) as bare:
        customer = await create_customer(bare.client)
        invoice = await create_invoice(bare.client, customer_id=customer["id"])
        check = (await bare.client.get(f"/v1/invoices/{invoice['id']}/check")).json()
        problem = next(p for p in check["problems"] if p["code"] == "administration_incomplete")
        assert problem["severity"] == "error"
        for missing in ("address", "KvK", "VAT"):
            assert missing in problem["message"]
        assert "no_iban" in codes(check, "warning")
