"""Issue 16: a recurrence saved with a start in the past makes no burst unless asked (backfill),
numbers follow dates, copies keep the base invoice's payment term, a failed creation stays
overdue, and the owner's mails say in words (Dutch or English) what happened."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from tests.support.factories import create_company, create_customer, create_invoice, finalize_draft
from tests.support.recurrences import on, recurrence, run_due
from tests.support.smtp import Received, SmtpServer

pytestmark = pytest.mark.anyio

# Six occurrences (5 June .. 5 November) lie before "today", 4 December 2026.
TODAY = "2026-12-04"
PAST = ["2026-06-05", "2026-07-05", "2026-08-05", "2026-09-05", "2026-10-05", "2026-11-05"]
SIX_MONTHS_BACK = {"start_date": "2026-06-04", "day_of_month": 5}


async def _base(client: httpx.AsyncClient, **invoice: Any) -> dict[str, Any]:
    """A final base invoice of € 1.234,56 (1020,30 + 21% VAT) for Jan de Vries."""
    person = await create_customer(client)
    draft = await create_invoice(
        client,
        customer_id=person["id"],
        lines=[{"description": "Onderhoud website\nmaandelijks", "unit_price": "1020.30"}],
        **({"invoice_date": "2025-12-01"} | invoice),
    )
    return await finalize_draft(client, draft["id"])


def _text(message: Received) -> tuple[str, str]:
    body = message.message.get_body(("plain",))
    assert body is not None
    # Babel separates the currency sign with a no-break space.
    return (
        " ".join(str(message.message["Subject"]).split()),  # unfolded
        str(body.get_content()).replace("\xa0", " "),
    )


async def _messages(outbox: SmtpServer, count: int) -> list[Received]:
    with anyio.fail_after(10):
        while len(outbox.messages) < count:
            await anyio.sleep(0.02)
    await anyio.sleep(0.3)  # and no more than that
    assert len(outbox.messages) == count, [m.message["Subject"] for m in outbox.messages]
    return outbox.messages


# --- safe starts -------------------------------------------------------------------------------


async def test_a_start_six_months_back_invoices_nothing_without_backfill(
    client: httpx.AsyncClient,
) -> None:
    base = await _base(client)
    fields = {"base_invoice_id": base["id"], "automation": "create_and_send"} | SIX_MONTHS_BACK
    with on(TODAY):
        body = SIX_MONTHS_BACK | {"automation": "create_and_send", "count": 2}
        preview = (await client.post("/v1/recurrences/preview", json=body)).json()
        made = await recurrence(client, **fields)
    assert (preview["next_date"], preview["skipped_dates"]) == ("2026-12-05", PAST)
    assert (made["next_date"], made["skipped_dates"], made["catch_up_dates"]) == (
        "2026-12-05",
        PAST,
        [],
    )
    assert made["overdue"] is False
    report = await run_due(client, TODAY)
    assert (report["runs"], report["invoices"], report["mails"]) == ([], [], [])


async def test_backfill_invoices_the_past_dates_numbered_in_date_order(
    client: httpx.AsyncClient,
) -> None:
    base = await _base(client)
    fields = {"base_invoice_id": base["id"], "automation": "create", "backfill": True}
    with on(TODAY):
        body = SIX_MONTHS_BACK | {"automation": "create", "backfill": True}
        preview = (await client.post("/v1/recurrences/preview", json=body)).json()
        made = await recurrence(client, **fields, **SIX_MONTHS_BACK)
    assert (preview["next_date"], preview["catch_up_dates"]) == (PAST[0], PAST)
    assert (made["next_date"], made["catch_up_dates"], made["skipped_dates"]) == (
        PAST[0],
        PAST,
        [],
    )
    report = await run_due(client, TODAY)
    invoices = report["invoices"]
    assert [i["invoice_date"] for i in invoices] == PAST
    numbers = [i["number"] for i in invoices]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 6
    assert numbers[0] > base["number"]


async def test_none_and_notify_show_one_overdue_date_not_a_backlog(
    client: httpx.AsyncClient,
) -> None:
    base = await _base(client)
    with on(TODAY):
        manual = await recurrence(client, base_invoice_id=base["id"], **SIX_MONTHS_BACK)
        notify = await recurrence(
            client, base_invoice_id=base["id"], automation="notify", **SIX_MONTHS_BACK
        )
        for made in (manual, notify):
            assert (made["next_date"], made["overdue"]) == ("2026-11-05", True)
            assert (made["skipped_dates"], made["catch_up_dates"]) == (PAST[:-1], PAST[-1:])
        report = await run_due(client, TODAY)
    [run] = report["runs"]
    assert (run["recurrence_id"], run["occurrence_date"], run["detail"]) == (
        notify["id"],
        "2026-11-05",
        None,
    )


async def test_catch_up_after_downtime_numbers_invoices_in_date_order(
    client: httpx.AsyncClient,
) -> None:
    """Two recurrences fall due while the worker is down; their invoices are numbered by date,
    across the recurrences."""
    base = await _base(client)
    for start, day in (("2026-01-01", 20), ("2026-03-01", 10)):
        await recurrence(
            client,
            created_on="2025-12-15",
            base_invoice_id=base["id"],
            start_date=start,
            day_of_month=day,
            automation="create",
        )
    report = await run_due(client, "2026-04-05")
    by_number = sorted(report["invoices"], key=lambda i: i["number"])
    assert [i["invoice_date"] for i in by_number] == [
        "2026-01-20",
        "2026-02-20",
        "2026-03-10",
        "2026-03-20",
    ]


# --- copies ------------------------------------------------------------------------------------


async def test_copies_keep_the_base_invoices_payment_term(client: httpx.AsyncClient) -> None:
    base = await _base(client, due_date="2025-12-15")  # 14 days; the administration has 30
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=base["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create",
    )
    [created] = (await run_due(client, "2026-02-01"))["invoices"]
    assert (created["invoice_date"], created["due_date"]) == ("2026-02-01", "2026-02-15")
    with on("2026-03-02"):
        copy = (await client.post(f"/v1/recurrences/{made['id']}/copy")).json()
    assert (copy["invoice_date"], copy["due_date"]) == ("2026-03-02", "2026-03-16")


# --- owner mails and failures ------------------------------------------------------------------


async def test_created_mail_in_dutch_and_english(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    base = await _base(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=base["id"],
        start_date="2026-01-01",
        day_of_month=1,
        automation="create",
    )
    [first] = (await run_due(client, "2026-01-01"))["invoices"]
    [message] = await _messages(outbox, 1)
    subject, body = _text(message)
    assert subject == f"Terugkerende factuur {first['number']} aangemaakt: Jan de Vries, € 1.234,56"
    assert (
        f"- 1 januari 2026: factuur {first['number']} is aangemaakt voor Jan de Vries: "
        f"Onderhoud website, € 1.234,56 (kopie van factuur {base['number']})."
    ) in body
    assert body.startswith("Beste,")
    assert "2026-01-01" not in body
    assert made["id"] not in body
    assert "rec_" not in body

    await client.patch("/v1/administration", json={"locale": "en"})
    [second] = (await run_due(client, "2026-02-01"))["invoices"]
    [_, english] = await _messages(outbox, 2)
    subject, body = _text(english)
    assert subject == f"Recurring invoice {second['number']} created: Jan de Vries, €1,234.56"
    assert (
        f"- 1 February 2026: invoice {second['number']} was created for Jan de Vries: "
        f"Onderhoud website, €1,234.56 (a copy of invoice {base['number']})."
    ) in body


async def test_a_failed_creation_says_so_and_stays_overdue_until_it_succeeds(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    base = await _base(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=base["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create",
    )
    assert (await client.patch("/v1/administration", json={"kvk_number": None})).status_code == 200
    [run] = (await run_due(client, "2026-02-10"))["runs"]
    assert run["outcome"] == "failed"
    [message] = await _messages(outbox, 1)
    subject, body = _text(message)
    assert subject == (
        "Terugkerende factuur NIET aangemaakt: Jan de Vries, Onderhoud website, 1 februari 2026"
    )
    assert "De terugkerende factuur van 1 februari 2026 voor Jan de Vries is NIET aangemaakt." in (
        body
    )
    assert "Reden: de bedrijfsgegevens in de instellingen zijn niet compleet" in body
    assert f"Basisfactuur: {base['number']} (Onderhoud website, € 1.234,56)." in body
    with on("2026-02-10"):
        after = (await client.get(f"/v1/recurrences/{made['id']}")).json()
    assert (after["next_date"], after["overdue"]) == ("2026-02-01", True)

    # Tried again at the next run: still failing, not mailed again, no second draft.
    again = await run_due(client, "2026-02-11")
    assert [r["outcome"] for r in again["runs"]] == ["failed"]
    assert again["mails"] == []
    drafts = (await client.get("/v1/invoices", params={"status": "draft"})).json()["data"]
    assert len(drafts) == 1

    # Fixed: the next run makes the invoice on its own date and the date moves on.
    await client.patch("/v1/administration", json={"kvk_number": "12345678"})
    fixed = await run_due(client, "2026-02-12")
    assert [r["outcome"] for r in fixed["runs"]] == ["created"]
    [created] = fixed["invoices"]
    assert (created["id"], created["invoice_date"], created["status"]) == (
        drafts[0]["id"],
        "2026-02-01",
        "final",
    )
    with on("2026-02-12"):
        after = (await client.get(f"/v1/recurrences/{made['id']}")).json()
    assert (after["next_date"], after["overdue"]) == ("2026-03-01", False)


async def test_a_failed_creation_stays_overdue_until_acknowledged(
    client: httpx.AsyncClient,
) -> None:
    base = await _base(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=base["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create",
    )
    await client.patch("/v1/administration", json={"kvk_number": None})
    await run_due(client, "2026-02-10")
    with on("2026-02-10"):
        done = await client.post(f"/v1/recurrences/{made['id']}/acknowledge")
    assert done.status_code == 200, done.text
    assert (done.json()["next_date"], done.json()["overdue"]) == ("2026-03-01", False)


async def test_a_failure_reason_from_the_check_is_in_the_administrations_language(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    """The runner works outside a request: the check's own message (here NL-R-004, which the
    owner mail has no short reason for) must still be in the administration's language."""
    company = await create_company(client, kvk_number="87654321", address={"city": "Rotterdam"})
    draft = await create_invoice(
        client,
        company_id=company["id"],
        invoice_date="2025-12-01",
        lines=[{"description": "Onderhoud website", "unit_price": "100"}],
    )
    await client.patch("/v1/administration", json={"locale": "en"})
    await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=draft["id"],
        start_date="2026-01-01",
        day_of_month=1,
        automation="create",
    )
    [run] = (await run_due(client, "2026-01-01"))["runs"]
    assert run["outcome"] == "failed"
    [message] = await _messages(outbox, 1)
    _, body = _text(message)
    assert "is a Dutch business buyer without a complete address" in body
    assert "Nederlandse zakelijke afnemer" not in body
