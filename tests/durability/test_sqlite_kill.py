"""Durability of the embedded default: SQLite in WAL mode survives the server process being
killed in the middle of writes; every write the API acknowledged is still there."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.migrations import upgrade
from tests.support.factories import OPERATOR_TOKEN
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def _serve(database: Path, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "INVOICER_DATABASE_URL": f"sqlite:///{database}",
        "INVOICER_OPERATOR_TOKEN": OPERATOR_TOKEN,
        "INVOICER_VAR_DIR": str(database.parent),
        "INVOICER_MAIL_DIR": str(database.parent / "mail"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-migrate"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("server did not start")


def test_killed_server_loses_nothing_acknowledged(tmp_path: Path) -> None:
    database = tmp_path / "invoicer.db"
    upgrade(f"sqlite:///{database}")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(database, port)
    acknowledged: list[str] = []
    try:
        _wait_up(base)
        with httpx.Client(base_url=base, timeout=10) as http:
            created = http.post(
                "/v1/administrations",
                json={"name": "Duurzaam B.V."},
                headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
            )
            http.headers["Authorization"] = f"Bearer {created.json()['api_key']}"
            kill_at = time.monotonic() + 1.5
            # Write as fast as possible and kill the server mid-stream, without warning.
            while True:
                try:
                    response = http.post(
                        "/v1/customers", json={"name": f"Klant {len(acknowledged)}"}
                    )
                except httpx.HTTPError:
                    break
                if response.status_code == 201:
                    acknowledged.append(response.json()["id"])
                if time.monotonic() > kill_at and server.poll() is None:
                    server.send_signal(signal.SIGKILL)
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(10)
    assert len(acknowledged) > 20, "the server should have acknowledged writes before the kill"

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        stored = {row[0] for row in conn.execute("SELECT id FROM customers")}
    missing = [i for i in acknowledged if i not in stored]
    assert missing == [], f"{len(missing)} acknowledged writes were lost"

    # And the service starts again on the same file.
    server = _serve(database, port)
    try:
        _wait_up(base)
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize("pragma", ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"])
def test_connections_use_the_durable_settings(tmp_path: Path, pragma: str) -> None:
    import asyncio

    from sqlalchemy import text

    from app.db import Database

    url = f"sqlite:///{tmp_path / 'p.db'}"

    async def read() -> object:
        db = Database(url)
        try:
            async with db.transaction(write=False) as session:
                return (await session.execute(text(f"PRAGMA {pragma}"))).scalar()
        finally:
            await db.dispose()

    value = asyncio.run(read())
    expected = {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000}
    assert value == expected[pragma]
