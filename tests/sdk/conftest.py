"""The committed clients (`clients/`, made by `make sdk`) against the real service: a uvicorn
process (`invoicer serve`) on the suite's database, so a tenant made through the test app works
there too. It runs no worker: the `outbox` fixture delivers the test administration's mails
to the test's SMTP server, as everywhere in the suite, and leaves other tests' queues alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"


@pytest.fixture(scope="session")
def live_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `invoicer serve` on the suite's (already migrated) database."""
    var = tmp_path_factory.mktemp("live-server")
    port = free_port()
    env = os.environ | {
        "INVOICER_DATABASE_URL": settings.database_url,
        "INVOICER_VAR_DIR": str(var),
        "INVOICER_MAIL_DIR": str(var / "mail"),
    }
    log = (var / "server.log").open("wb")
    command = ["serve", "--port", str(port), "--no-worker", "--no-migrate"]
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", *command],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (var / "server.log").read_text(errors="replace")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()
