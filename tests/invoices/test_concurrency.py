"""Gap-free numbers under concurrency: many finalisations at once from several processes, some
forced to fail after their number was taken, leave numbers 1..N without gap or duplicate."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import select, text

from app.config import Settings
from app.db import Database
from app.models import NumberCounter
from tests.support.factories import Tenant, create_customer, create_invoice, finalize

pytestmark = pytest.mark.anyio

INVOICES = 50
FAILING = 6
PROCESSES = 4


async def _drafts(
    client: httpx.AsyncClient, db: Database, tenant: Tenant
) -> tuple[list[str], dict[str, Any]]:
    """50 drafts; the first FAILING go by e-mail with a template whose PDF cannot be rendered,
    so their finalisation fails after the number was taken (and must give it back)."""
    broken_pdf = (await client.post("/v1/pdf-templates", json={"name": "Kapot"})).json()
    async with db.transaction(write=True) as session:
        await session.execute(
            text(
                "UPDATE pdf_templates SET logo = :logo, logo_content_type = 'image/png' "
                "WHERE id = :id"
            ),
            {"logo": b"\x89PNG broken", "id": broken_pdf["id"]},
        )
    broken = (
        await client.post(
            "/v1/email-templates",
            json={"name": "Kapot", "subject": "s", "body": "b", "attachments": [broken_pdf["id"]]},
        )
    ).json()
    by_post = await create_customer(client, delivery_method="none")
    by_mail = await create_customer(client, delivery_method="email", email="jan@devries.nl")
    ids, bodies = [], {}
    for i in range(INVOICES):
        failing = i < FAILING
        invoice = await create_invoice(
            client, customer_id=(by_mail if failing else by_post)["id"], invoice_date="2026-07-01"
        )
        ids.append(invoice["id"])
        if failing:
            bodies[invoice["id"]] = {"action": "send", "email_template_id": broken["id"]}
    return ids, bodies


async def _check(
    client: httpx.AsyncClient,
    db: Database,
    tenant: Tenant,
    results: list[dict[str, Any]],
    failing: set[str],
) -> None:
    assert len(results) == INVOICES
    ok = [r for r in results if r["status"] == 200]
    bad = [r for r in results if r["status"] != 200]
    assert {r["id"] for r in bad} == failing
    assert {r["status"] for r in bad} == {422}
    numbers = sorted(int(str(r["number"]).split("-")[1]) for r in ok)
    assert numbers == list(range(1, INVOICES - FAILING + 1))  # no gap, no duplicate
    for invoice_id in failing:
        invoice = (await client.get(f"/v1/invoices/{invoice_id}")).json()
        assert (invoice["status"], invoice["number"]) == ("draft", None)
    async with db.transaction(write=False) as session:
        counter = await session.scalar(
            select(NumberCounter.last_sequence).where(
                NumberCounter.administration_id == tenant.id, NumberCounter.series == "invoice-2026"
            )
        )
    assert counter == INVOICES - FAILING
    final = (await client.get("/v1/invoices", params={"status": "final", "limit": 200})).json()[
        "data"
    ]
    assert sorted(i["number"] for i in final) == sorted(str(r["number"]) for r in ok)
    assert all([d["kind"] for d in i["documents"]] == ["pdf", "ubl"] for i in final)


async def test_parallel_finalisations_from_several_processes(
    client: httpx.AsyncClient, db: Database, tenant: Tenant, settings: Settings
) -> None:
    ids, bodies = await _drafts(client, db, tenant)
    start_at = time.time() + 3.0
    chunks = [ids[i::PROCESSES] for i in range(PROCESSES)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.invoices.finalize_worker",
                settings.database_url,
                tenant.api_key,
                str(start_at),
                json.dumps(bodies),
                *chunk,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for chunk in chunks
    ]
    results: list[dict[str, Any]] = []
    for proc in procs:
        out, err = await anyio.to_thread.run_sync(lambda p=proc: p.communicate(timeout=240))
        assert proc.returncode == 0, err[-3000:]
        results += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    await _check(client, db, tenant, results, set(ids[:FAILING]))


async def test_parallel_finalisations_through_one_app(
    client: httpx.AsyncClient, db: Database, tenant: Tenant
) -> None:
    ids, bodies = await _drafts(client, db, tenant)
    results: list[dict[str, Any]] = []

    async def one(invoice_id: str) -> None:
        response = await finalize(client, invoice_id, **bodies.get(invoice_id, {}))
        results.append(
            {
                "id": invoice_id,
                "status": response.status_code,
                "number": response.json().get("number"),
            }
        )

    async with anyio.create_task_group() as group:
        for invoice_id in ids:
            group.start_soon(one, invoice_id)
    await _check(client, db, tenant, results, set(ids[:FAILING]))
