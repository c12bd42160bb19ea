"""Reminder fixtures: settings that let the API accept a webhook endpoint on 127.0.0.1, and
the invoices of each test put on hold afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from app.config import Settings
from tests.support.factories import Tenant


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


@pytest.fixture
async def client(tenant: Tenant) -> AsyncIterator[httpx.AsyncClient]:
    """The tenant's client (as everywhere); afterwards the test's invoices are put on hold. The
    test database is shared by the session, and a real worker started by a later test
    (tests/test_worker.py) would otherwise remind these long-overdue invoices by today's date
    and send the reminder mails left queued here. The hold withdraws those mails."""
    yield tenant.client
    listed = await tenant.client.get("/v1/invoices", params={"status": "final", "limit": 200})
    for invoice in listed.json().get("data", []):
        if invoice["kind"] == "invoice":
            await tenant.client.post(f"/v1/invoices/{invoice['id']}/reminders/pause", json={})
