"""Receivables with 100,000 open invoices on PostgreSQL: the aging totals (grouped by the
database) and the first page of GET /v1/receivables, and a customer's statement.

    python bench/receivables.py [--open 100000] [--paid 100000] [--customers 500]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

One administration holds `--open` open invoices (every fifth partly paid) due over the last
and next 200 days and `--paid` paid ones that the index must skip. Each figure is the median of
25 runs of the service call in its own read transaction (what the route runs, without HTTP).
Goal: the totals and the first page under 100 ms together.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from random import Random

from harness.seed import customer_body, seller
from harness.stack import DEFAULT_POSTGRES, fresh_postgres
from sqlalchemy import insert, text

from app.db import Database
from app.migrations import upgrade
from app.models import Invoice
from app.models.base import new_id
from app.models.enums import InvoiceKind, InvoiceStatus, PaymentStatus
from app.parties import schemas, service
from app.receivables import service as receivables
from app.shared.pagination import PageParams

TODAY = date(2026, 12, 4)
GOAL_MS = 100.0
RUNS = 25


async def populate(db: Database, open_count: int, paid_count: int, customers: int) -> str:
    rng = Random(17)
    async with db.transaction(write=True) as session:
        admin, _ = await service.create_administration(
            session, schemas.AdministrationCreate(**seller(0))
        )
        customer_ids = [
            (
                await service.create_customer(
                    session, admin.id, schemas.CustomerCreate(**customer_body(i, email=False))
                )
            ).id
            for i in range(customers)
        ]
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    sequence = 0
    batch: list[dict[str, object]] = []

    async def flush() -> None:
        async with db.transaction(write=True) as session:
            await session.execute(insert(Invoice), batch)
        batch.clear()

    for i in range(open_count + paid_count):
        sequence += 1
        due = TODAY + timedelta(days=rng.randrange(-200, 200))
        total = Decimal(rng.randrange(1_000, 500_000)) / 100
        if i >= open_count:
            status, paid = PaymentStatus.paid, total
        elif i % 5 == 0:
            status, paid = PaymentStatus.partially_paid, (total / 2).quantize(Decimal("0.01"))
        else:
            status, paid = PaymentStatus.unpaid, Decimal("0.00")
        batch.append(
            {
                "id": new_id("inv"),
                "administration_id": admin.id,
                "kind": InvoiceKind.invoice,
                "customer_id": customer_ids[i % customers],
                "status": InvoiceStatus.final,
                "payment_status": status,
                "invoice_date": due - timedelta(days=30),
                "due_date": due,
                "due_date_fixed": False,
                "currency": "EUR",
                "subtotal": total,
                "vat_total": Decimal("0.00"),
                "total": total,
                "amount_paid": paid,
                "series": "invoice",
                "sequence": sequence,
                "number": f"2026-{sequence:06}",
                "finalized_at": now,
            }
        )
        if len(batch) == 5_000:
            await flush()
    if batch:
        await flush()
    async with db.transaction(write=True) as session:
        await session.execute(text("ANALYZE invoices"))
    return admin.id


async def timed(db: Database, administration_id: str, customer_id: str) -> dict[str, float]:
    async with db.transaction(write=False) as session:
        from app.models import Administration

        admin = await session.get(Administration, administration_id)
        assert admin is not None
    figures: dict[str, list[float]] = {"list": [], "statement": []}
    for _ in range(RUNS):
        async with db.transaction(write=False) as session:
            start = time.perf_counter()
            page = await receivables.receivables(
                session, admin, PageParams(50, None), day=TODAY, customer_id=None
            )
            figures["list"].append((time.perf_counter() - start) * 1000)
            assert len(page.data) == 50
        async with db.transaction(write=False) as session:
            start = time.perf_counter()
            await receivables.customer_statement(session, admin, customer_id, TODAY)
            figures["statement"].append((time.perf_counter() - start) * 1000)
    print(f"open items counted: {page.totals.total.count}, due {page.totals.total.amount}")
    return {name: statistics.median(values) for name, values in figures.items()}


async def explain(db: Database, administration_id: str) -> None:
    from app.receivables.aging import cutoffs

    ranges, rest = cutoffs(TODAY)
    cases = " ".join(
        f"WHEN due_date >= '{c.due_on_or_after}' THEN '{c.bucket.value}'" for c in ranges
    )
    sql = (
        f"EXPLAIN ANALYZE SELECT bucket, count(*), sum(due) FROM (SELECT CASE {cases} "
        f"ELSE '{rest.value}' END AS bucket, total - amount_paid AS due FROM invoices "
        f"WHERE administration_id = '{administration_id}' AND status = 'final' "
        "AND payment_status IN ('unpaid', 'partially_paid') AND total != amount_paid) s "
        "GROUP BY bucket"
    )
    async with db.transaction(write=False) as session:
        for row in (await session.execute(text(sql))).all():
            print("   ", row[0])


async def run(args: argparse.Namespace) -> None:
    url, drop = fresh_postgres(args.postgres)
    try:
        upgrade(url)
        db = Database(url)
        try:
            start = time.perf_counter()
            administration_id = await populate(db, args.open, args.paid, args.customers)
            print(
                f"seeded {args.open:,} open and {args.paid:,} paid invoices "
                f"in {time.perf_counter() - start:.0f} s"
            )
            async with db.transaction(write=False) as session:
                customer_id = (
                    await session.execute(text("SELECT customer_id FROM invoices LIMIT 1"))
                ).scalar_one()
            figures = await timed(db, administration_id, customer_id)
            print("aging query plan:")
            await explain(db, administration_id)
        finally:
            await db.dispose()
    finally:
        drop()
    verdict = "met" if figures["list"] < GOAL_MS else "MISSED"
    print(
        f"GET /v1/receivables (first page of 50 + totals over all): {figures['list']:.1f} ms "
        f"median of {RUNS} (goal < {GOAL_MS:.0f} ms: {verdict})"
    )
    print(
        f"a customer's statement ({args.open // args.customers} open items, JSON figures): "
        f"{figures['statement']:.1f} ms median"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--paid", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
