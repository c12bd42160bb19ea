"""Reminder fixtures: settings that let the API accept a webhook endpoint on 127.0.0.1, and
the invoices of each test put on hold afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from app.config import Settings


@pytest.fixture
def allow_private(app: Any) -> Iterator[Settings]:
    """The API accepts webhook URLs on loopback for one test (the app is the session's)."""
    original = app.state.settings
    permissive = original.model_copy(update={"webhook_allow_private_urls": True})
    app.state.settings = permissive
    try:
        yield permissive
    finally:
        app.state.settings = original


@pytest.fixture(autouse=True)
async def hold_reminders_afterwards(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """After a test with an administration, its invoices are put on hold: the test database is
    shared by the session, and a real worker started by a later test (tests/test_worker.py)
    would otherwise remind these long-overdue invoices by today's date and send the reminder
    mails left queued here. Putting them on hold withdraws those mails, through the API."""
    yield
    if "client" not in request.fixturenames:
        return
    client: httpx.AsyncClient = request.getfixturevalue("client")
    listed = await client.get("/v1/invoices", params={"status": "final", "limit": 200})
    for invoice in listed.json().get("data", []):
        if invoice["kind"] == "invoice":
            await client.post(f"/v1/invoices/{invoice['id']}/reminders/pause", json={})
