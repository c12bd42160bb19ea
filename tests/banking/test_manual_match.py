"""Unmatched credits listed and matched by hand over HTTP: the payment is recorded, the IBAN is
learned for the customer (so their next transfer matches by itself), and what cannot be matched
is a 404 or 409 that changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.banking import DAY, EARLIER, UNKNOWN_CREDIT, bank_transactions, import_ok
from tests.support.factories import (
    LINE,
    create_customer,
    create_invoice,
    finalized_invoice,
    new_tenant,
)

pytestmark = pytest.mark.anyio

BAKERY_IBAN = "NL39RABO0300065264"


async def setup(client: httpx.AsyncClient) -> dict[str, Any]:
    """Today's statement without the earlier one: the bakery's 605.00 is not recognised."""
    bakery = await create_customer(client, name="Bakkerij de Krakeling", email="a@krakeling.nl")
    made = {
        "earlier": await finalized_invoice(
            client, customer_id=bakery["id"], invoice_date="2026-11-02"
        ),
        "jan": await finalized_invoice(
            client, invoice_date="2026-11-02", lines=[LINE | {"quantity": "10"}]
        ),
        "bakery": await finalized_invoice(
            client,
            customer_id=bakery["id"],
            invoice_date="2026-11-02",
            lines=[LINE | {"quantity": "5"}],
        ),
    }
    body = await import_ok(client, DAY)
    assert body["counts"]["matched"] == 1  # only 2026-00002, by its number
    made["credits"] = {t["amount"]: t for t in body["transactions"]}
    return made


async def match(client: httpx.AsyncClient, tx_id: str, invoice_id: str) -> httpx.Response:
    return await client.post(
        f"/v1/bank-transactions/{tx_id}/match", json={"invoice_id": invoice_id}
    )


async def invoice_state(client: httpx.AsyncClient, invoice_id: str) -> tuple[str, str]:
    body = (await client.get(f"/v1/invoices/{invoice_id}")).json()
    return body["payment_status"], body["amount_paid"]


async def test_matching_by_hand_pays_the_invoice_and_learns_the_iban(
    client: httpx.AsyncClient,
) -> None:
    made = await setup(client)
    unmatched = await bank_transactions(client, status="unmatched")
    assert sorted(t["amount"] for t in unmatched) == ["300.00", "605.00", "77.77"]
    credit = made["credits"]["605.00"]

    response = await match(client, credit["id"], made["bakery"]["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["transaction"]["status"] == "matched"
    assert body["transaction"]["matched_by"] == "manual"
    assert body["transaction"]["invoice_id"] == made["bakery"]["id"]
    assert body["invoice"] == {
        "payment_status": "paid",
        "amount_paid": "605.00",
        "amount_due": "0.00",
        "overpaid": False,
    }
    payments = (await client.get(f"/v1/invoices/{made['bakery']['id']}/payments")).json()["data"]
    assert [(p["amount"], p["method"], p["bank_transaction_id"]) for p in payments] == [
        ("605.00", "bank", credit["id"])
    ]
    assert body["transaction"]["payment_id"] == payments[0]["id"]
    got = (await client.get(f"/v1/bank-transactions/{credit['id']}")).json()
    assert got == body["transaction"]

    # The bakery's IBAN is known now: its next transfer of an amount due matches by itself,
    # without a reference.
    next_statement = (
        EARLIER.replace(b"Factuur 2026-00001", b"Betaling oktober")
        .replace(b"0417164300-1120-000001", b"0417164300-1205-000001")
        .replace(b"0417164300.2026-11-20", b"0417164300.2026-12-05")
    )
    body = await import_ok(client, next_statement)
    [tx] = body["transactions"]
    assert (tx["status"], tx["matched_by"], tx["invoice_id"]) == (
        "matched",
        "amount_iban",
        made["earlier"]["id"],
    )
    assert await invoice_state(client, made["earlier"]["id"]) == ("paid", "121.00")


async def test_a_smaller_credit_is_a_partial_payment_and_a_larger_one_overpays(
    client: httpx.AsyncClient,
) -> None:
    made = await setup(client)
    response = await match(client, made["credits"]["300.00"]["id"], made["bakery"]["id"])
    assert response.status_code == 200, response.text
    assert response.json()["invoice"]["payment_status"] == "partially_paid"
    assert response.json()["invoice"]["amount_due"] == "305.00"
    response = await match(client, made["credits"]["605.00"]["id"], made["bakery"]["id"])
    assert response.status_code == 200, response.text
    assert response.json()["invoice"] == {
        "payment_status": "paid",
        "amount_paid": "905.00",
        "amount_due": "-300.00",
        "overpaid": True,
    }


async def test_what_cannot_be_matched_is_409_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    made = await setup(client)
    matched = next(t for t in made["credits"].values() if t["status"] == "matched")
    debit = made["credits"]["5.00"]
    credit = made["credits"]["605.00"]
    draft = await create_invoice(client, customer_id=(await create_customer(client))["id"])

    cases = [
        (matched["id"], made["bakery"]["id"], "bank_transaction_already_matched"),
        (debit["id"], made["bakery"]["id"], "bank_transaction_not_a_credit"),
        (credit["id"], draft["id"], "invoice_not_open"),
        (credit["id"], made["jan"]["id"], "invoice_not_open"),  # paid by the statement
    ]
    for tx_id, invoice_id, code in cases:
        problem = assert_problem(await match(client, tx_id, invoice_id), 409)
        assert problem["code"] == code, problem
    assert await invoice_state(client, made["bakery"]["id"]) == ("unpaid", "0.00")
    assert await invoice_state(client, draft["id"]) == ("unpaid", "0.00")
    assert len(await bank_transactions(client, status="unmatched")) == 3


async def test_other_administrations_ids_are_404(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    made = await setup(client)
    credit = made["credits"]["605.00"]
    async with new_tenant(app, http) as other:
        theirs = await finalized_invoice(other.client, invoice_date="2026-11-02")
        their_body = await import_ok(other.client, DAY)
        their_credit = their_body["transactions"][3]
        assert their_credit["status"] == "unmatched"
        cases = [
            (credit["id"], theirs["id"]),  # our credit, their invoice
            (their_credit["id"], made["bakery"]["id"]),  # their credit, our invoice
            ("btx_01JUNKNOWN", made["bakery"]["id"]),
            (credit["id"], "inv_01JUNKNOWN"),
            ("not an id", made["bakery"]["id"]),
        ]
        for tx_id, invoice_id in cases:
            problem = assert_problem(await match(client, tx_id, invoice_id), 404)
            assert problem["code"] == "not_found"
        assert_problem(await client.get(f"/v1/bank-transactions/{their_credit['id']}"), 404)
        assert their_credit["id"] not in {t["id"] for t in await bank_transactions(client)}
        assert await invoice_state(other.client, theirs["id"]) == ("unpaid", "0.00")
        # Each administration keeps its own copy of a statement: the same file is new there.
        assert their_body["counts"]["new"] == 5
    assert await invoice_state(client, made["bakery"]["id"]) == ("unpaid", "0.00")


async def test_bad_match_bodies_and_filters_are_422(client: httpx.AsyncClient) -> None:
    made = await setup(client)
    credit = made["credits"]["605.00"]
    for body in ({}, {"invoice_id": ""}, {"invoice_id": "x" * 41}, {"invoice_id": 5}, {"x": 1}):
        response = await client.post(f"/v1/bank-transactions/{credit['id']}/match", json=body)
        assert_problem(response, 422)
    response = await client.get("/v1/bank-transactions", params={"status": "open"})
    assert assert_problem(response, 422)["errors"][0]["loc"] == ["query", "status"]


async def test_the_list_pages_in_order(client: httpx.AsyncClient) -> None:
    await setup(client)
    everything = await bank_transactions(client)
    assert len(everything) == 5
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        body = (await client.get("/v1/bank-transactions", params=params)).json()
        seen += [t["id"] for t in body["data"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [t["id"] for t in everything] == sorted(seen)
    ignored = await bank_transactions(client, status="ignored")
    assert [(t["amount"], t["direction"]) for t in ignored] == [("5.00", "debit")]


async def test_a_credit_in_another_currency_cannot_pay_a_euro_invoice(
    client: httpx.AsyncClient,
) -> None:
    """The automatic rules never pair currencies; matching by hand did, booking USD 77.77 as
    EUR 77.77 on the invoice. Now it is a 409 that changes nothing."""
    in_dollars = UNKNOWN_CREDIT.replace(b'Ccy="EUR">77.77<', b'Ccy="USD">77.77<')
    assert in_dollars != UNKNOWN_CREDIT
    (tx,) = (await import_ok(client, in_dollars))["transactions"]
    assert (tx["currency"], tx["status"]) == ("USD", "unmatched")
    invoice = await finalized_invoice(client, invoice_date="2026-11-02")

    problem = assert_problem(await match(client, tx["id"], invoice["id"]), 409)
    assert problem["code"] == "invoice_not_open"
    assert "USD" in problem["detail"]
    assert "EUR" in problem["detail"]
    assert await invoice_state(client, invoice["id"]) == ("unpaid", "0.00")
    assert [t["status"] for t in await bank_transactions(client)] == ["unmatched"]


async def test_reversing_a_bank_payment_puts_the_credit_back_to_match_again(
    client: httpx.AsyncClient,
) -> None:
    """Booked on the wrong invoice: reversing the payment (or marking the invoice unpaid)
    returns the credit to the unmatched list, and it can then be matched to the right one."""
    made = await setup(client)
    credit = made["credits"]["605.00"]
    assert (await match(client, credit["id"], made["earlier"]["id"])).status_code == 200
    [payment] = (await client.get(f"/v1/invoices/{made['earlier']['id']}/payments")).json()["data"]
    url = f"/v1/invoices/{made['earlier']['id']}/payments/{payment['id']}"
    assert (await client.delete(url)).status_code == 200
    got = (await client.get(f"/v1/bank-transactions/{credit['id']}")).json()
    assert (got["status"], got["invoice_id"], got["payment_id"], got["matched_by"]) == (
        "unmatched",
        None,
        None,
        None,
    )
    assert credit["id"] in [t["id"] for t in await bank_transactions(client, status="unmatched")]
    response = await match(client, credit["id"], made["bakery"]["id"])
    assert response.status_code == 200, response.text
    assert await invoice_state(client, made["bakery"]["id"]) == ("paid", "605.00")
    # The mark "unpaid" reverses it too, and the credit is free again.
    await client.patch(
        f"/v1/invoices/{made['bakery']['id']}/payment", json={"payment_status": "unpaid"}
    )
    got = (await client.get(f"/v1/bank-transactions/{credit['id']}")).json()
    assert got["status"] == "unmatched"
    assert await invoice_state(client, made["bakery"]["id"]) == ("unpaid", "0.00")
    # Imported again, the statement still knows it: nothing doubles.
    again = await import_ok(client, DAY)
    assert again["counts"]["new"] == 0
