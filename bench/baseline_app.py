"""The smallest FastAPI apps the service can be compared with, served by uvicorn like the service.

    BENCH_DATABASE_URL=postgresql://... .venv/bin/python -m uvicorn --app-dir bench \
        baseline_app:create_app --factory --workers 2 --no-access-log --port 8001

- `GET /trivial` -> `{"ok": true}`: what uvicorn + FastAPI cost on this machine, with no I/O.
- `GET /invoices/{id}`: one invoice row by primary key through async SQLAlchemy (asyncpg, a pool
  like the service's), `select(Invoice).where(Invoice.id == id)` on the service's own model,
  `scalar_one`, a few fields as JSON. No authentication, no lines, no documents: exactly one
  round trip to PostgreSQL (the `lines` relationship, `selectin` by default, is not loaded), so
  it is the floor for any endpoint that reads a row.

`bench/load.py` starts it; the database URL comes from `BENCH_DATABASE_URL` (a plain
`postgresql://` URL; the asyncpg driver is chosen here).
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import NoResultFound
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import raiseload

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import Invoice


def create_app() -> FastAPI:
    url = make_url(os.environ["BENCH_DATABASE_URL"]).set(drivername="postgresql+asyncpg")
    pool_size = int(os.environ.get("BENCH_POOL_SIZE", "20"))
    # The service's pool settings (app/db.py): a fixed pool_size without overflow; pre-ping
    # as SQLAlchemy's docs advise for a minimal app (the service does without it).
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=0, pool_pre_ping=True)
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(title="Invoicer baseline", lifespan=lifespan)

    @app.get("/trivial")
    async def trivial() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/invoices/{invoice_id}")
    async def invoice(invoice_id: str) -> dict[str, Any]:
        async with sessions() as session:
            try:
                row = (
                    await session.execute(
                        select(Invoice)
                        .where(Invoice.id == invoice_id)
                        .options(raiseload(Invoice.lines))
                    )
                ).scalar_one()
            except NoResultFound:
                raise HTTPException(404, "not found") from None
        return {
            "id": row.id,
            "status": row.status.value,
            "invoice_date": row.invoice_date.isoformat(),
            "number": row.number,
            "total": f"{row.total:.2f}",
        }

    return app
