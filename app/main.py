"""create_app(): the API's routers, middlewares and error handlers, and its lifespan (database,
in-process worker)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app import wiring
from app.auth.principal import invalidate_on_key_changes
from app.config import Settings, get_settings
from app.db import Database
from app.deadletters import router as deadletters
from app.documents import router as documents
from app.errors import add_problem_schemas, install_handlers
from app.http import health
from app.http.middleware import ActiveRequests, BodyLimit, Language, RejectNul
from app.http.routing import document_conventions, mount, operation_id
from app.invoices import router as invoices
from app.mails import router as mails
from app.observability import RequestContext
from app.parties import router as parties
from app.payments import router as payments
from app.ratelimit import KeyLimiter
from app.recurrences import router as recurrences
from app.webhooks import router as webhooks
from app.worker import Worker


def create_app(settings: Settings | None = None, *, run_worker: bool = False) -> FastAPI:
    settings = settings or get_settings()
    wiring.subscribe_all()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url, pool_size=settings.database_pool_size)
        app.state.db = db
        worker = Worker(db, settings, wiring.WORKER_JOBS)
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
    app.state.key_limiter = KeyLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    install_handlers(app)
    invalidate_on_key_changes()
    if settings.max_active_requests:
        app.add_middleware(ActiveRequests, limit=settings.max_active_requests)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RejectNul)
    app.add_middleware(Language)  # around every response that has texts
    app.add_middleware(RequestContext)  # outermost: every response gets its id and its metrics

    mount(
        app,
        parties.administrations,
        parties.api_keys,
        parties.companies,
        parties.customers,
        parties.known_addresses,
        invoices.router,
        payments.router,
        documents.templates,
        documents.layouts,
        documents.documents,
        mails.templates,
        mails.mails,
        recurrences.router,
        recurrences.by_invoice,
        recurrences.catalogue,
        webhooks.router,
        deadletters.router,
        health.router,
    )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=API_DESCRIPTION,
                routes=app.routes,
            )
            add_problem_schemas(schema)
            document_conventions(schema, app.routes)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


API_DESCRIPTION = """\
Invoicer finalises invoices irreversibly with gap-free numbers, renders their PDFs, delivers them
by post or e-mail (with editable draft mails) and runs recurring invoices.

Authenticate with an API key: `Authorization: Bearer ik_...`. Errors are RFC 9457 problem details
(`application/problem+json`); 422 responses list every invalid field in `errors`. Lists are
cursor-paginated (`limit`, `cursor` -> `next_cursor`). Every POST accepts an `Idempotency-Key`.
"""
