"""GET /v1/receivables over HTTP on both databases: the open items with amount due and days
overdue, the aging totals over every open item (summed by the database), pages, the as-of day,
the customer filter, and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from app.receivables.aging import bucket_of, days_overdue
from tests.support.assertions import assert_problem
from tests.support.factories import create_customer, create_invoice, finalize_draft, new_tenant
from tests.support.receivables import TODAY, final_invoice, pay, today_is

pytestmark = pytest.mark.anyio

# Days overdue on TODAY of each invoice made, around every bucket edge.
DAYS = [-6, 0, 1, 30, 31, 60, 61, 90, 91, 400]
BUCKETS = ["not_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_over_90"]


async def open_book(client: httpx.AsyncClient) -> dict[str, Any]:
    """One invoice of 121.00 per entry of DAYS (the one 31 days overdue partly paid: 71.00
    open), plus a paid invoice and a draft that are not open."""
    customer = await create_customer(client)
    made = {}
    for days in DAYS:
        made[days] = await final_invoice(
            client, customer_id=customer["id"], due=TODAY - timedelta(days=days)
        )
    await pay(client, made[31]["id"], "50.00", TODAY)
    paid = await final_invoice(client, customer_id=customer["id"], due=TODAY)
    await pay(client, paid["id"], "121.00", TODAY)
    await create_invoice(client, customer_id=customer["id"], due_date=TODAY.isoformat())
    return {"customer": customer, "invoices": made, "paid": paid}


def expected_totals(items: list[dict[str, Any]], as_of: date) -> dict[str, dict[str, Any]]:
    totals = {bucket: [0, Decimal("0.00")] for bucket in BUCKETS}
    for item in items:
        days = days_overdue(date.fromisoformat(item["due_date"]), as_of)
        totals[bucket_of(days).value][0] += 1
        totals[bucket_of(days).value][1] += Decimal(item["amount_due"])
    out = {bucket: {"count": c, "amount": f"{a:.2f}"} for bucket, (c, a) in totals.items()}
    out["total"] = {
        "count": sum(c for c, _ in totals.values()),
        "amount": f"{sum((a for _, a in totals.values()), Decimal(0)):.2f}",
    }
    return out


async def test_open_items_have_their_amount_due_days_overdue_and_bucket(
    client: httpx.AsyncClient,
) -> None:
    with today_is():
        book = await open_book(client)
        body = (await client.get("/v1/receivables")).json()
    assert body["as_of"] == TODAY.isoformat()
    assert body["currency"] == "EUR"
    items = body["data"]
    # Oldest due date first; the paid invoice and the draft are not open.
    assert [item["days_overdue"] for item in items] == [
        max(0, d) for d in sorted(DAYS, reverse=True)
    ]
    by_id = {item["invoice_id"]: item for item in items}
    assert book["paid"]["id"] not in by_id
    partly = by_id[book["invoices"][31]["id"]]
    assert (partly["total"], partly["amount_paid"], partly["amount_due"]) == (
        "121.00",
        "50.00",
        "71.00",
    )
    assert partly["payment_status"] == "partially_paid"
    assert partly["bucket"] == "overdue_31_60"
    assert partly["customer_name"] == "Jan de Vries"
    assert partly["number"] == book["invoices"][31]["number"]
    assert by_id[book["invoices"][30]["id"]]["bucket"] == "overdue_1_30"
    assert by_id[book["invoices"][0]["id"]]["bucket"] == "not_due"  # due today
    assert by_id[book["invoices"][91]["id"]]["bucket"] == "overdue_over_90"
    assert body["totals"] == {
        "not_due": {"count": 2, "amount": "242.00"},
        "overdue_1_30": {"count": 2, "amount": "242.00"},
        "overdue_31_60": {"count": 2, "amount": "192.00"},
        "overdue_61_90": {"count": 2, "amount": "242.00"},
        "overdue_over_90": {"count": 2, "amount": "242.00"},
        "total": {"count": 10, "amount": "1160.00"},
    }


async def test_the_totals_cover_every_page_and_the_pages_every_item(
    client: httpx.AsyncClient,
) -> None:
    with today_is():
        await open_book(client)
        first = (await client.get("/v1/receivables")).json()
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params: dict[str, Any] = {"limit": 3} | ({"cursor": cursor} if cursor else {})
            body = (await client.get("/v1/receivables", params=params)).json()
            pages += 1
            assert len(body["data"]) <= 3
            assert body["totals"] == first["totals"]
            seen += [item["invoice_id"] for item in body["data"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
    assert pages == 4
    assert seen == [item["invoice_id"] for item in first["data"]]


@pytest.mark.parametrize("shift", [-100, -31, -1, 1, 29, 30, 31, 365])
async def test_the_database_buckets_agree_with_the_items_on_any_day(
    client: httpx.AsyncClient, shift: int
) -> None:
    with today_is():
        await open_book(client)
    as_of = TODAY + timedelta(days=shift)
    body = (await client.get("/v1/receivables", params={"date": as_of.isoformat()})).json()
    assert body["as_of"] == as_of.isoformat()
    for item in body["data"]:
        days = (as_of - date.fromisoformat(item["due_date"])).days
        assert item["days_overdue"] == max(0, days)
    assert body["totals"] == expected_totals(body["data"], as_of)
    assert body["totals"]["total"] == {"count": 10, "amount": "1160.00"}


async def test_today_is_the_administrations_day(client: httpx.AsyncClient) -> None:
    with today_is():
        customer = await create_customer(client)
        await final_invoice(client, customer_id=customer["id"], due=TODAY)
    # 23:30 UTC on 4 December is 00:30 on 5 December in Amsterdam: one day overdue there.
    with today_is(TODAY, hour_utc=23):
        body = (await client.get("/v1/receivables")).json()
    assert body["as_of"] == (TODAY + timedelta(days=1)).isoformat()
    assert body["data"][0]["days_overdue"] == 1


async def test_customer_id_filters_items_and_totals(client: httpx.AsyncClient) -> None:
    with today_is():
        book = await open_book(client)
        other = await create_customer(client, name="Piet Puk", email="piet@puk.nl")
        theirs = await final_invoice(client, customer_id=other["id"], due=TODAY, price="10.00")
        everything = (await client.get("/v1/receivables")).json()
        only = (await client.get("/v1/receivables", params={"customer_id": other["id"]})).json()
        mine = (
            await client.get("/v1/receivables", params={"customer_id": book["customer"]["id"]})
        ).json()
    assert [item["invoice_id"] for item in only["data"]] == [theirs["id"]]
    assert only["totals"]["total"] == {"count": 1, "amount": "12.10"}
    assert mine["totals"]["total"] == {"count": 10, "amount": "1160.00"}
    assert everything["totals"]["total"] == {"count": 11, "amount": "1172.10"}


async def test_a_company_level_invoice_is_listed_with_its_company(
    client: httpx.AsyncClient,
) -> None:
    company = (await client.post("/v1/companies", json={"name": "Bouw B.V."})).json()
    with today_is():
        made = await final_invoice(client, company_id=company["id"], due=TODAY)
        [item] = (await client.get("/v1/receivables")).json()["data"]
    assert item["invoice_id"] == made["id"]
    assert (item["customer_id"], item["company_id"]) == (None, company["id"])
    assert (item["customer_name"], item["company_name"]) == (None, "Bouw B.V.")


async def test_an_open_credit_note_counts_negative(client: httpx.AsyncClient) -> None:
    with today_is():
        customer = await create_customer(client)
        # Paid in full, then credited: the credit note is a refund owed, open and negative.
        refunded = await final_invoice(client, customer_id=customer["id"], due=TODAY)
        await pay(client, refunded["id"], "121.00", TODAY)
        # Unpaid, then credited: the credit note settles it; neither is open.
        settled = await final_invoice(client, customer_id=customer["id"], due=TODAY)
        credits = []
        for invoice in (refunded, settled):
            draft = await client.post(f"/v1/invoices/{invoice['id']}/credit-note", json={})
            credits.append(await finalize_draft(client, draft.json()["id"]))
        still_due = await final_invoice(
            client, customer_id=customer["id"], due=TODAY - timedelta(days=3)
        )
        body = (await client.get("/v1/receivables")).json()
    assert [item["invoice_id"] for item in body["data"]] == [still_due["id"], credits[0]["id"]]
    credit = body["data"][1]
    assert credit["kind"] == "credit_note"
    assert (credit["total"], credit["amount_paid"], credit["amount_due"]) == (
        "-121.00",
        "0.00",
        "-121.00",
    )
    assert body["totals"]["overdue_1_30"] == {"count": 1, "amount": "121.00"}
    assert body["totals"]["total"] == {"count": 2, "amount": "0.00"}


async def test_another_administrations_invoices_never_show(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    with today_is():
        await open_book(client)
        async with new_tenant(app, http) as other:
            theirs = (await other.client.get("/v1/receivables")).json()
            customer = (await client.get("/v1/customers")).json()["data"][0]
            filtered = (
                await other.client.get("/v1/receivables", params={"customer_id": customer["id"]})
            ).json()
    for body in (theirs, filtered):
        assert body["data"] == []
        assert body["totals"]["total"] == {"count": 0, "amount": "0.00"}


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"date": "2026-13-01"}, ["query", "date"]),
        ({"date": "04-12-2026"}, ["query", "date"]),
        ({"date": "0"}, ["query", "date"]),
        ({"date": "3000-01-01"}, ["query", "date"]),
        ({"cursor": "bm90LWEtY3Vyc29y"}, ["query", "cursor"]),  # base64 of "not-a-cursor"
        ({"cursor": "!!"}, ["query", "cursor"]),
        ({"limit": "0"}, ["query", "limit"]),
        ({"limit": "201"}, ["query", "limit"]),
        ({"customer_id": "x" * 41}, ["query", "customer_id"]),
        ({"status": "open"}, ["query", "status"]),
    ],
)
async def test_bad_parameters_are_a_422_naming_them(
    client: httpx.AsyncClient, params: dict[str, str], loc: list[str]
) -> None:
    body = assert_problem(await client.get("/v1/receivables", params=params), 422)
    assert [error["loc"] for error in body["errors"]] == [loc]


async def test_the_list_needs_a_key(http: httpx.AsyncClient) -> None:
    assert_problem(await http.get("/v1/receivables"), 401)
