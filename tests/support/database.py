"""Which database backends the suite runs against: SQLite always, PostgreSQL when one answers
(`INVOICER_TEST_POSTGRES_URL`, else a local server on 127.0.0.1:5432)."""

from __future__ import annotations

import os
import socket


def _postgres_url() -> str | None:
    url = os.environ.get("INVOICER_TEST_POSTGRES_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return "postgresql://postgres@127.0.0.1:5432/postgres"
    except OSError:
        return None


POSTGRES_URL = _postgres_url()
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
