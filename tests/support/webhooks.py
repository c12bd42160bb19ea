"""Driving webhooks from tests: the tenant's webhook API and the delivery job together, with
retries that come after milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from app.config import Settings
from app.db import Database
from app.webhooks.delivery import RetryPolicy, deliver_batch
from tests.support.factories import Tenant

# Retries come after milliseconds instead of minutes, so tests never sleep for a backoff.
FAST = RetryPolicy(base_seconds=0.001, max_seconds=0.005)


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
