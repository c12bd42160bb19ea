"""Issue 18, findings 4 and 8: invoice numbers are unique within an administration over all its
series (Dutch law), and a credit note never credits more than is left of its invoice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.db import Database
from app.models import Administration, Invoice, NumberCounter
from app.parties.identifiers import number_fields, number_formats_can_collide
from tests.support.assertions import assert_problem
from tests.support.factories import (
    ADMINISTRATION,
    OPERATOR,
    Tenant,
    create_customer,
    create_invoice,
    finalize,
    finalize_draft,
)

pytestmark = pytest.mark.anyio


async def final_invoice(client: httpx.AsyncClient, *lines: dict[str, Any]) -> dict[str, Any]:
    customer = await create_customer(client, delivery_method="none")
    draft = await create_invoice(
        client, customer_id=customer["id"], invoice_date="2026-05-01", lines=list(lines)
    )
    return await finalize_draft(client, draft["id"])


def line(unit_price: str, quantity: str = "1", vat_rate: str = "0") -> dict[str, Any]:
    return {
        "description": "Werk",
        "quantity": quantity,
        "unit_price": unit_price,
        "vat_rate": vat_rate,
    }


async def credit_note(
    client: httpx.AsyncClient, invoice_id: str, body: dict[str, Any] | None = None
) -> httpx.Response:
    return await client.post(f"/v1/invoices/{invoice_id}/credit-note", json=body or {})


async def counters(db: Database, administration_id: str) -> dict[str, int]:
    async with db.transaction(write=False) as session:
        rows = await session.execute(
            select(NumberCounter.series, NumberCounter.last_sequence).where(
                NumberCounter.administration_id == administration_id
            )
        )
        return {row.series: row.last_sequence for row in rows}


# --- finding 4: unique numbers ----------------------------------------------------------------


async def test_literal_braces_are_text_and_number_one_series(client: httpx.AsyncClient) -> None:
    """`{{year}}` prints the text `{year}`; the substring test took it for the year field, so
    each year restarted at 1 and two invoices were both numbered `{year}-1`."""
    patched = await client.patch("/v1/administration", json={"number_format": "{{year}}-{seq}"})
    assert patched.status_code == 200, patched.text
    customer = await create_customer(client, delivery_method="none")
    numbers = []
    for day in ("2026-12-30", "2027-01-02", "2026-12-31"):
        draft = await create_invoice(client, customer_id=customer["id"], invoice_date=day)
        numbers.append((await finalize_draft(client, draft["id"]))["number"])
    assert numbers == ["{year}-1", "{year}-2", "{year}-3"]


async def test_month_without_year_is_refused(client: httpx.AsyncClient) -> None:
    """A per-month count without the year would repeat every year; refused, naming the field."""
    for field in ("number_format", "credit_note_number_format"):
        body = assert_problem(
            await client.patch("/v1/administration", json={field: "F{month:02}-{seq:04}"}), 422
        )
        assert body["errors"][0]["loc"][:2] == ["body", field], body
    ok = await client.patch("/v1/administration", json={"number_format": "F{year}{month}-{seq}"})
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize(
    ("invoice_format", "credit_format"),
    [
        ("{year}-{seq:05}", "{year}-{seq:05}"),  # identical
        ("{year}-{seq}", "{year}-{seq:05}"),  # both can print 2026-12345
        ("F{seq:04}", "F{seq:06}"),  # only the padding differs
        ("{year}{seq:05}", "{seq}"),  # digits only, both
    ],
)
async def test_overlapping_credit_note_format_is_refused_on_create_and_patch(
    http: httpx.AsyncClient, tenant: Tenant, invoice_format: str, credit_format: str
) -> None:
    response = await http.post(
        "/v1/administrations",
        json=ADMINISTRATION
        | {"number_format": invoice_format, "credit_note_number_format": credit_format},
        headers=OPERATOR,
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["loc"] == ["body", "credit_note_number_format"], body
    client = tenant.client
    ok = await client.patch("/v1/administration", json={"number_format": invoice_format})
    assert ok.status_code == 200, ok.text
    body = assert_problem(
        await client.patch("/v1/administration", json={"credit_note_number_format": credit_format}),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "credit_note_number_format"], body
    # Changing the invoice format into the credit-note one is refused too, naming that field.
    ok = await client.patch("/v1/administration", json={"credit_note_number_format": "CN-{seq}"})
    assert ok.status_code == 200, ok.text
    body = assert_problem(
        await client.patch("/v1/administration", json={"number_format": "CN-{seq:03}"}), 422
    )
    assert body["errors"][0]["loc"] == ["body", "number_format"], body
    settings = (await client.get("/v1/administration")).json()
    assert (settings["number_format"], settings["credit_note_number_format"]) == (
        invoice_format,
        "CN-{seq}",
    )


@pytest.mark.parametrize(
    ("first", "second", "collide"),
    [
        ("C{year}-{seq:05}", "{year}-{seq:05}", False),
        ("{year}-{seq:05}", "{year}-{seq:05}", True),
        ("{year}-{seq}", "{year}-{seq:05}", True),  # 2026-12345
        ("{year}-{seq:05}", "{year}{seq:05}", False),  # a dash or not
        ("{year}-{month}-{seq}", "{year}-{seq}", False),  # two dashes or one
        ("{{year}}-{seq}", "{year}-{seq}", False),  # `{` is no digit
        ("X{seq}", "X{seq}Y", False),
        ("{seq}0", "1{seq}", True),  # 110: seq 11, or seq 10
        ("A{seq:3}", "A  {seq}", True),  # space padding: `A  7`
    ],
)
def test_collision_rule(first: str, second: str, collide: bool) -> None:
    assert number_formats_can_collide(first, second) is collide
    assert number_formats_can_collide(second, first) is collide


def test_fields_of_a_format_come_from_parsing_it() -> None:
    assert number_fields("{{year}}-{seq}") == {"seq"}
    assert number_fields("{year}{month:02}-{seq:04}") == {"year", "month", "seq"}


async def test_formats_that_differ_in_their_text_are_accepted(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/v1/administrations",
        json=ADMINISTRATION
        | {"number_format": "{year}-{seq:05}", "credit_note_number_format": "C{year}-{seq:05}"},
        headers=OPERATOR,
    )
    assert response.status_code == 201, response.text


async def test_overlapping_formats_stored_before_fail_finalising_cleanly_and_leave_no_gap(
    client: httpx.AsyncClient, tenant: Tenant, db: Database
) -> None:
    """An administration whose formats were stored before overlaps were refused: the credit
    note would get the invoice's number. Finalising it is a 409 that changes nothing; once the
    format is fixed the credit-note series starts at 1."""
    async with db.transaction(write=True) as session:
        await session.execute(
            update(Administration)
            .where(Administration.id == tenant.id)
            .values(credit_note_number_format="{year}-{seq:05}")
        )
    invoice = await final_invoice(client, line("100.00"))
    assert invoice["number"] == "2026-00001"
    credit = (await credit_note(client, invoice["id"], {"invoice_date": "2026-05-02"})).json()
    before = await counters(db, tenant.id)

    body = assert_problem(await finalize(client, credit["id"]), 409)
    assert body["type"].endswith("/number-in-use")
    assert "2026-00001" in body["detail"]
    assert "credit_note_number_format" in body["detail"]
    again = (await client.get(f"/v1/invoices/{credit['id']}")).json()
    assert (again["status"], again["number"], again["documents"]) == ("draft", None, [])
    assert await counters(db, tenant.id) == before  # the number was not used up

    fixed = await client.patch(
        "/v1/administration", json={"credit_note_number_format": "C{year}-{seq:05}"}
    )
    assert fixed.status_code == 200, fixed.text
    assert (await finalize_draft(client, credit["id"]))["number"] == "C2026-00001"
    customer = await create_customer(client, delivery_method="none")
    draft = await create_invoice(client, customer_id=customer["id"], invoice_date="2026-05-03")
    assert (await finalize_draft(client, draft["id"]))["number"] == "2026-00002"


async def test_unique_index_refuses_a_number_twice_across_series(
    client: httpx.AsyncClient, tenant: Tenant, db: Database
) -> None:
    """The backstop: whatever the formats, the database refuses a second row with a number of
    the administration, also in another series; drafts (no number) never collide."""
    first = await final_invoice(client, line("100.00"))
    second = await final_invoice(client, line("50.00"))
    customer = await create_customer(client)
    for _ in range(2):
        await create_invoice(client, customer_id=customer["id"])  # drafts: number NULL
    with pytest.raises(IntegrityError):
        async with db.transaction(write=True) as session:
            await session.execute(
                update(Invoice)
                .where(Invoice.id == second["id"])
                .values(series="credit-2026", number=first["number"])
            )
    async with db.transaction(write=False) as session:
        stored = await session.scalar(select(Invoice.number).where(Invoice.id == second["id"]))
    assert stored == second["number"] != first["number"]


# --- finding 8: no more credit than is left --------------------------------------------------


async def test_second_full_credit_note_is_refused_naming_the_amount_left(
    client: httpx.AsyncClient,
) -> None:
    invoice = await final_invoice(client, line("100.00", vat_rate="21"))
    assert invoice["totals"]["total"] == "121.00"
    first = await credit_note(client, invoice["id"])
    assert first.status_code == 201, first.text
    # A second draft may exist (drafts do not count: they can change or be deleted) ...
    second = await credit_note(client, invoice["id"])
    assert second.status_code == 201, second.text
    await finalize_draft(client, first.json()["id"])

    # ... but once the first is final, nothing is left: a new one is refused at once,
    body = assert_problem(await credit_note(client, invoice["id"]), 422)
    assert body["type"].endswith("/credit-exceeds-invoice")
    assert body["amount_left"] == "0.00"
    assert "EUR 0.00 is left to credit" in body["detail"], body["detail"]
    assert invoice["number"] in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "lines"]
    # and the draft made before cannot be finalised: it stays a draft without a number.
    body = assert_problem(await finalize(client, second.json()["id"]), 422)
    assert body["amount_left"] == "0.00"
    again = (await client.get(f"/v1/invoices/{second.json()['id']}")).json()
    assert (again["status"], again["number"]) == ("draft", None)


async def test_partial_credit_notes_up_to_the_total_and_not_a_cent_more(
    client: httpx.AsyncClient,
) -> None:
    invoice = await final_invoice(client, line("100.00"))
    first = (await credit_note(client, invoice["id"])).json()
    rest = (await credit_note(client, invoice["id"])).json()
    # The drafts' lines can be edited: the first credits 40.00.
    await client.patch(f"/v1/invoices/{first['id']}", json={"lines": [line("40.00", "-1")]})
    assert (await finalize_draft(client, first["id"]))["totals"]["total"] == "-40.00"

    edited = await client.patch(f"/v1/invoices/{rest['id']}", json={"lines": [line("60.01", "-1")]})
    assert edited.json()["totals"]["total"] == "-60.01"
    body = assert_problem(await finalize(client, rest["id"]), 422)
    assert body["amount_left"] == "60.00"
    assert "EUR 60.00 is left to credit" in body["detail"]
    assert "credits EUR 60.01" in body["detail"]

    await client.patch(f"/v1/invoices/{rest['id']}", json={"lines": [line("60.00", "-1")]})
    assert (await finalize_draft(client, rest["id"]))["totals"]["total"] == "-60.00"
    body = assert_problem(
        await credit_note(client, invoice["id"], {"lines": [0], "notes": "nog een"}), 422
    )
    assert body["amount_left"] == "0.00"


async def test_crediting_a_discount_line_credits_nothing_and_keeps_the_sum_right(
    client: httpx.AsyncClient,
) -> None:
    """Crediting only the discount line gives a positive credit note: it credits nothing, and
    once final the customer owes its amount more, which can be credited again."""
    invoice = await final_invoice(client, line("100.00"), line("-10.00"))
    assert invoice["totals"]["total"] == "90.00"
    discount = await credit_note(client, invoice["id"], {"lines": [1]})
    assert discount.status_code == 201, discount.text
    assert (await finalize_draft(client, discount.json()["id"]))["totals"]["total"] == "10.00"
    work = await credit_note(client, invoice["id"], {"lines": [0]})
    assert work.status_code == 201, work.text
    assert (await finalize_draft(client, work.json()["id"]))["totals"]["total"] == "-100.00"
    # 90.00 + 10.00 - 100.00: nothing is owed, nothing is left to credit.
    body = assert_problem(await credit_note(client, invoice["id"], {"lines": [0]}), 422)
    assert body["amount_left"] == "0.00"


async def test_two_full_credit_notes_finalised_at_once_one_wins(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The credited invoice is locked while what is left is checked: of two full credit notes
    finalised at the same moment exactly one becomes final. A subscriber of InvoiceFinalized (run
    after the check, before commit) holds each transaction open a moment, so the second
    checks while the first is still open: without the lock both saw 121.00 left (PostgreSQL;
    SQLite serialises writers)."""
    from app import events

    async def linger(*_: object) -> None:
        await anyio.sleep(0.3)

    # Each finalisation lingers in its transaction after the check (the event is published
    # before commit), so the second one checks while the first is still open.
    handlers = [*events.subscribers(events.InvoiceFinalized), linger]
    monkeypatch.setitem(events._handlers, events.InvoiceFinalized, handlers)
    invoice = await final_invoice(client, line("100.00", vat_rate="21"))
    drafts = [(await credit_note(client, invoice["id"])).json()["id"] for _ in range(2)]
    statuses: dict[str, int] = {}

    async def finalise(draft_id: str) -> None:
        response = await finalize(client, draft_id)
        statuses[draft_id] = response.status_code

    async with anyio.create_task_group() as group:
        for draft_id in drafts:
            group.start_soon(finalise, draft_id)
    assert sorted(statuses.values()) == [200, 422]
    finals = [
        got
        for got in [(await client.get(f"/v1/invoices/{d}")).json() for d in drafts]
        if got["status"] == "final"
    ]
    assert [Decimal(f["totals"]["total"]) for f in finals] == [Decimal("-121.00")]
