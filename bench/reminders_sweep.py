"""The reminder sweep's query on PostgreSQL: selecting what is due among 100,000 open invoices.

    python bench/reminders_sweep.py [--open 100000] [--settled 100000] [--administrations 50]
        [--runs 50] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

A fresh database gets `--open` open final invoices (their next reminder dates spread over the
year around the sweep's day, some reminded to the end, some on hold) and `--settled` paid ones,
over `--administrations` administrations (one of which has switched reminders off). Then the
sweep's own statement (`app.reminders.repository.due_statement`, a page of 500) is timed through
the app's database layer, on a normal day (the day's few hundred due) and with a backlog (every
overdue invoice due at once), each `--runs` times; EXPLAIN ANALYZE shows the plan. The same is
measured again without the partial index `ix_invoices_next_reminder_date`, to show what it buys.
Goal: the selection under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from random import Random
from typing import Any

from harness.seed import seller
from harness.stack import DEFAULT_POSTGRES, fresh_postgres
from sqlalchemy import create_engine, insert, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine, make_url

from app.db import Database
from app.migrations import upgrade
from app.models import Administration, Customer, Invoice, ReminderPolicy
from app.models.base import new_id
from app.models.enums import InvoiceKind, InvoiceStatus, PaymentStatus
from app.reminders.repository import due_statement

TODAY = date(2026, 12, 4)
PAGE = 500
GOAL_MS = 100.0


def _sync(url: str) -> Engine:
    return create_engine(make_url(url).set(drivername="postgresql+psycopg"))


def populate(url: str, open_count: int, settled: int, administrations: int) -> dict[str, int]:
    """Rows straight into the tables (the API would take an hour for 200,000 finalisations)."""
    rng = Random(17)
    engine = _sync(url)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    counts = {"open": 0, "settled": 0, "paused": 0, "done": 0}
    with engine.begin() as conn:
        admins, customers = [], []
        for a in range(administrations):
            body = seller(a)
            admin_id = new_id("adm")
            admins.append(admin_id)
            conn.execute(
                insert(Administration),
                {
                    "id": admin_id,
                    "name": body["name"],
                    "address": body["address"],
                    "kvk_number": body["kvk_number"],
                    "vat_number": body["vat_number"],
                    "iban": body["iban"],
                    "sender_email": body["sender_email"],
                    "owner_email": body["owner_email"],
                    "created_at": now,
                    "updated_at": now,
                },
            )
            customer_id = new_id("cus")
            customers.append(customer_id)
            conn.execute(
                insert(Customer),
                {
                    "id": customer_id,
                    "administration_id": admin_id,
                    "name": f"Klant {a}",
                    "email": f"klant{a}@customer.example",
                    "address": {"street": "Dorpsstraat 1", "postal_code": "3511 AB"},
                    "created_at": now,
                    "updated_at": now,
                },
            )
        # One administration has reminders switched off: the query must leave its invoices out.
        conn.execute(
            insert(ReminderPolicy),
            {
                "administration_id": admins[-1],
                "enabled": False,
                "steps": [],
                "charge_collection_costs_b2c": True,
                "b2b_fixed_compensation": False,
                "b2b_commercial_interest": False,
                "creditor_deducts_vat": True,
                "created_at": now,
                "updated_at": now,
            },
        )
        sequences = [0] * administrations
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            if batch:
                conn.execute(insert(Invoice), batch)
                batch.clear()

        for i in range(open_count + settled):
            a = i % administrations
            sequences[a] += 1
            due = TODAY + timedelta(days=rng.randint(-200, 45))
            paid = i >= open_count
            # As the daily sweep leaves them: the next step is the first one not before today
            # (today's are still to do); invoices over 35 days overdue were reminded to the end.
            days = (7, 21, 35)
            step = next((k for k, d in enumerate(days) if due + timedelta(days=d) >= TODAY), 3)
            next_date = due + timedelta(days=days[step]) if step < 3 else None
            paused = not paid and rng.random() < 0.01
            counts["settled" if paid else "open"] += 1
            counts["paused"] += paused
            counts["done"] += next_date is None and not paid
            total = rng.randint(50_00, 5_000_00)
            batch.append(
                {
                    "id": new_id("inv"),
                    "administration_id": admins[a],
                    "kind": InvoiceKind.invoice,
                    "customer_id": customers[a],
                    "status": InvoiceStatus.final,
                    "payment_status": PaymentStatus.paid if paid else PaymentStatus.unpaid,
                    "invoice_date": due - timedelta(days=14),
                    "due_date": due,
                    "due_date_fixed": True,
                    "currency": "EUR",
                    "subtotal": 0,
                    "vat_total": 0,
                    "total": total,
                    "amount_paid": total if paid else 0,
                    "series": "2026",
                    "sequence": sequences[a],
                    "number": f"2026-{sequences[a]:06d}",
                    "finalized_at": now,
                    "created_at": now,
                    "updated_at": now,
                    "reminder_step": step,
                    "next_reminder_date": next_date,
                    "reminders_paused_at": now if paused else None,
                }
            )
            if len(batch) == 5000:
                flush()
        flush()
        conn.execute(text("ANALYZE"))
    engine.dispose()
    return counts


def explain(url: str, bound: date) -> str:
    statement = due_statement(bound, None, PAGE).compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    engine = _sync(url)
    with engine.connect() as conn:
        rows = conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")).all()
    engine.dispose()
    return "\n".join("    " + row[0] for row in rows)


async def timed(url: str, bound: date, runs: int) -> tuple[list[float], int]:
    """Milliseconds per execution of the sweep's page query through the app's layer (asyncpg,
    SQLAlchemy async), warm; and how many rows it returned."""
    db = Database(url)
    times = []
    found = 0
    try:
        for i in range(runs + 3):
            async with db.transaction(write=False) as session:
                start = time.perf_counter()
                rows = (await session.execute(due_statement(bound, None, PAGE))).all()
                elapsed = (time.perf_counter() - start) * 1000
            found = len(rows)
            if i >= 3:  # the first executions warm the statement cache and the buffers
                times.append(elapsed)
    finally:
        await db.dispose()
    return times, found


def count_due(url: str, bound: date) -> int:
    engine = _sync(url)
    with engine.connect() as conn:
        statement = due_statement(bound, None, 10_000_000).compile(
            dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
        )
        value = int(conn.execute(text(f"SELECT count(*) FROM ({statement}) AS due")).scalar_one())
    engine.dispose()
    return value


def figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms"


def measure(url: str, runs: int, label: str) -> float:
    worst = 0.0
    # A normal day: the day's steps. A backlog: every step of the coming year due at once (the
    # worst case: reminders switched on late, or the worker down for months).
    for name, bound in (("a normal day", TODAY), ("a backlog", TODAY + timedelta(days=400))):
        times, found = asyncio.run(timed(url, bound, runs))
        due = count_due(url, bound)
        print(f"{label}, {name} ({due:,} due; a page of {found}): {figures(times)}")
        worst = max(worst, statistics.median(times))
    return worst


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--settled", type=int, default=100_000)
    parser.add_argument("--administrations", type=int, default=50)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    url, drop = fresh_postgres(args.postgres)
    try:
        upgrade(url)
        start = time.perf_counter()
        counts = populate(url, args.open, args.settled, args.administrations)
        print(
            f"{counts['open']:,} open invoices ({counts['done']:,} reminded to the last step, "
            f"{counts['paused']:,} on hold) and {counts['settled']:,} paid ones over "
            f"{args.administrations} administrations, one with reminders off "
            f"(inserted in {time.perf_counter() - start:.1f} s)"
        )
        print("EXPLAIN ANALYZE, a normal day:")
        print(explain(url, TODAY))
        with_index = measure(url, args.runs, "with the partial index")
        engine = _sync(url)
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_invoices_next_reminder_date"))
            conn.execute(text("ANALYZE invoices"))
        engine.dispose()
        print("EXPLAIN ANALYZE without the index, a normal day:")
        print(explain(url, TODAY))
        measure(url, args.runs, "without it")
    finally:
        drop()
    verdict = "met" if with_index < GOAL_MS else "MISSED"
    print(f"goal: selecting what is due in < {GOAL_MS:.0f} ms: {verdict} ({with_index:.2f} ms)")


if __name__ == "__main__":
    main()
