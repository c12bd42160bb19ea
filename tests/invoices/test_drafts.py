"""Draft invoices: creation, exact totals, updates, deletion, payment status, filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import Tenant, create_company, create_customer, create_invoice

pytestmark = pytest.mark.anyio


async def test_draft_with_exact_totals_per_rate(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(
        client,
        customer_id=customer["id"],
        invoice_date="2026-03-10",
        lines=[
            {
                "description": "Installatie",
                "quantity": "3",
                "unit": "uur",
                "unit_price": "33.3333",
                "vat_rate": "21",
            },
            {"description": "Materiaal", "quantity": "1", "unit_price": "0.125", "vat_rate": "21"},
            {"description": "Boek", "quantity": "2", "unit_price": "12.345", "vat_rate": "9"},
            {"description": "Vrijgesteld", "quantity": "1", "unit_price": "10", "vat_rate": "0"},
        ],
    )
    assert invoice["status"] == "draft"
    assert invoice["number"] is None
    assert invoice["level"] == "customer"
    assert invoice["due_date"] == "2026-04-09"  # 30 days payment term
    amounts = [line["amount"] for line in invoice["lines"]]
    assert amounts == ["100.00", "0.13", "24.69", "10.00"]  # half-up per line
    assert invoice["lines"][0]["unit_price"] == "33.3333"
    assert invoice["lines"][0]["quantity"] == "3"
    assert invoice["totals"] == {
        "subtotal": "134.82",
        "vat": [
            {"rate": "21", "base": "100.13", "amount": "21.03"},
            {"rate": "9", "base": "24.69", "amount": "2.22"},
            {"rate": "0", "base": "10.00", "amount": "0.00"},
        ],
        "total": "158.07",
    }
    fetched = (await client.get(f"/v1/invoices/{invoice['id']}")).json()
    assert fetched == invoice


async def test_reverse_charge_line(client: httpx.AsyncClient) -> None:
    company = await create_company(client, vat_number="DE136695976")
    invoice = await create_invoice(
        client,
        company_id=company["id"],
        lines=[{"description": "Advies", "unit_price": "1000", "vat_rate": "reverse_charge"}],
    )
    assert invoice["level"] == "company"
    assert invoice["totals"]["vat"] == [
        {"rate": "reverse_charge", "base": "1000.00", "amount": "0.00"}
    ]
    assert invoice["totals"]["total"] == "1000.00"


async def test_explicit_due_date_and_default_invoice_date(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"], due_date="2999-01-01")
    assert invoice["due_date"] == "2999-01-01"
    assert invoice["invoice_date"]  # today in Europe/Amsterdam
    moved = await client.patch(f"/v1/invoices/{invoice['id']}", json={"invoice_date": "2026-01-05"})
    assert moved.json()["due_date"] == "2999-01-01"  # fixed stays fixed
    follows = await client.patch(f"/v1/invoices/{invoice['id']}", json={"due_date": None})
    assert follows.json()["due_date"] == "2026-02-04"


async def test_patch_replaces_lines_and_recomputes(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    response = await client.patch(
        f"/v1/invoices/{invoice['id']}",
        json={
            "lines": [{"description": "Nieuw", "quantity": "2", "unit_price": "50", "vat_rate": 9}],
            "notes": "Dank u",
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert [line["description"] for line in updated["lines"]] == ["Nieuw"]
    assert updated["totals"]["total"] == "109.00"
    assert updated["notes"] == "Dank u"
    assert updated["customer_id"] == customer["id"]


async def test_switch_from_customer_to_company_level(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    company = await create_company(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    switched = (
        await client.patch(f"/v1/invoices/{invoice['id']}", json={"company_id": company["id"]})
    ).json()
    assert (switched["level"], switched["customer_id"], switched["company_id"]) == (
        "company",
        None,
        company["id"],
    )


async def test_delete_draft(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    assert (await client.delete(f"/v1/invoices/{invoice['id']}")).status_code == 204
    assert_problem(await client.get(f"/v1/invoices/{invoice['id']}"), 404)


async def test_customer_with_invoices_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    await create_invoice(client, customer_id=customer["id"])
    assert_problem(await client.delete(f"/v1/customers/{customer['id']}"), 409)


async def test_payment_status_on_draft(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    paid = (
        await client.patch(f"/v1/invoices/{invoice['id']}/payment", json={"payment_status": "paid"})
    ).json()
    assert paid["payment_status"] == "paid"
    assert paid["paid_at"] is not None
    unpaid = (
        await client.patch(
            f"/v1/invoices/{invoice['id']}/payment", json={"payment_status": "unpaid"}
        )
    ).json()
    assert unpaid["paid_at"] is None


async def test_list_filters(client: httpx.AsyncClient) -> None:
    one = await create_customer(client)
    two = await create_customer(client, name="Twee")
    company = await create_company(client)
    a = await create_invoice(client, customer_id=one["id"])
    b = await create_invoice(client, customer_id=two["id"])
    c = await create_invoice(client, company_id=company["id"])
    await client.patch(f"/v1/invoices/{b['id']}/payment", json={"payment_status": "paid"})
    ids = lambda r: [i["id"] for i in r.json()["data"]]  # noqa: E731
    assert ids(await client.get("/v1/invoices")) == [a["id"], b["id"], c["id"]]
    assert ids(await client.get("/v1/invoices", params={"customer_id": two["id"]})) == [b["id"]]
    assert ids(await client.get("/v1/invoices", params={"company_id": company["id"]})) == [c["id"]]
    assert ids(await client.get("/v1/invoices", params={"payment_status": "paid"})) == [b["id"]]
    assert ids(await client.get("/v1/invoices", params={"status": "final"})) == []
    assert_problem(await client.get("/v1/invoices", params={"status": "concept"}), 422)


BAD_INVOICES: list[tuple[str, dict[str, Any], str]] = [
    ("no-party", {}, "body"),
    ("both-parties", {"customer_id": "CUS", "company_id": "CMP"}, "body"),
    ("unknown-customer", {"customer_id": "cus_01J0000000000000000000000X"}, "customer_id"),
    (
        "negative-quantity",
        {"lines": [{"description": "x", "quantity": "-1", "unit_price": "1"}]},
        "lines",
    ),
    (
        "five-decimals",
        {"lines": [{"description": "x", "quantity": "1.00001", "unit_price": "1"}]},
        "lines",
    ),
    ("price-not-number", {"lines": [{"description": "x", "unit_price": "tien"}]}, "lines"),
    ("price-nan", {"lines": [{"description": "x", "unit_price": "NaN"}]}, "lines"),
    ("price-infinity", {"lines": [{"description": "x", "unit_price": "Infinity"}]}, "lines"),
    ("price-huge", {"lines": [{"description": "x", "unit_price": "1e30"}]}, "lines"),
    (
        "unknown-rate",
        {"lines": [{"description": "x", "unit_price": "1", "vat_rate": "19"}]},
        "lines",
    ),
    ("empty-description", {"lines": [{"description": "", "unit_price": "1"}]}, "lines"),
    (
        "line-extra-field",
        {"lines": [{"description": "x", "unit_price": "1", "amount": "5"}]},
        "lines",
    ),
    ("mass-assign-number", {"number": "2026-00001"}, "number"),
    ("mass-assign-status", {"status": "final"}, "status"),
    ("mass-assign-totals", {"totals": {"total": "1"}}, "totals"),
    ("due-before-date", {"invoice_date": "2026-05-01", "due_date": "2026-04-01"}, "body"),
    ("date-year-10000", {"invoice_date": "10000-01-01"}, "invoice_date"),
    ("date-far-future", {"invoice_date": "9999-12-31"}, "invoice_date"),
    ("date-not-a-date", {"invoice_date": "31-12-2026"}, "invoice_date"),
    ("currency-usd", {"currency": "USD"}, "currency"),
    ("notes-too-long", {"notes": "x" * 10_001}, "notes"),
    ("too-many-lines", {"lines": [{"description": "x", "unit_price": "1"}] * 1001}, "lines"),
    ("lines-not-list", {"lines": {"description": "x"}}, "lines"),
    ("bad-payment-status", {"payment_status": "betaald"}, "payment_status"),
]


@pytest.mark.parametrize(("case", "body", "field"), BAD_INVOICES, ids=[b[0] for b in BAD_INVOICES])
async def test_bad_invoice_is_422_and_nothing_stored(
    client: httpx.AsyncClient, case: str, body: dict[str, Any], field: str
) -> None:
    customer = await create_customer(client)
    if "customer_id" not in body and "company_id" not in body and case not in ("no-party",):
        body = {"customer_id": customer["id"]} | body
    if case == "both-parties":
        body = {"customer_id": customer["id"], "company_id": customer["id"]}
    problem = assert_problem(await client.post("/v1/invoices", json=body), 422)
    assert problem["errors"][0]["loc"][:2] == ["body", field] or field == "body", problem
    assert (await client.get("/v1/invoices")).json()["data"] == []


async def test_ten_thousand_lines_is_rejected_without_storing(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    lines = [{"description": f"regel {i}", "unit_price": "1"} for i in range(10_000)]
    response = await client.post(
        "/v1/invoices", json={"customer_id": customer["id"], "lines": lines}
    )
    assert response.status_code in (413, 422)
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/invoices")).json()["data"] == []


async def test_ten_megabyte_notes_are_rejected(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    response = await client.post(
        "/v1/invoices", json={"customer_id": customer["id"], "notes": "x" * 10_000_000}
    )
    assert_problem(response, 413)
    assert (await client.get("/v1/invoices")).json()["data"] == []


async def test_invalid_patch_changes_nothing(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    response = await client.patch(
        f"/v1/invoices/{invoice['id']}",
        json={
            "notes": "nieuw",
            "lines": [{"description": "x", "quantity": "-2", "unit_price": "1"}],
        },
    )
    assert_problem(response, 422)
    assert (await client.get(f"/v1/invoices/{invoice['id']}")).json() == invoice
