"""Exactly once, with real processes: four `invoicer run-reminders` processes at the same time
make each step of each invoice once (one reminder row, one letter, one mail), and running them
again changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.db import Database
from app.models import Document, Mail, Reminder
from app.models.enums import MailKind
from tests.support.factories import Tenant, create_customer
from tests.support.reminders import after_due, overdue_invoice

pytestmark = pytest.mark.anyio

INVOICES = 16
PROCESSES = 4
INVOICE_DATE, DUE_DATE = "2019-12-20", "2020-01-10"


def _run_reminders(settings: Settings, day: str) -> subprocess.Popen[str]:
    env = os.environ | {"INVOICER_DATABASE_URL": settings.database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "run-reminders", "--date", day],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _all(settings: Settings, day: str) -> list[str]:
    """Run the processes at once; their outputs."""
    procs = [_run_reminders(settings, day) for _ in range(PROCESSES)]
    outputs = []
    for proc in procs:
        out, err = await anyio.to_thread.run_sync(lambda p=proc: p.communicate(timeout=300))
        assert proc.returncode == 0, err[-3000:]
        outputs.append(out)
    return outputs


async def _state(db: Database, tenant: Tenant) -> dict[str, Any]:
    async with db.transaction(write=False) as session:
        reminders = (
            await session.execute(
                select(Reminder.invoice_id, Reminder.step, Reminder.mail_id).where(
                    Reminder.administration_id == tenant.id
                )
            )
        ).all()
        mails = (
            await session.execute(
                select(Mail.id, Mail.invoice_id).where(
                    Mail.administration_id == tenant.id, Mail.kind == MailKind.reminder
                )
            )
        ).all()
        letters = await session.scalar(
            select(func.count(Document.id)).where(
                Document.administration_id == tenant.id, Document.kind == "reminder"
            )
        )
    return {"reminders": reminders, "mails": mails, "letters": letters}


def _assert_once(state: dict[str, Any], invoice_ids: list[str], steps: int) -> None:
    pairs = Counter((r.invoice_id, r.step) for r in state["reminders"])
    assert set(pairs) == {(i, s) for i in invoice_ids for s in range(1, steps + 1)}
    assert set(pairs.values()) == {1}
    per_invoice = Counter(m.invoice_id for m in state["mails"])
    assert per_invoice == dict.fromkeys(invoice_ids, steps)
    assert {r.mail_id for r in state["reminders"]} == {m.id for m in state["mails"]}
    assert state["letters"] == len(invoice_ids) * steps


async def test_four_processes_make_each_step_once(
    client: httpx.AsyncClient, db: Database, tenant: Tenant, settings: Settings
) -> None:
    customer = await create_customer(client)
    # Years before the other tests' invoices, which share the database: the processes serve
    # every administration, and nothing else is due on these days.
    ids = [
        (
            await overdue_invoice(
                client, customer_id=customer["id"], invoice_date=INVOICE_DATE, due_date=DUE_DATE
            )
        )["id"]
        for _ in range(INVOICES)
    ]
    outputs = await _all(settings, after_due(7, DUE_DATE))
    made = [int(out.split()[1]) for out in outputs]  # "made N reminder(s) ..."
    assert sum(made) == INVOICES
    _assert_once(await _state(db, tenant), ids, steps=1)
    await _all(settings, after_due(21, DUE_DATE))
    _assert_once(await _state(db, tenant), ids, steps=2)
    # Again, concurrently, for the same day: nothing more.
    outputs = await _all(settings, after_due(21, DUE_DATE))
    assert [int(out.split()[1]) for out in outputs] == [0] * PROCESSES
    _assert_once(await _state(db, tenant), ids, steps=2)
