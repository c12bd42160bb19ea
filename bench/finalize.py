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
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPERATOR = "bench-operator-token"
SELLER = {
    "name": "Bench B.V.",
    "address": {"street": "Keizersgracht 1", "postal_code": "1015 CJ", "city": "Amsterdam"},
    "kvk_number": "12345678",
    "vat_number": "NL004495445B01",
    "iban": "NL91ABNA0417164300",
    "sender_email": "facturen@bench.nl",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to report a per-core rate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def fresh_postgres(base: str) -> tuple[str, Callable[[], None]]:
    name = f"invoicer_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(
        make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return make_url(base).set(database=name).render_as_string(hide_password=False), drop


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
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            created = await http.post(
                "/v1/administrations", headers={"Authorization": f"Bearer {OPERATOR}"}, json=SELLER
            )
            http.headers["Authorization"] = f"Bearer {created.json()['api_key']}"
            customer = (
                await http.post(
                    "/v1/customers",
                    json={
                        "name": "Klant B.V.",
                        "address": {
                            "street": "Dorpsstraat 1",
                            "postal_code": "3511 AB",
                            "city": "Utrecht",
                        },
                    },
                )
            ).json()
            lines = [
                {
                    "description": f"Werkzaamheden {i}",
                    "quantity": "2",
                    "unit_price": "45.50",
                    "vat_rate": "21",
                }
                for i in range(10)
            ]
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
    finally:
        server.terminate()
        server.wait(10)


async def drain(database_url: str, smtp_port: int) -> None:
    """One outbox worker process: deliver until nothing is due (used with --workers > 1)."""
    from app.config import MailTransport, Settings
    from app.db import Database
    from app.mails.outbox import deliver_batch

    settings = Settings(
        database_url=database_url,
        mail_transport=MailTransport.smtp,
        smtp_port=smtp_port,
        _env_file=None,  # type: ignore[call-arg]
    )
    db = Database(database_url)
    try:
        while await deliver_batch(db, settings, limit=100):
            pass
    finally:
        await db.dispose()


async def outbox_rate(mails: int, workers: int, database_url: str) -> tuple[float, float]:
    from app.config import MailTransport, Settings
    from app.db import Database
    from app.documents import service as documents
    from app.mails import service as mails_service
    from app.mails.outbox import deliver_batch
    from app.migrations import upgrade
    from app.models import Invoice
    from app.models.enums import MailKind, MailStatus
    from app.parties import schemas, service

    port = free_port()
    smtpd = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = database_url
    upgrade(url)
    settings = Settings(
        database_url=url,
        mail_transport=MailTransport.smtp,
        smtp_port=port,
        _env_file=None,  # type: ignore[call-arg]
    )
    db = Database(url)
    try:
        time.sleep(1.0)
        pdf = b"%PDF-1.4\n" + os.urandom(30 * 1024)
        async with db.transaction(write=True) as session:
            admin, _ = await service.create_administration(
                session, schemas.AdministrationCreate(**SELLER)
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
        start = time.perf_counter()
        if workers == 1:
            while await deliver_batch(db, settings, limit=100):
                pass
        else:
            procs = [
                subprocess.Popen([sys.executable, __file__, "--drain", url, str(port)], cwd=ROOT)
                for _ in range(workers)
            ]
            for proc in procs:
                proc.wait(600)
        elapsed = time.perf_counter() - start
        async with db.transaction(write=False) as session:
            from sqlalchemy import func, select

            from app.models import Mail

            sent = await session.scalar(
                select(func.count()).select_from(Mail).where(Mail.status == MailStatus.sent)
            )
        if sent != mails:
            raise RuntimeError(f"only {sent} of {mails} mails were sent")
        return mails / elapsed, len(pdf) / 1024
    finally:
        await db.dispose()
        smtpd.terminate()
        smtpd.wait(10)


def settings_connections() -> int:
    from app.config import Settings

    return Settings(_env_file=None).mail_connections  # type: ignore[call-arg]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=300)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--drain", nargs=2, metavar=("DATABASE_URL", "SMTP_PORT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.drain:
        asyncio.run(drain(args.drain[0], int(args.drain[1])))
        return

    sqlite_url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    rate, per_cpu = asyncio.run(finalize_rate(sqlite_url, args.invoices, args.concurrency))
    print(
        f"finalise over HTTP, SQLite:      {rate:7.1f} invoices/s wall, {per_cpu:6.1f} per "
        "CPU-second of the API process (1 uvicorn process, PDF and UBL included)"
    )
    try:
        url, drop = fresh_postgres(args.postgres)
    except Exception as exc:
        print(f"finalise over HTTP, PostgreSQL:  skipped ({exc})")
    else:
        try:
            rate, per_cpu = asyncio.run(finalize_rate(url, args.invoices, args.concurrency))
            print(
                f"finalise over HTTP, PostgreSQL:  {rate:7.1f} invoices/s wall, {per_cpu:6.1f} per "
                "CPU-second of the API process (1 uvicorn process, PDF and UBL included)"
            )
        finally:
            drop()
    for workers in (1, 2):
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


if __name__ == "__main__":
    main()
