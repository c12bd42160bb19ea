"""The worker process as it runs in production (`invoicer worker`): woken by PostgreSQL's NOTIFY
from another process instead of waiting for its next poll, and stopped gracefully by SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio
import httpx
import pytest

from app.config import Settings
from tests.support.mail import send_invoice, wait_for_status
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio

# Long enough that a mail arriving within the test's limits can only have been noticed through
# a wake-up, not a poll.
POLL_SECONDS = "120"


@contextmanager
def worker_process(
    settings: Settings, smtp: SmtpServer, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    env = os.environ | {
        "INVOICER_DATABASE_URL": settings.database_url,
        "INVOICER_MAIL_TRANSPORT": "smtp",
        "INVOICER_SMTP_HOST": "127.0.0.1",
        "INVOICER_SMTP_PORT": str(smtp.port),
        "INVOICER_WORKER_POLL_SECONDS": POLL_SECONDS,
        # The worker serves every administration of the shared test database: webhook events
        # other tests left queued (to hosts that never answer here) must not hold it up long.
        "INVOICER_WEBHOOK_TIMEOUT_SECONDS": "1",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"], env=env, stdout=out, stderr=out
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


async def wait_for_log(log: Path, text: str, seconds: float = 30) -> None:
    with anyio.fail_after(seconds):
        while text not in await anyio.Path(log).read_text(errors="replace"):
            await anyio.sleep(0.05)


async def test_a_worker_in_another_process_is_woken_by_notify(
    client: httpx.AsyncClient, settings: Settings, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite has one process")
    log = tmp_path / "worker.log"
    with worker_process(settings, smtp_server, log):
        await wait_for_log(log, "listening for work")
        await anyio.sleep(0.5)  # its first look (at start-up) is over: it now waits 120 s
        final = await send_invoice(client, ["jan@devries.nl"])
        # Committed by this process, sent by the other one long before its next poll (120 s),
        # after whatever other tests left queued.
        mail = await wait_for_status(client, final["mail"]["id"], "sent", seconds=60)
    assert mail["status"] == "sent"
    # The worker serves every administration: mails other tests left queued may go out too.
    sent = [m.message["Message-ID"] for m in smtp_server.messages]
    assert sent.count(mail["message_id"]) == 1


async def test_sigterm_lets_the_batch_under_way_finish(
    client: httpx.AsyncClient, settings: Settings, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    """A deployment stops workers with SIGTERM: the mail being sent is finished and recorded,
    so it is neither lost in a lease nor sent twice."""
    smtp_server.handler.data_delay = 1.0  # the server is still busy when the signal comes
    final = await send_invoice(client, ["jan@devries.nl"])
    log = tmp_path / "worker.log"
    with worker_process(settings, smtp_server, log) as process:
        ours = final["mail"]["message_id"]
        with anyio.fail_after(60):  # the server has our mail and holds its DATA a second
            while not any(m.message["Message-ID"] == ours for m in smtp_server.messages):
                await anyio.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        # The batch may hold mails other tests left queued (the worker serves everyone).
        with anyio.fail_after(90):
            while process.poll() is None:
                await anyio.sleep(0.05)
        assert process.returncode == 0, log.read_text(errors="replace")
    mail = (await client.get(f"/v1/mails/{final['mail']['id']}")).json()
    assert mail["status"] == "sent"  # recorded before the process ended
    sent = [m.message["Message-ID"] for m in smtp_server.messages]
    assert sent.count(mail["message_id"]) == 1
    assert "worker stopped" in log.read_text(errors="replace")
