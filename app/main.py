"""create_app(): routers, lifespan (database, in-process worker), error handlers, body limit."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings, get_settings
from app.db import Database
from app.errors import PayloadTooLarge, install_handlers, problem_response
from app.migrations import current_revision, head_revision
from app.parties import router as parties
from app.worker import Worker


def operation_id(route: APIRoute) -> str:
    """Stable, readable operation ids: `<tag>_<name>` such as `invoices_finalize`."""
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


class BodyLimit:
    """Refuses request bodies over the configured size with 413, before they are buffered."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        too_large = False
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                too_large = True
        if too_large:
            response = problem_response(
                413,
                PayloadTooLarge.type,
                PayloadTooLarge.title,
                f"Request bodies are limited to {self.max_bytes} bytes.",
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise PayloadTooLarge(f"Request bodies are limited to {self.max_bytes} bytes.")
            return message

        await self.app(scope, limited_receive, send)


class Health(BaseModel):
    status: str
    database: str | None = None
    migrations: str | None = None


def create_app(settings: Settings | None = None, *, run_worker: bool = False) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url, pool_size=settings.database_pool_size)
        app.state.db = db
        worker = Worker(db, settings)
        app.state.worker = worker
        task = asyncio.create_task(worker.run_forever()) if run_worker else None
        try:
            yield
        finally:
            if task is not None:
                worker.stop()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await db.dispose()

    app = FastAPI(
        title="Invoicer",
        version="1.0.0",
        summary="Finalise, deliver and repeat invoices: gap-free numbers, PDFs, draft mails.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.idempotency_inflight = set()
    install_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    for router in (
        parties.administrations,
        parties.api_keys,
        parties.companies,
        parties.customers,
        parties.known_addresses,
    ):
        app.include_router(router)

    @app.get("/healthz", tags=["health"], name="live", response_model=Health)
    async def healthz() -> Health:
        return Health(status="ok")

    @app.get(
        "/readyz",
        tags=["health"],
        name="ready",
        response_model=Health,
        responses={503: {"model": Health, "description": "Not ready"}},
    )
    async def readyz() -> Any:
        db: Database = app.state.db
        try:
            async with db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                current = await current_revision(conn)
        except Exception as exc:  # readiness reports, it never raises
            return _not_ready(Health(status="unavailable", database=f"unreachable: {exc!r}"[:300]))
        head = head_revision()
        if current != head:
            return _not_ready(
                Health(
                    status="unavailable", database="ok", migrations=f"at {current}, head is {head}"
                )
            )
        return Health(status="ok", database="ok", migrations=current)

    return app


def _not_ready(health: Health) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse(health.model_dump(), status_code=503)
