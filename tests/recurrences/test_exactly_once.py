"""Exactly once, with real processes: several `invoicer run-due` processes at the same time, and
one killed halfway and started again, make exactly one invoice per occurrence with gap-free
numbers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.db import Database
from app.models import Document, Invoice, RecurrenceRun
from app.models.enums import InvoiceStatus
from tests.support.factories import Tenant, create_customer, create_invoice
from tests.support.recurrences import on

pytestmark = pytest.mark.anyio

RECURRENCES = 12


async def _setup(client: httpx.AsyncClient, count: int = RECURRENCES) -> list[str]:
    customer = await create_customer(client)
    base = await create_invoice(client, customer_id=customer["id"], invoice_date="2025-12-01")
    ids = []
    for _ in range(count):
        with on("2025-12-15"):  # saved before its start: every month falls due while active
            response = await client.post(
                "/v1/recurrences",
                json={
                    "base_invoice_id": base["id"],
                    "start_date": "2026-01-01",
                    "day_of_month": 1,
                    "automation": "create",
                },
            )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def _run_due(settings: Settings, day: str) -> subprocess.Popen[str]:
    env = os.environ | {"INVOICER_DATABASE_URL": settings.database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "run-due", "--date", day],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _wait(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        _, err = await anyio.to_thread.run_sync(lambda p=proc: p.communicate(timeout=300))
        assert proc.returncode == 0, err[-3000:]


async def _state(db: Database, tenant: Tenant) -> dict[str, Any]:
    async with db.transaction(write=False) as session:
        runs = (
            await session.execute(
                select(
                    RecurrenceRun.recurrence_id,
                    RecurrenceRun.occurrence_date,
                    RecurrenceRun.invoice_id,
                ).where(RecurrenceRun.administration_id == tenant.id)
            )
        ).all()
        invoices = (
            await session.execute(
                select(Invoice.id, Invoice.sequence, Invoice.invoice_date).where(
                    Invoice.administration_id == tenant.id, Invoice.status == InvoiceStatus.final
                )
            )
        ).all()
        documents = await session.scalar(
            select(func.count(Document.id)).where(Document.administration_id == tenant.id)
        )
    return {"runs": runs, "invoices": invoices, "documents": documents}


def _assert_exactly_once(state: dict[str, Any], recurrence_ids: list[str], months: int) -> None:
    runs = state["runs"]
    pairs = Counter((r.recurrence_id, r.occurrence_date) for r in runs)
    assert len(pairs) == len(recurrence_ids) * months
    assert set(pairs.values()) == {1}
    invoices = state["invoices"]
    assert len(invoices) == len(recurrence_ids) * months  # one invoice per occurrence
    assert {r.invoice_id for r in runs} == {i.id for i in invoices}
    assert sorted(i.sequence for i in invoices) == list(range(1, len(invoices) + 1))
    assert state["documents"] == 2 * len(invoices)  # the PDF and the UBL e-invoice of each
    per_month = Counter(i.invoice_date.month for i in invoices)
    assert set(per_month.values()) == {len(recurrence_ids)}


@pytest.mark.parametrize("processes", [2, 4])
async def test_concurrent_workers_make_each_occurrence_once(
    client: httpx.AsyncClient, db: Database, tenant: Tenant, settings: Settings, processes: int
) -> None:
    ids = await _setup(client)
    await _wait([_run_due(settings, "2026-03-15") for _ in range(processes)])
    _assert_exactly_once(await _state(db, tenant), ids, months=3)
    # Running again, concurrently, for the same date changes nothing.
    await _wait([_run_due(settings, "2026-03-15") for _ in range(processes)])
    _assert_exactly_once(await _state(db, tenant), ids, months=3)
    listed = (await client.get("/v1/recurrences", params={"limit": 200})).json()["data"]
    assert {r["next_date"] for r in listed} == {"2026-04-01"}


async def test_worker_killed_mid_run_then_restarted_loses_and_duplicates_nothing(
    client: httpx.AsyncClient, db: Database, tenant: Tenant, settings: Settings
) -> None:
    ids = await _setup(client, count=20)
    proc = _run_due(settings, "2026-03-15")
    deadline = time.monotonic() + 120
    while True:
        handled = len((await _state(db, tenant))["runs"])
        if handled >= 5 or proc.poll() is not None or time.monotonic() > deadline:
            break
        await anyio.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    partial = await _state(db, tenant)
    assert 0 < len(partial["runs"]) < 60, "the kill should land in the middle of the run"
    # Whatever the kill interrupted was rolled back: every run row has its final invoice.
    assert {r.invoice_id for r in partial["runs"]} == {i.id for i in partial["invoices"]}
    await _wait([_run_due(settings, "2026-03-15")])
    _assert_exactly_once(await _state(db, tenant), ids, months=3)
