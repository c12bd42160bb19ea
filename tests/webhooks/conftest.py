"""Webhook fixtures: a real HTTP receiver, settings that let the API and the delivery job use
it on 127.0.0.1, and a helper that drives the delivery job for one administration."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import pytest

from app.config import Settings
from app.db import Database
from app.webhooks.delivery import RetryPolicy, deliver_batch
from tests.factories import Tenant
from tests.webhooks.receiver import Receiver

# Retries come after milliseconds instead of minutes, so tests never sleep for a backoff.
FAST = RetryPolicy(base_seconds=0.001, max_seconds=0.005)


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


@dataclass
class Hooks:
    """The tenant's webhook API and the delivery job, restricted to the tenant's events."""

    client: httpx.AsyncClient
    db: Database
    settings: Settings
    tenant: Tenant

    async def endpoint(self, url: str, **fields: Any) -> dict[str, Any]:
        response = await self.client.post("/v1/webhook-endpoints", json={"url": url} | fields)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def test_event(self, endpoint_id: str) -> dict[str, Any]:
        response = await self.client.post(f"/v1/webhook-endpoints/{endpoint_id}/test")
        assert response.status_code == 202, response.text
        return dict(response.json())

    async def deliveries(self, endpoint_id: str, **query: Any) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"/v1/webhook-endpoints/{endpoint_id}/deliveries", params=query
        )
        assert response.status_code == 200, response.text
        return list(response.json()["data"])

    async def deliver(self, settings: Settings | None = None, **kwargs: Any) -> int:
        return await deliver_batch(
            self.db,
            settings or self.settings,
            administration_id=self.tenant.id,
            retry=FAST,
            **kwargs,
        )

    async def deliver_all(self, settings: Settings | None = None) -> None:
        """Run the job until nothing of the tenant is pending any more."""
        with anyio.fail_after(10):
            while True:
                await self.deliver(settings)
                listed = await self.client.get("/v1/webhook-endpoints", params={"limit": 200})
                pending = [
                    d
                    for e in listed.json()["data"]
                    for d in await self.deliveries(e["id"], status="pending")
                ]
                if not pending:
                    return
                await anyio.sleep(0.005)


@pytest.fixture
def hooks(
    client: httpx.AsyncClient, db: Database, worker_settings: Settings, tenant: Tenant
) -> Hooks:
    return Hooks(client, db, worker_settings, tenant)
