"""Finalisations per second through HTTP, and mails per second through the outbox.

    python bench/finalize.py [--invoices 300] [--mails 1000] [--concurrency 8]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Finalising: a real `invoicer serve` process (one uvicorn worker, so one core for the API) on a
fresh SQLite file and on a fresh PostgreSQL database; drafts delivered by `none` are finalised
over HTTP with a few requests in flight; the PDF is rendered and stored for each.

Outbox: queued mails with a ~30 KB PDF attachment are delivered by the outbox code to aiosmtpd
running in another process (its Sink handler), over INVOICER_MAIL_CONNECTIONS (default 4)
SMTP connections per worker, each reused for the mails it takes from a batch.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import date

import httpx
from harness import ROOT
from harness.cpu import cpu_seconds
from harness.seed import customer_body, seller
from harness.stack import (
    DEFAULT_POSTGRES,
    OPERATOR,
    free_port,
    fresh_postgres,
    running,
    serve_args,
    sink_args,
    wait_http,
    wait_smtp,
)
from sqlalchemy.engine import make_url

from app.config import MailTransport, Settings
from app.db import Database

LINES = [
    {"description": f"Werkzaamheden {i}", "quantity": "2", "unit_price": "45.50", "vat_rate": "21"}
    for i in range(10)
]


def smtp_settings(database_url: str, smtp_port: int) -> Settings:
    return Settings(
        database_url=database_url,
        mail_transport=MailTransport.smtp,
        smtp_port=smtp_port,
        _env_file=None,  # type: ignore[call-arg]
    )


async def finalize_rate(database_url: str, invoices: int, concurrency: int) -> tuple[float, float]:
    """(invoices per wall-clock second, invoices per CPU-second of the API process)."""
    port = free_port()
    env = os.environ | {
        "INVOICER_DATABASE_URL": database_url,
        "INVOICER_OPERATOR_TOKEN": OPERATOR,
        # The bench measures finalising, not the per-key rate limiter.
        "INVOICER_RATE_LIMIT_PER_MINUTE": "10000000",
        "INVOICER_RATE_LIMIT_BURST": "1000000",
    }
    base = f"http://127.0.0.1:{port}"
    with running("api", serve_args(port), env) as server:
        wait_http(base + "/healthz", server)
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            created = await http.post(
                "/v1/administrations",
                headers={"Authorization": f"Bearer {OPERATOR}"},
                json=seller(0),
            )
            http.headers["Authorization"] = f"Bearer {created.json()['api_key']}"
            customer = (await http.post("/v1/customers", json=customer_body(0, False))).json()
            lines = LINES
            ids = []
            for _ in range(invoices + 1):
                draft = await http.post(
                    "/v1/invoices", json={"customer_id": customer["id"], "lines": lines}
                )
                ids.append(draft.json()["id"])
            # Warm up (font registration, first connections) outside the measurement.
            await http.post(f"/v1/invoices/{ids.pop()}/finalize", json={})

            queue: asyncio.Queue[str] = asyncio.Queue()
            for invoice_id in ids:
                queue.put_nowait(invoice_id)
            failures = 0

            async def worker() -> None:
                nonlocal failures
                while not queue.empty():
                    invoice_id = queue.get_nowait()
                    response = await http.post(f"/v1/invoices/{invoice_id}/finalize", json={})
                    failures += response.status_code != 200

            start, cpu_start = time.perf_counter(), cpu_seconds(server.pid)
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - start
            cpu = cpu_seconds(server.pid) - cpu_start
            if failures:
                raise RuntimeError(f"{failures} finalisations failed")
            return invoices / elapsed, invoices / cpu


async def drain(database_url: str, smtp_port: int) -> None:
    """One outbox worker process: deliver until nothing is due (used with --workers > 1)."""
    from app.mails.outbox import deliver_batch

    settings = smtp_settings(database_url, smtp_port)
    db = Database(database_url)
    try:
        while await deliver_batch(db, settings, limit=100):
            pass
    finally:
        await db.dispose()


async def queue_mails(db: Database, mails: int) -> int:
    """`mails` queued mails of one administration, each with the same ~30 KB PDF: its size."""
    from app.documents import service as documents
    from app.mails import service as mails_service
    from app.models import Invoice
    from app.models.enums import MailKind, MailStatus
    from app.parties import schemas, service

    pdf = b"%PDF-1.4\n" + os.urandom(30 * 1024)
    async with db.transaction(write=True) as session:
        admin, _ = await service.create_administration(
            session, schemas.AdministrationCreate(**seller(0))
        )
        customer = await service.create_customer(
            session, admin.id, schemas.CustomerCreate(name="K", email="klant@bench.nl")
        )
        invoice = Invoice(
            administration_id=admin.id,
            customer_id=customer.id,
            invoice_date=date.today(),
            due_date=date.today(),
            lines=[],
        )
        session.add(invoice)
        await session.flush()
        document = documents.store(
            session,
            administration_id=admin.id,
            invoice_id=invoice.id,
            kind="pdf",
            filename="factuur.pdf",
            content_type="application/pdf",
            data=pdf,
            template_version="bench@1",
            pdf_template_id=None,
        )
        await session.flush()
        for i in range(mails):
            await mails_service.create_mail(
                session,
                admin,
                invoice_id=invoice.id,
                kind=MailKind.invoice,
                status=MailStatus.queued,
                to=["klant@bench.nl"],
                cc=[],
                bcc=[],
                subject=f"Factuur {i}",
                body="In de bijlage vindt u de factuur.",
                body_html=None,
                document_ids=[document.id],
            )
    return len(pdf)


async def sent_mails(db: Database) -> int:
    from sqlalchemy import func, select

    from app.models import Mail
    from app.models.enums import MailStatus

    async with db.transaction(write=False) as session:
        sent = await session.scalar(
            select(func.count()).select_from(Mail).where(Mail.status == MailStatus.sent)
        )
    return int(sent or 0)


async def outbox_rate(mails: int, workers: int, url: str) -> tuple[float, float]:
    """(mails per second delivered to aiosmtpd by `workers` outbox workers, PDF size in KB)."""
    from app.mails.outbox import deliver_batch
    from app.migrations import upgrade

    port = free_port()
    upgrade(url)
    db = Database(url)
    try:
        with running("smtp", sink_args(port)) as smtpd:
            wait_smtp(port, smtpd)
            size = await queue_mails(db, mails)
            start = time.perf_counter()
            if workers == 1:
                while await deliver_batch(db, smtp_settings(url, port), limit=100):
                    pass
            else:
                procs = [
                    subprocess.Popen(
                        [sys.executable, __file__, "--drain", url, str(port)], cwd=ROOT
                    )
                    for _ in range(workers)
                ]
                for proc in procs:
                    proc.wait(600)
            elapsed = time.perf_counter() - start
        sent = await sent_mails(db)
        if sent != mails:
            raise RuntimeError(f"only {sent} of {mails} mails were sent")
        return mails / elapsed, size / 1024
    finally:
        await db.dispose()


def settings_connections() -> int:
    return Settings(_env_file=None).mail_connections  # type: ignore[call-arg]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=300)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument(
        "--drain", nargs=2, metavar=("DATABASE_URL", "SMTP_PORT"), help=argparse.SUPPRESS
    )
    return parser.parse_args()


def report_finalize(backend: str, url: str, args: argparse.Namespace) -> None:
    rate, per_cpu = asyncio.run(finalize_rate(url, args.invoices, args.concurrency))
    print(
        f"finalise over HTTP, {backend + ':':<13}{rate:7.1f} invoices/s wall, {per_cpu:6.1f} per "
        "CPU-second of the API process (1 uvicorn process, PDF and UBL included)"
    )


def report_outbox(workers: int, args: argparse.Namespace) -> None:
    try:
        url, drop = fresh_postgres(args.postgres)
    except Exception:
        url, drop = f"sqlite:///{tempfile.mkdtemp()}/outbox.db", lambda: None
    try:
        mails_rate, size = asyncio.run(outbox_rate(args.mails, workers, url))
    finally:
        drop()
    backend = make_url(url).get_backend_name()
    print(
        f"outbox to aiosmtpd, {workers} worker process(es), {backend}: "
        f"{mails_rate:7.1f} mails/s "
        f"({size:.0f} KB PDF each, batches of 100 over {settings_connections()} reused "
        "SMTP connections per worker)"
    )


def main() -> None:
    args = parse_args()
    if args.drain:
        asyncio.run(drain(args.drain[0], int(args.drain[1])))
        return

    report_finalize("SQLite", f"sqlite:///{tempfile.mkdtemp()}/bench.db", args)
    try:
        url, drop = fresh_postgres(args.postgres)
    except Exception as exc:
        print(f"finalise over HTTP, {'PostgreSQL:':<13}skipped ({exc})")
    else:
        try:
            report_finalize("PostgreSQL", url, args)
        finally:
            drop()
    for workers in (1, 2):
        report_outbox(workers, args)


if __name__ == "__main__":
    main()
