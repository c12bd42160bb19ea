"""Payments on invoices over HTTP: partial payments, reversals, credit notes that settle, the
paid/unpaid mark kept working, and bad input refused without changing anything."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import (
    client_with_key,
    create_customer,
    create_invoice,
    finalize_draft,
    finalized_invoice,
    new_tenant,
)

pytestmark = pytest.mark.anyio

TODAY_OR_EARLIER = "2026-01-15"


async def pay(
    client: httpx.AsyncClient, invoice_id: str, amount: str, **fields: Any
) -> httpx.Response:
    body = {"amount": amount, "date": TODAY_OR_EARLIER, "method": "bank"} | fields
    return await client.post(f"/v1/invoices/{invoice_id}/payments", json=body)


async def invoice(client: httpx.AsyncClient, invoice_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/invoices/{invoice_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def state(inv: dict[str, Any]) -> tuple[str, str, str, bool]:
    return (inv["payment_status"], inv["amount_paid"], inv["amount_due"], inv["overpaid"])


async def test_partial_payments_add_up_to_paid(client: httpx.AsyncClient) -> None:
    final = await finalized_invoice(client)
    assert state(final) == ("unpaid", "0.00", "121.00", False)

    response = await pay(client, final["id"], "21.00", reference="NL12 deel 1")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["invoice"] == {
        "payment_status": "partially_paid",
        "amount_paid": "21.00",
        "amount_due": "100.00",
        "overpaid": False,
    }
    assert body["payment"]["amount"] == "21.00"
    assert body["payment"]["reference"] == "NL12 deel 1"
    assert state(await invoice(client, final["id"])) == ("partially_paid", "21.00", "100.00", False)

    assert (await pay(client, final["id"], "100", method="cash")).status_code == 201
    paid = await invoice(client, final["id"])
    assert state(paid) == ("paid", "121.00", "0.00", False)
    assert paid["paid_at"] is not None
    listed = (await client.get(f"/v1/invoices/{final['id']}/payments")).json()
    assert [(p["amount"], p["method"]) for p in listed["data"]] == [
        ("21.00", "bank"),
        ("100.00", "cash"),
    ]
    # The list filter sees the new status.
    page = (await client.get("/v1/invoices", params={"payment_status": "paid"})).json()
    assert [i["id"] for i in page["data"]] == [final["id"]]


async def test_a_payment_above_what_is_due_is_refused_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    final = await finalized_invoice(client)
    assert (await pay(client, final["id"], "100.00")).status_code == 201
    problem = assert_problem(await pay(client, final["id"], "21.01"), 422)
    assert problem["code"] == "payment_exceeds_amount_due"
    assert problem["errors"][0]["loc"] == ["body", "amount"]
    assert "21.00" in problem["errors"][0]["msg"]
    assert state(await invoice(client, final["id"])) == ("partially_paid", "100.00", "21.00", False)
    assert len((await client.get(f"/v1/invoices/{final['id']}/payments")).json()["data"]) == 1


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("amount", {"amount": "0"}),
        ("amount", {"amount": "-5.00"}),
        ("amount", {"amount": "1.001"}),
        ("amount", {"amount": "NaN"}),
        ("amount", {"amount": "1e400"}),
        ("method", {"method": "credit_note"}),
        ("method", {"method": "bitcoin"}),
        ("date", {"date": "2999-01-01"}),
        ("date", {"date": "15-01-2026"}),
        ("reference", {"reference": "x" * 141}),
        ("extra", {"extra": 1}),
    ],
)
async def test_bad_payments_are_422_naming_the_field(
    client: httpx.AsyncClient, field: str, body: dict[str, Any]
) -> None:
    final = await finalized_invoice(client)
    payload = {"amount": "10.00", "date": TODAY_OR_EARLIER, "method": "bank"} | body
    response = await client.post(f"/v1/invoices/{final['id']}/payments", json=payload)
    problem = assert_problem(response, 422)
    assert [e["loc"][-1] for e in problem["errors"]] == [field], problem
    assert state(await invoice(client, final["id"])) == ("unpaid", "0.00", "121.00", False)


async def test_a_future_date_is_refused_in_the_administrations_day(
    client: httpx.AsyncClient,
) -> None:
    final = await finalized_invoice(client)
    problem = assert_problem(await pay(client, final["id"], "1.00", date="2099-12-31"), 422)
    assert problem["errors"][0]["loc"] == ["body", "date"]


async def test_drafts_and_other_administrations_invoices_take_no_payments(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    assert assert_problem(await pay(client, draft["id"], "1.00"), 409)["code"] == (
        "payment_on_draft"
    )
    final = await finalized_invoice(client)
    async with new_tenant(app, http) as other:
        assert_problem(await pay(other.client, final["id"], "1.00"), 404)
        assert_problem(await other.client.get(f"/v1/invoices/{final['id']}/payments"), 404)
        payment = (await pay(client, final["id"], "1.00")).json()["payment"]
        assert_problem(
            await other.client.delete(f"/v1/invoices/{final['id']}/payments/{payment['id']}"), 404
        )
    assert state(await invoice(client, final["id"])) == ("partially_paid", "1.00", "120.00", False)


async def test_a_reversal_is_kept_and_reopens_the_invoice(client: httpx.AsyncClient) -> None:
    final = await finalized_invoice(client)
    payment = (await pay(client, final["id"], "121.00")).json()["payment"]
    url = f"/v1/invoices/{final['id']}/payments/{payment['id']}"
    response = await client.delete(url)
    assert response.status_code == 200, response.text
    reversal = response.json()
    assert reversal["payment"]["amount"] == "-121.00"
    assert reversal["payment"]["reverses_id"] == payment["id"]
    assert reversal["invoice"] == {
        "payment_status": "unpaid",
        "amount_paid": "0.00",
        "amount_due": "121.00",
        "overpaid": False,
    }
    assert (await invoice(client, final["id"]))["paid_at"] is None
    assert assert_problem(await client.delete(url), 409)["code"] == "payment_not_reversible"
    reversal_url = f"/v1/invoices/{final['id']}/payments/{reversal['payment']['id']}"
    assert_problem(await client.delete(reversal_url), 409)
    assert_problem(await client.delete(f"/v1/invoices/{final['id']}/payments/pay_nope"), 404)
    listed = (await client.get(f"/v1/invoices/{final['id']}/payments")).json()["data"]
    assert [(p["amount"], p["reversed"]) for p in listed] == [("121.00", True), ("-121.00", False)]


async def test_a_reversal_raced_twice_is_made_once(client: httpx.AsyncClient) -> None:
    final = await finalized_invoice(client)
    payment = (await pay(client, final["id"], "50.00")).json()["payment"]
    url = f"/v1/invoices/{final['id']}/payments/{payment['id']}"
    responses = await asyncio.gather(*(client.delete(url) for _ in range(4)))
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    assert state(await invoice(client, final["id"])) == ("unpaid", "0.00", "121.00", False)


async def test_concurrent_payments_all_count(client: httpx.AsyncClient) -> None:
    final = await finalized_invoice(client)
    responses = await asyncio.gather(*(pay(client, final["id"], "10.00") for _ in range(6)))
    assert [r.status_code for r in responses] == [201] * 6
    assert state(await invoice(client, final["id"])) == ("partially_paid", "60.00", "61.00", False)


async def test_a_credit_note_settles_what_is_due_on_its_invoice(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    lines = [
        {"description": "Werk", "quantity": "1", "unit_price": "100", "vat_rate": "21"},
        {"description": "Boek", "quantity": "1", "unit_price": "20", "vat_rate": "9"},
    ]
    draft = await create_invoice(client, customer_id=customer["id"], lines=lines)
    final = await finalize_draft(client, draft["id"])
    assert final["totals"]["total"] == "142.80"
    assert (await pay(client, final["id"], "10.00")).status_code == 201
    # Credit the first line (121.00): it settles 121.00 of the 132.80 still due.
    credit = (
        await client.post(f"/v1/invoices/{final['id']}/credit-note", json={"lines": [0]})
    ).json()
    done = await finalize_draft(client, credit["id"])
    assert state(done) == ("paid", "-121.00", "0.00", False)
    assert state(await invoice(client, final["id"])) == ("partially_paid", "131.00", "11.80", False)
    settlement = (await client.get(f"/v1/invoices/{final['id']}/payments")).json()["data"][-1]
    assert (settlement["method"], settlement["amount"], settlement["reference"]) == (
        "credit_note",
        "121.00",
        done["number"],
    )
    assert_problem(
        await client.delete(f"/v1/invoices/{final['id']}/payments/{settlement['id']}"), 409
    )
    # "unpaid" reverses the bank payment, never the credit note's settlement.
    await client.patch(f"/v1/invoices/{final['id']}/payment", json={"payment_status": "unpaid"})
    assert state(await invoice(client, final["id"])) == ("partially_paid", "121.00", "21.80", False)


async def test_a_credit_note_on_a_paid_invoice_is_a_refund_owed(client: httpx.AsyncClient) -> None:
    final = await finalized_invoice(client)
    assert (await pay(client, final["id"], "121.00")).status_code == 201
    credit = (await client.post(f"/v1/invoices/{final['id']}/credit-note", json={})).json()
    done = await finalize_draft(client, credit["id"])
    assert state(done) == ("unpaid", "0.00", "-121.00", False)
    assert state(await invoice(client, final["id"])) == ("paid", "121.00", "0.00", False)
    # The refund is given as what was paid out; the credit note shows it signed like its total.
    response = await pay(client, done["id"], "121.00")
    assert response.status_code == 201, response.text
    assert response.json()["invoice"] == {
        "payment_status": "paid",
        "amount_paid": "-121.00",
        "amount_due": "0.00",
        "overpaid": False,
    }
    assert response.json()["payment"]["amount"] == "-121.00"
    assert_problem(await pay(client, done["id"], "0.01"), 422)


async def test_the_paid_mark_records_and_reverses_a_payment(client: httpx.AsyncClient) -> None:
    final = await finalized_invoice(client)
    await pay(client, final["id"], "21.00")
    url = f"/v1/invoices/{final['id']}/payment"
    response = await client.patch(url, json={"payment_status": "paid"})
    assert response.status_code == 200, response.text
    assert state(response.json()) == ("paid", "121.00", "0.00", False)
    payments = (await client.get(f"/v1/invoices/{final['id']}/payments")).json()["data"]
    assert [(p["amount"], p["method"]) for p in payments] == [
        ("21.00", "bank"),
        ("100.00", "other"),
    ]
    response = await client.patch(url, json={"payment_status": "unpaid"})
    assert state(response.json()) == ("unpaid", "0.00", "121.00", False)
    problem = assert_problem(
        await client.patch(url, json={"payment_status": "partially_paid"}), 422
    )
    assert problem["errors"][0]["loc"] == ["body", "payment_status"]


async def test_a_draft_marked_paid_is_paid_in_full_once_final(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"], payment_status="paid")
    assert state(draft) == ("paid", "0.00", "121.00", False)
    final = await finalize_draft(client, draft["id"])
    assert state(final) == ("paid", "121.00", "0.00", False)
    [payment] = (await client.get(f"/v1/invoices/{final['id']}/payments")).json()["data"]
    assert (payment["amount"], payment["method"]) == ("121.00", "other")
    assert_problem(
        await client.post("/v1/invoices", json={"payment_status": "partially_paid"}), 422
    )


async def test_a_key_without_payments_write_cannot_record(
    app: Any, client: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    response = await client.post("/v1/api-keys", json={"name": "lezer", "scopes": ["read"]})
    assert response.status_code == 201, response.text
    async with client_with_key(app, response.json()["secret"]) as reader:
        assert_problem(await pay(reader, final["id"], "1.00"), 403)
        assert (await reader.get(f"/v1/invoices/{final['id']}/payments")).status_code == 200
