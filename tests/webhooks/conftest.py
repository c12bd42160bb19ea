"""Webhook fixtures: a real HTTP receiver, settings that let the API and the delivery job use
it on 127.0.0.1, and `hooks`, which drives the delivery job for one administration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.db import Database
from tests.support.factories import Tenant
from tests.support.webhook_receiver import Receiver
from tests.support.webhooks import Hooks


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def allow_private(app: Any, settings: Settings) -> Iterator[Settings]:
    """Lets the API accept URLs on 127.0.0.1 (the receiver) for one test.

    The API reads `app.state.settings` per request, and the app is shared by the session, so
    the permissive settings are put in place for this test only and the originals restored.
    """
    original = app.state.settings
    permissive = original.model_copy(update={"webhook_allow_private_urls": True})
    app.state.settings = permissive
    try:
        yield permissive
    finally:
        app.state.settings = original


@pytest.fixture
def worker_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "webhook_allow_private_urls": True,
            "webhook_timeout_seconds": 2.0,
            "webhook_max_attempts": 3,
        }
    )


@pytest.fixture
def hooks(
    client: httpx.AsyncClient, db: Database, worker_settings: Settings, tenant: Tenant
) -> Hooks:
    return Hooks(client, db, worker_settings, tenant)
