"""Recurring invoices over HTTP (seed 004): validation, preview, the four automation modes,
catch-up, pausing, and the mails each mode makes, through a real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import anyio
import httpx
import pytest

from app import clock
from tests.support.assertions import assert_problem
from tests.support.factories import OPERATOR, Tenant, finalize
from tests.support.pdf import pdf_text
from tests.support.recurrences import base_invoice, on, recurrence, run_due
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio


@pytest.fixture
def today() -> Iterator[datetime]:
    """Pin "now" to 15 March 2026, 12:00 UTC (13:00 in Amsterdam)."""
    now = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
    clock.set_clock(lambda: now)
    yield now
    clock.set_clock(None)


# --- validation and preview --------------------------------------------------------------------

BAD: list[tuple[str, dict[str, Any], str]] = [
    ("day-29", {"day_of_month": 29}, "day_of_month"),
    ("day-31", {"day_of_month": 31}, "day_of_month"),
    ("day-0", {"day_of_month": 0}, "day_of_month"),
    ("month-0", {"month": 0}, "month"),
    ("month-13", {"month": 13}, "month"),
    ("end-before-start", {"end_date": "2025-12-31"}, "body"),
    ("unknown-automation", {"automation": "sometimes"}, "automation"),
    ("unknown-payment-status", {"payment_status": "half"}, "payment_status"),
    ("missing-start", {"start_date": None}, "start_date"),
    ("year-10000", {"start_date": "9999-12-31"}, "start_date"),
    ("next-date-is-read-only", {"next_date": "2026-05-01"}, "next_date"),
]


@pytest.mark.parametrize(("case", "change", "field"), BAD, ids=[b[0] for b in BAD])
async def test_bad_recurrence_is_422_and_nothing_stored(
    client: httpx.AsyncClient, case: str, change: dict[str, Any], field: str
) -> None:
    invoice = await base_invoice(client)
    body = {
        "base_invoice_id": invoice["id"],
        "start_date": "2026-01-01",
        "day_of_month": 1,
    } | change
    problem = assert_problem(await client.post("/v1/recurrences", json=body), 422)
    assert problem["errors"][0]["loc"][:2] == ["body", field] or field == "body", problem
    if case == "day-29":
        assert "February" in problem["errors"][0]["msg"]
    assert (await client.get("/v1/recurrences")).json()["data"] == []


async def test_base_invoice_of_another_administration_is_422(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    from tests.support.factories import new_tenant

    async with new_tenant(app, http) as other:
        foreign = await base_invoice(other.client)
    body = {"base_invoice_id": foreign["id"], "start_date": "2026-01-01", "day_of_month": 1}
    problem = assert_problem(await client.post("/v1/recurrences", json=body), 422)
    assert problem["errors"][0]["loc"] == ["body", "base_invoice_id"]


async def test_recurrence_on_a_deleted_invoice_is_422(client: httpx.AsyncClient) -> None:
    invoice = await base_invoice(client)
    assert (await client.delete(f"/v1/invoices/{invoice['id']}")).status_code == 204
    body = {"base_invoice_id": invoice["id"], "start_date": "2026-01-01", "day_of_month": 1}
    assert_problem(await client.post("/v1/recurrences", json=body), 422)
    assert (await client.get("/v1/recurrences")).json()["data"] == []


async def test_base_invoice_with_recurrences_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    invoice = await base_invoice(client)
    await recurrence(client, base_invoice_id=invoice["id"], start_date="2026-01-01", day_of_month=1)
    assert_problem(await client.delete(f"/v1/invoices/{invoice['id']}"), 409)


async def test_preview_stores_nothing(client: httpx.AsyncClient) -> None:
    with on("2026-01-01"):
        response = await client.post(
            "/v1/recurrences/preview",
            json={"start_date": "2026-01-31", "day_of_month": 28, "month": 2, "count": 3},
        )
        monthly = await client.post(
            "/v1/recurrences/preview",
            json={
                "start_date": "2026-01-16",
                "end_date": "2026-04-15",
                "day_of_month": 15,
                "count": 10,
            },
        )
    assert response.json() == {
        "next_date": "2026-02-28",
        "upcoming": ["2026-02-28", "2027-02-28", "2028-02-28"],
        "skipped_dates": [],
        "catch_up_dates": [],
    }
    assert monthly.json() == {
        "next_date": "2026-02-15",
        "upcoming": ["2026-02-15", "2026-03-15", "2026-04-15"],
        "skipped_dates": [],
        "catch_up_dates": [],
    }
    assert_problem(
        await client.post(
            "/v1/recurrences/preview", json={"start_date": "2026-01-01", "day_of_month": 30}
        ),
        422,
    )
    assert (await client.get("/v1/recurrences")).json()["data"] == []


async def test_several_recurrences_per_invoice_make_a_quarterly_rhythm(
    client: httpx.AsyncClient, today: datetime
) -> None:
    invoice = await base_invoice(client)
    for month in (1, 4, 7, 10):
        await recurrence(
            client,
            base_invoice_id=invoice["id"],
            start_date="2026-01-01",
            day_of_month=5,
            month=month,
        )
    listed = (await client.get(f"/v1/invoices/{invoice['id']}/recurrences")).json()["data"]
    assert sorted(r["next_date"] for r in listed) == [
        "2026-01-05",
        "2026-04-05",
        "2026-07-05",
        "2026-10-05",
    ]
    assert [r["overdue"] for r in sorted(listed, key=lambda r: r["next_date"])] == [
        True,
        False,
        False,
        False,
    ]


async def test_finished_after_the_end_date(client: httpx.AsyncClient, today: datetime) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-01-01",
        end_date="2026-02-01",
        day_of_month=1,
        automation="create",
    )
    await run_due(client, "2026-03-15")
    done = (await client.get(f"/v1/recurrences/{made['id']}")).json()
    assert (done["next_date"], done["finished"], done["overdue"]) == (None, True, False)
    assert done["last_occurrence_date"] == "2026-02-01"


# --- the manual flow ---------------------------------------------------------------------------


async def test_none_mode_stays_overdue_until_copied_and_acknowledged(
    client: httpx.AsyncClient, today: datetime
) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client, base_invoice_id=invoice["id"], start_date="2026-03-01", day_of_month=10
    )
    assert (made["next_date"], made["overdue"]) == ("2026-03-10", True)
    report = await run_due(client, "2026-03-15")
    assert report["runs"] == []  # nothing happens by itself in this mode
    copied = await client.post(f"/v1/recurrences/{made['id']}/copy")
    assert copied.status_code == 201
    copy = copied.json()
    assert (copy["status"], copy["invoice_date"], copy["number"]) == ("draft", "2026-03-15", None)
    assert copy["lines"][0]["description"] == "Website lease per maand"
    assert copy["notes"] == "Abonnement [deze_maand_factuur] ([dit_kwartaal_factuur])"
    final = (await finalize(client, copy["id"])).json()
    assert final["notes"] == "Abonnement maart 2026 (1e kwartaal 2026)"
    acknowledged = await client.post(f"/v1/recurrences/{made['id']}/acknowledge")
    assert acknowledged.status_code == 200
    assert (acknowledged.json()["next_date"], acknowledged.json()["overdue"]) == (
        "2026-04-10",
        False,
    )
    assert_problem(await client.post(f"/v1/recurrences/{made['id']}/acknowledge"), 409)


# --- automated modes ---------------------------------------------------------------------------


async def test_notify_mails_the_owner_and_moves_to_the_future(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-01-01",
        day_of_month=5,
        automation="notify",
    )
    report = await run_due(client, "2026-03-20")
    assert [(r["occurrence_date"], r["outcome"]) for r in report["runs"]] == [("2026-01-05", "due")]
    assert report["invoices"] == []
    [notification] = report["mails"]
    assert notification["to"] == ["eigenaar@testbedrijf.nl"]
    assert "5 maart 2026" in report["runs"][0]["detail"]  # the passed dates, in Dutch
    after = (await client.get(f"/v1/recurrences/{made['id']}")).json()
    assert after["next_date"] == "2026-04-05"  # the first occurrence in the future
    with anyio.fail_after(10):
        while not outbox.messages:
            await anyio.sleep(0.02)
    [message] = outbox.messages
    assert message.rcpt_tos == ["eigenaar@testbedrijf.nl"]
    assert "bereikt" in message.message["Subject"]
    assert (await run_due(client, "2026-03-20"))["runs"] == []


async def test_create_finalises_a_copy_and_tells_only_the_owner(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    invoice = await base_invoice(client)
    await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create",
        payment_status="paid",
    )
    report = await run_due(client, "2026-02-10")
    [run] = report["runs"]
    assert (run["occurrence_date"], run["outcome"]) == ("2026-02-01", "created")
    [created] = report["invoices"]
    assert created["status"] == "final"
    assert created["invoice_date"] == "2026-02-01"
    assert created["payment_status"] == "paid"
    assert created["notes"] == "Abonnement februari 2026 (1e kwartaal 2026)"
    assert created["lines"][0]["description"] == "Website lease per maand"
    assert created["number"] == "2026-00001"
    assert [d["kind"] for d in created["documents"]] == ["pdf", "ubl"]
    assert (await client.get(f"/v1/invoices/{created['id']}/mails")).json()["data"] == []
    [notification] = report["mails"]
    assert created["number"] in notification["body"]
    with anyio.fail_after(10):
        while not outbox.messages:
            await anyio.sleep(0.02)
    await anyio.sleep(0.2)
    assert [m.rcpt_tos for m in outbox.messages] == [["eigenaar@testbedrijf.nl"]]


async def test_create_and_send_mails_the_pdf_to_the_customer_with_a_copy_to_the_owner(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    invoice = await base_invoice(client, delivery_method="post")
    await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create_and_send",
    )
    report = await run_due(client, "2026-02-01")
    [run] = report["runs"]
    assert run["outcome"] == "sent"
    [created] = report["invoices"]
    # One mail per invoice: the customer's, with a copy to the owner; no separate notice.
    [customer_mail] = report["mails"]
    assert customer_mail["kind"] == "invoice"
    assert customer_mail["to"] == ["jan@devries.nl"]
    assert customer_mail["bcc"] == ["eigenaar@testbedrijf.nl"]
    with anyio.fail_after(10):
        while not outbox.messages:
            await anyio.sleep(0.02)
    await anyio.sleep(0.3)
    [to_customer] = outbox.messages
    assert sorted(to_customer.rcpt_tos) == ["eigenaar@testbedrijf.nl", "jan@devries.nl"]
    assert to_customer.message["Bcc"] is None
    [pdf] = [p.get_payload(decode=True) for p in to_customer.message.iter_attachments()]
    assert isinstance(pdf, bytes)
    assert created["number"] in pdf_text(pdf)


async def test_create_and_send_without_customer_address_still_creates_and_tells_why(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    invoice = await base_invoice(client, email=None)
    await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-02-01",
        day_of_month=1,
        automation="create_and_send",
    )
    report = await run_due(client, "2026-02-01")
    [run] = report["runs"]
    assert run["outcome"] == "not_sent"
    assert run["detail"] == "de klant heeft geen geldig e-mailadres"
    [created] = report["invoices"]
    assert created["status"] == "final"
    [notification] = report["mails"]
    assert notification["to"] == ["eigenaar@testbedrijf.nl"]
    assert "NIET verstuurd" in notification["subject"]
    assert created["number"] in notification["subject"]
    assert "Reden: de klant heeft geen geldig e-mailadres" in notification["body"]


async def test_three_missed_months_are_caught_up_in_order_with_one_owner_mail(
    client: httpx.AsyncClient,
) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-01-01",
        day_of_month=20,
        automation="create",
    )
    report = await run_due(client, "2026-04-05")
    dates = [r["occurrence_date"] for r in report["runs"]]
    assert dates == ["2026-01-20", "2026-02-20", "2026-03-20"]
    assert [i["invoice_date"] for i in report["invoices"]] == dates
    assert [i["number"] for i in report["invoices"]] == ["2026-00001", "2026-00002", "2026-00003"]
    notes = [i["notes"] for i in report["invoices"]]
    assert notes == [
        "Abonnement januari 2026 (1e kwartaal 2026)",
        "Abonnement februari 2026 (1e kwartaal 2026)",
        "Abonnement maart 2026 (1e kwartaal 2026)",
    ]
    [notification] = report["mails"]  # batched: one mail for the whole run
    assert all(i["number"] in notification["body"] for i in report["invoices"])
    assert (await client.get(f"/v1/recurrences/{made['id']}")).json()["next_date"] == "2026-04-20"
    again = await run_due(client, "2026-04-05")
    assert again["runs"] == []
    assert again["mails"] == []


async def test_pause_then_resume_skips_the_paused_occurrences(
    client: httpx.AsyncClient, today: datetime
) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-01-01",
        day_of_month=1,
        automation="create",
    )
    paused = (await client.patch(f"/v1/recurrences/{made['id']}", json={"active": False})).json()
    assert (paused["active"], paused["overdue"]) == (False, False)
    assert (await run_due(client, "2026-03-15"))["runs"] == []
    resumed = (await client.patch(f"/v1/recurrences/{made['id']}", json={"active": True})).json()
    assert resumed["next_date"] == "2026-04-01"  # Jan..Mar are not billed
    assert resumed["skipped_dates"] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert (await run_due(client, "2026-03-15"))["runs"] == []


async def test_resume_with_catch_up_bills_the_paused_occurrences(
    client: httpx.AsyncClient, today: datetime
) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        base_invoice_id=invoice["id"],
        start_date="2026-01-01",
        day_of_month=1,
        automation="create",
        active=False,
    )
    await client.patch(f"/v1/recurrences/{made['id']}", json={"active": True, "catch_up": True})
    report = await run_due(client, "2026-03-15")
    assert [r["occurrence_date"] for r in report["runs"]] == [
        "2026-01-01",
        "2026-02-01",
        "2026-03-01",
    ]


async def test_changing_the_day_never_repeats_a_handled_occurrence(
    client: httpx.AsyncClient,
) -> None:
    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2025-12-15",
        base_invoice_id=invoice["id"],
        start_date="2026-01-01",
        day_of_month=10,
        automation="create",
    )
    await run_due(client, "2026-01-31")
    url = f"/v1/recurrences/{made['id']}"
    with on("2026-01-31"):
        changed = (await client.patch(url, json={"day_of_month": 5})).json()
        assert changed["next_date"] == "2026-02-05"
        # A new rhythm whose first date lies in the past is a new start: skipped by default...
        skipped = (await client.patch(url, json={"day_of_month": 11})).json()
        assert (skipped["next_date"], skipped["skipped_dates"]) == ("2026-02-11", ["2026-01-11"])
        # ...and invoiced with backfill, still after the handled 10 January.
        moved_back = (
            await client.patch(
                url, json={"day_of_month": 11, "start_date": "2025-01-01", "backfill": True}
            )
        ).json()
    assert moved_back["next_date"] == "2026-01-11"
    assert moved_back["catch_up_dates"] == ["2026-01-11"]


async def test_run_due_scope(app: Any, http: httpx.AsyncClient, tenant: Tenant) -> None:
    from tests.support.factories import client_with_key, new_tenant

    async with new_tenant(app, http) as other:
        theirs = await base_invoice(other.client)
        await recurrence(
            other.client,
            created_on="2025-12-15",
            base_invoice_id=theirs["id"],
            start_date="2026-01-01",
            day_of_month=1,
            automation="create",
        )
        mine = await base_invoice(tenant.client)
        await recurrence(
            tenant.client,
            created_on="2025-12-15",
            base_invoice_id=mine["id"],
            start_date="2026-01-01",
            day_of_month=1,
            automation="create",
        )
        own = await run_due(tenant.client, "2026-01-01")
        assert [r["invoice_id"] is not None for r in own["runs"]] == [True]
        assert {i["customer_id"] for i in own["invoices"]} == {mine["customer_id"]}
        reader = (
            await tenant.client.post("/v1/api-keys", json={"name": "r", "scopes": ["read"]})
        ).json()
        async with client_with_key(app, reader["secret"]) as limited:
            assert_problem(
                await limited.post("/v1/recurrences/run-due", json={"date": "2026-01-01"}), 403
            )
        assert_problem(await http.post("/v1/recurrences/run-due", json={"date": "2026-01-01"}), 401)
        everyone = await http.post(
            "/v1/recurrences/run-due", json={"date": "2026-01-01"}, headers=OPERATOR
        )
        assert everyone.status_code == 200
        handled = {r["recurrence_id"] for r in everyone.json()["runs"]}
        theirs_list = (await other.client.get("/v1/recurrences")).json()["data"]
        assert theirs_list[0]["id"] in handled


async def test_worker_runs_due_recurrences_by_itself(
    app: Any, client: httpx.AsyncClient, today: datetime
) -> None:
    from app import wiring
    from app.worker import Worker

    invoice = await base_invoice(client)
    made = await recurrence(
        client,
        created_on="2026-02-20",
        base_invoice_id=invoice["id"],
        start_date="2026-03-01",
        day_of_month=2,
        automation="create",
    )
    worker = Worker(app.state.db, app.state.settings, wiring.WORKER_JOBS)
    assert await worker.tick() >= 1
    after = (await client.get(f"/v1/recurrences/{made['id']}")).json()
    assert (after["next_date"], after["last_occurrence_date"]) == ("2026-04-02", "2026-03-02")
    created = (await client.get("/v1/invoices", params={"status": "final"})).json()["data"]
    assert [i["invoice_date"] for i in created] == ["2026-03-02"]


async def test_placeholder_catalogue_and_render(client: httpx.AsyncClient) -> None:
    catalogue = (await client.get("/v1/placeholders")).json()
    tokens = {p["token"] for p in catalogue}
    assert {"[vorige_maand]", "[dit_kwartaal_factuur]", "[factuurnummer]"} <= tokens
    rendered = await client.post(
        "/v1/placeholders/render",
        json={
            "text": "[vorige_maand] [deze_maand] [volgende_maand] "
            "[vorig_jaar] [dit_jaar] [volgend_jaar] [raar]",
            "date": "2014-04-15",
        },
    )
    assert rendered.json() == {
        "text": "maart 2014 april 2014 mei 2014 2013 2014 2015 [raar]",
        "unknown": ["raar"],
    }
    english = await client.post(
        "/v1/placeholders/render",
        json={
            "text": "[vorig_kwartaal_factuur] / [deze_maand_factuur]",
            "date": "2026-01-01",
            "invoice_date": "2014-01-31",
            "locale": "en",
        },
    )
    assert english.json()["text"] == "Q4 2013 / January 2014"


async def test_a_run_handles_more_than_one_batch(
    app: Any, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    from app.recurrences.runner import run_due as run

    invoice = await base_invoice(client)
    for _ in range(7):
        await recurrence(
            client,
            created_on="2025-12-15",
            base_invoice_id=invoice["id"],
            start_date="2026-01-01",
            day_of_month=1,
            automation="create",
        )
    steps: list[int] = []
    report = await run(
        app.state.db,
        mail_limit_per_hour=1000,
        until=date(2026, 2, 1),
        administration_id=tenant.id,
        limit=3,
        on_occurrence=lambda: steps.append(1),  # `invoicer run-due`'s progress bar
    )
    assert len(report.runs) == 14  # 7 recurrences x January and February, in batches of 3
    assert len(steps) == 14
