"""Importing CAMT.053 statements over HTTP: credits become payments of the invoices they match,
the rest is listed, and the same or an overlapping statement creates nothing twice (also when
two imports run at once)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.support.banking import (
    DAY,
    EARLIER,
    OVERLAP,
    RABOBANK,
    RABOBANK_IBAN,
    bank_transactions,
    import_ok,
    post_statement,
)
from tests.support.factories import (
    LINE,
    create_customer,
    finalized_invoice,
    new_tenant,
)

pytestmark = pytest.mark.anyio


async def invoice_of(
    client: httpx.AsyncClient, customer: dict[str, Any], quantity: str
) -> dict[str, Any]:
    """A final invoice dated in November 2026 of `quantity` x 100.00 + 21% VAT."""
    return await finalized_invoice(
        client,
        customer_id=customer["id"],
        invoice_date="2026-11-02",
        lines=[LINE | {"quantity": quantity}],
    )


async def state(client: httpx.AsyncClient, invoice: dict[str, Any]) -> tuple[str, str, str]:
    response = await client.get(f"/v1/invoices/{invoice['id']}")
    assert response.status_code == 200, response.text
    body = response.json()
    return body["payment_status"], body["amount_paid"], body["amount_due"]


async def payments_of(client: httpx.AsyncClient, invoice: dict[str, Any]) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/invoices/{invoice['id']}/payments")
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


async def four_invoices(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    """2026-00001 (121.00) and 2026-00003 (605.00) of the bakery, 2026-00002 (1210.00) of Jan
    de Vries, 2026-00004 (968.00) of the bicycle shop: what the ABN AMRO fixtures pay."""
    bakery = await create_customer(client, name="Bakkerij de Krakeling", email="a@krakeling.nl")
    jan = await create_customer(client)
    shop = await create_customer(client, name="Fietsenmakerij Snel", email="info@snel.nl")
    made = {
        "earlier": await invoice_of(client, bakery, "1"),
        "by_reference": await invoice_of(client, jan, "10"),
        "by_amount": await invoice_of(client, bakery, "5"),
        "partial": await invoice_of(client, shop, "8"),
    }
    numbers = [i["number"] for i in made.values()]
    assert numbers == ["2026-00001", "2026-00002", "2026-00003", "2026-00004"]
    return made


async def test_statement_pays_two_invoices_partly_pays_one_lists_one_and_reimport_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    """The issue's done-when: by reference, by amount + known IBAN, a partial payment and one
    unknown credit; imported again, nothing changes."""
    inv = await four_invoices(client)
    # An earlier statement: the bakery pays 2026-00001 by its number; its IBAN becomes known.
    earlier = await import_ok(client, EARLIER)
    assert earlier["counts"]["matched"] == 1
    assert await state(client, inv["earlier"]) == ("paid", "121.00", "0.00")

    body = await import_ok(client, DAY)
    assert body["message_type"] == "camt.053.001.02"
    assert body["account_ibans"] == ["NL91ABNA0417164300"]
    assert body["counts"] == {
        "transactions": 5,
        "new": 5,
        "already_known": 0,
        "matched": 3,
        "unmatched": 1,
        "ignored": 1,
    }
    summary = [
        (t["amount"], t["direction"], t["status"], t["matched_by"], t["invoice_id"])
        for t in body["transactions"]
    ]
    assert summary == [
        ("1210.00", "credit", "matched", "reference", inv["by_reference"]["id"]),
        ("605.00", "credit", "matched", "amount_iban", inv["by_amount"]["id"]),
        ("300.00", "credit", "matched", "reference", inv["partial"]["id"]),
        ("77.77", "credit", "unmatched", None, None),
        ("5.00", "debit", "ignored", None, None),
    ]
    first = body["transactions"][0]
    assert first["counterparty_name"] == "J. de Vries"
    assert first["counterparty_iban"] == "NL20INGB0001234567"
    assert first["remittance_info"] == "Factuur 2026-00002 onderhoud cv-ketel"
    assert first["bank_reference"] == "0417164300-1203-000001"
    assert first["booking_date"] == first["value_date"] == "2026-12-03"
    assert first["end_to_end_id"] is None  # NOTPROVIDED

    assert await state(client, inv["by_reference"]) == ("paid", "1210.00", "0.00")
    assert await state(client, inv["by_amount"]) == ("paid", "605.00", "0.00")
    assert await state(client, inv["partial"]) == ("partially_paid", "300.00", "668.00")
    [payment] = await payments_of(client, inv["by_reference"])
    assert payment["method"] == "bank"
    assert payment["date"] == "2026-12-03"
    assert payment["bank_transaction_id"] == first["id"]
    assert payment["id"] == first["payment_id"]

    unmatched = await bank_transactions(client, status="unmatched")
    assert [(t["amount"], t["counterparty_name"]) for t in unmatched] == [("77.77", "P. Onbekend")]
    matched = await bank_transactions(client, status="matched")
    assert len(matched) == 4  # three of today and the earlier one

    again = await import_ok(client, DAY)
    assert again["counts"] == {
        "transactions": 5,
        "new": 0,
        "already_known": 5,
        "matched": 0,
        "unmatched": 0,
        "ignored": 0,
    }
    assert again["transactions"] == []
    assert await state(client, inv["by_reference"]) == ("paid", "1210.00", "0.00")
    assert await state(client, inv["by_amount"]) == ("paid", "605.00", "0.00")
    assert await state(client, inv["partial"]) == ("partially_paid", "300.00", "668.00")
    assert len(await payments_of(client, inv["partial"])) == 1
    assert len(await bank_transactions(client)) == 6
    assert len(await bank_transactions(client, status="unmatched")) == 1


async def test_overlapping_statement_adds_only_what_is_new(client: httpx.AsyncClient) -> None:
    inv = await four_invoices(client)
    await import_ok(client, DAY)
    body = await import_ok(client, OVERLAP)
    assert body["counts"] == {
        "transactions": 3,
        "new": 1,
        "already_known": 2,
        "matched": 1,
        "unmatched": 0,
        "ignored": 0,
    }
    [new] = body["transactions"]
    assert (new["amount"], new["invoice_id"]) == ("668.00", inv["partial"]["id"])
    assert await state(client, inv["partial"]) == ("paid", "968.00", "0.00")
    assert len(await bank_transactions(client)) == 6


async def test_the_same_statement_imported_twice_at_once_is_stored_and_paid_once(
    app: Any, http: httpx.AsyncClient
) -> None:
    """Two imports race (PostgreSQL: concurrent transactions; SQLite: one writer at a time):
    the unique dedup key lets one of them store each transaction, and pay each invoice once."""
    async with new_tenant(app, http) as tenant:
        client = tenant.client
        inv = await four_invoices(client)
        await import_ok(client, EARLIER)
        first, second = await asyncio.gather(
            post_statement(client, DAY), post_statement(client, DAY)
        )
        assert first.status_code == second.status_code == 200, (first.text, second.text)
        counts = [r.json()["counts"] for r in (first, second)]
        assert sorted(c["new"] for c in counts) == [0, 5]
        assert all(c["already_known"] + c["new"] == 5 for c in counts)
        assert await state(client, inv["by_reference"]) == ("paid", "1210.00", "0.00")
        assert await state(client, inv["partial"]) == ("partially_paid", "300.00", "668.00")
        assert len(await payments_of(client, inv["by_amount"])) == 1
        assert len(await bank_transactions(client)) == 6


async def test_overlapping_statements_imported_at_once_store_each_transaction_once(
    client: httpx.AsyncClient,
) -> None:
    inv = await four_invoices(client)
    responses = await asyncio.gather(
        post_statement(client, DAY), post_statement(client, OVERLAP), post_statement(client, DAY)
    )
    assert [r.status_code for r in responses] == [200, 200, 200], [r.text for r in responses]
    assert sum(r.json()["counts"]["new"] for r in responses) == 6
    stored = await bank_transactions(client)
    assert len(stored) == 6
    assert len({t["bank_reference"] for t in stored}) == 6
    # 300.00 and 668.00 of 968.00, each once, whichever import made them.
    assert await state(client, inv["partial"]) == ("paid", "968.00", "0.00")
    assert len(await payments_of(client, inv["partial"])) == 2


async def test_rabobank_camt053_001_08_batch_twins_reversal_pending_and_debit(
    app: Any, http: httpx.AsyncClient
) -> None:
    async with new_tenant(app, http, iban=RABOBANK_IBAN) as tenant:
        client = tenant.client
        one = await finalized_invoice(
            client, invoice_date="2026-11-02", lines=[LINE | {"quantity": "10"}]
        )
        two = await finalized_invoice(client, invoice_date="2026-11-02")
        assert (one["number"], two["number"]) == ("2026-00001", "2026-00002")
        body = await import_ok(client, RABOBANK)
        assert body["message_type"] == "camt.053.001.08"
        # The pending credit (PDNG) is not booked money: left out.
        assert body["counts"] == {
            "transactions": 6,
            "new": 6,
            "already_known": 0,
            "matched": 2,
            "unmatched": 2,
            "ignored": 2,
        }
        rows = [
            (t["amount"], t["direction"], t["status"], t["invoice_id"], t["counterparty_name"])
            for t in body["transactions"]
        ]
        assert rows == [
            ("1210.00", "credit", "matched", one["id"], "Installatiebedrijf Jansen"),
            ("121.00", "credit", "matched", two["id"], "M. Bakker"),
            ("25.00", "credit", "unmatched", None, "Tennisvereniging De Lob"),
            ("25.00", "credit", "unmatched", None, "Tennisvereniging De Lob"),
            ("60.00", "credit", "ignored", None, "Drukkerij Peters"),
            ("45.00", "debit", "ignored", None, "Drukkerij Peters"),
        ]
        batch = body["transactions"][0]
        assert batch["structured_reference"] == "2026-00001"
        assert batch["bank_reference"] == "RABO20261203091422001-1"
        assert batch["booking_date"] == "2026-12-03"  # from a date-time
        assert await state(client, one) == ("paid", "1210.00", "0.00")
        assert await state(client, two) == ("paid", "121.00", "0.00")

        # The twins have no bank reference: their facts and their order tell them apart, and
        # the same file again adds neither.
        again = await import_ok(client, RABOBANK)
        assert (again["counts"]["new"], again["counts"]["already_known"]) == (0, 6)
        assert len(await bank_transactions(client)) == 6


async def test_multipart_upload_is_read_like_a_raw_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/bank-statements",
        files={"file": ("ABN-AMRO-2026-12-03.xml", DAY, "application/xml")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["new"] == 5
    response = await post_statement(client, DAY, content_type="text/xml; charset=utf-8")
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["already_known"] == 5


async def test_matched_credits_are_webhook_events_of_the_payments_core(
    client: httpx.AsyncClient,
) -> None:
    """`payment.created` for each payment a statement makes, `invoice.paid` for each invoice it
    completes, written in the import's transaction (the endpoint gets them from the outbox)."""
    inv = await four_invoices(client)
    endpoint = await client.post(
        "/v1/webhook-endpoints",
        json={"url": "https://93.184.215.14/", "events": ["payment.created", "invoice.paid"]},
    )
    assert endpoint.status_code == 201, endpoint.text
    await import_ok(client, EARLIER)
    await import_ok(client, DAY)
    await import_ok(client, DAY)  # again: no new events
    response = await client.get(f"/v1/webhook-endpoints/{endpoint.json()['id']}/deliveries")
    assert response.status_code == 200, response.text
    events = sorted(e["type"] for e in response.json()["data"])
    # 121.00, 1210.00, 605.00 complete their invoices; 300.00 is a part of 968.00.
    assert events == ["invoice.paid"] * 3 + ["payment.created"] * 4
    assert await state(client, inv["partial"]) == ("partially_paid", "300.00", "668.00")
