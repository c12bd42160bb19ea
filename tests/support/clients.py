"""The committed clients (`clients/`, made by `make sdk`) and a real server for them to talk
to: `invoicer serve` (uvicorn) as its own process on the suite's database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.config import Settings
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"


@contextmanager
def live_server(settings: Settings, var: Path) -> Iterator[str]:
    """Base URL of `invoicer serve --no-worker` on the (already migrated) database of
    `settings`, with its files under `var`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "INVOICER_DATABASE_URL": settings.database_url,
        "INVOICER_VAR_DIR": str(var),
        "INVOICER_MAIL_DIR": str(var / "mail"),
        # The invoice pages' links (`public_url`) lead to this server.
        "INVOICER_PUBLIC_BASE_URL": base,
    }
    command = ["serve", "--port", str(port), "--no-worker", "--no-migrate"]
    with (var / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
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
