"""Due recurrences in `create` mode (PDF included) on PostgreSQL, with 1 and 2 worker processes;
and next-date previews for 100,000 schedules.

    python bench/recurrences.py [--recurrences 10000] [--administrations 50]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Each worker is a real `invoicer run-due` process. Recurrences are spread over several
administrations, as in a real installation: within one administration finalisations queue on
its number counter (gap-free numbers), across administrations they run in parallel.
Memory is sampled from /proc while the workers run (max RSS at the start and at the end).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from datetime import date
from random import Random

from harness import ROOT
from harness.cpu import rss_kb
from harness.seed import customer_body, seller
from harness.stack import DEFAULT_POSTGRES, fresh_postgres
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from app.db import Database
from app.migrations import upgrade
from app.models import Recurrence
from app.models.base import new_id
from app.models.enums import Automation, PaymentStatus
from app.parties import schemas, service
from app.recurrences import schedule as sched

DUE = date(2026, 3, 1)


async def populate(url: str, recurrences: int, administrations: int) -> None:
    from app.invoices import schemas as invoice_schemas
    from app.invoices import service as invoices

    db = Database(url)
    try:
        per_admin = recurrences // administrations
        for a in range(administrations):
            async with db.transaction(write=True) as session:
                admin, _ = await service.create_administration(
                    session, schemas.AdministrationCreate(**seller(a))
                )
                customer = await service.create_customer(
                    session, admin.id, schemas.CustomerCreate(**customer_body(0, email=False))
                )
                base = await invoices.create_invoice(
                    session,
                    admin,
                    invoice_schemas.InvoiceCreate(
                        customer_id=customer.id,
                        invoice_date=date(2026, 1, 1),
                        notes="Abonnement [deze_maand_factuur]",
                        lines=[
                            invoice_schemas.LineIn(
                                description=f"Dienst {i}", unit_price="49.95", vat_rate="21"
                            )
                            for i in range(5)
                        ],
                    ),
                )
                await session.execute(
                    insert(Recurrence),
                    [
                        {
                            "id": new_id("rec"),
                            "administration_id": admin.id,
                            "base_invoice_id": base.id,
                            "start_date": DUE,
                            "end_date": None,
                            "day_of_month": 1,
                            "month": None,
                            "automation": Automation.create,
                            "payment_status": PaymentStatus.unpaid,
                            "active": True,
                            "next_date": DUE,
                            "last_occurrence_date": None,
                        }
                        for _ in range(per_admin)
                    ],
                )
    finally:
        await db.dispose()


def run_workers(url: str, processes: int) -> tuple[float, list[list[int]]]:
    env = os.environ | {"INVOICER_DATABASE_URL": url}
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "run-due", "--date", DUE.isoformat()],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(processes)
    ]
    samples: list[list[int]] = [[] for _ in procs]
    while any(p.poll() is None for p in procs):
        for i, p in enumerate(procs):
            if p.poll() is None:
                samples[i].append(rss_kb(p.pid))
        time.sleep(0.5)
    elapsed = time.perf_counter() - start
    if any(p.returncode for p in procs):
        raise RuntimeError("a worker failed")
    return elapsed, samples


def count_invoices(url: str) -> int:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        made = conn.execute(text("SELECT count(*) FROM recurrence_runs WHERE outcome = 'created'"))
        value = int(made.scalar_one())
    engine.dispose()
    return value


def preview_rate(count: int) -> float:
    rng = Random(4)
    schedules = [
        sched.Schedule(
            start_date=date(2020 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            day_of_month=1 + rng.randrange(28),
            month=rng.choice([None, None, 1 + rng.randrange(12)]),
        )
        for _ in range(count)
    ]
    start = time.perf_counter()
    for schedule in schedules:
        sched.upcoming(schedule, 5, date(2026, 11, 23))
    return count / (time.perf_counter() - start)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recurrences", type=int, default=10_000)
    parser.add_argument("--administrations", type=int, default=50)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    return parser.parse_args()


def report_workers(processes: int, args: argparse.Namespace) -> None:
    """Due recurrences handled by `processes` run-due processes on a fresh database."""
    url, drop = fresh_postgres(args.postgres)
    try:
        upgrade(url)
        asyncio.run(populate(url, args.recurrences, args.administrations))
        elapsed, samples = run_workers(url, processes)
        made = count_invoices(url)
    finally:
        drop()
    rate = made / elapsed
    memory = ", ".join(
        f"{s[min(2, len(s) - 1)] // 1024}->{max(s) // 1024}->{s[-1] // 1024} MB"
        for s in samples
        if s
    )
    print(
        f"{processes} worker process(es): {made} invoices in {elapsed:.1f} s "
        f"= {rate:.1f}/s "
        f"({rate / processes:.1f}/s per process); RSS early->max->end per process: {memory}"
    )


def main() -> None:
    args = parse_args()
    print(f"next-date preview (next 5 dates): {preview_rate(100_000):,.0f} schedules/s")
    for processes in (1, 2):
        report_workers(processes, args)


if __name__ == "__main__":
    main()
