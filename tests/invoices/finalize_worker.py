"""Finalises invoices from a separate process (for the concurrency tests).

    python -m tests.invoices.finalize_worker DATABASE_URL API_KEY START_AT BODY_JSON ID...

Waits until the wall-clock time START_AT so all processes start together, finalises every id
concurrently through its own app instance and database pool, and prints one JSON line per id.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx

from app.config import Settings
from app.main import create_app
from tests.support.factories import finalize


async def main(
    database_url: str,
    api_key: str,
    start_at: float,
    bodies: dict[str, dict[str, Any]],
    ids: list[str],
) -> None:
    app = create_app(Settings(database_url=database_url, _env_file=None))  # type: ignore[call-arg]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://worker",
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=120,
        ) as client:
            await asyncio.sleep(max(0.0, start_at - time.time()))

            async def one(invoice_id: str) -> dict[str, object]:
                response = await finalize(client, invoice_id, **bodies.get(invoice_id, {}))
                body = response.json()
                return {
                    "id": invoice_id,
                    "status": response.status_code,
                    "number": body.get("number"),
                }

            for result in await asyncio.gather(*(one(i) for i in ids)):
                print(json.dumps(result), flush=True)


if __name__ == "__main__":
    url, key, start, bodies_json, *invoice_ids = sys.argv[1:]
    asyncio.run(main(url, key, float(start), json.loads(bodies_json), invoice_ids))
