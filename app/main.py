"""create_app(): routers, lifespan (database, in-process worker), error handlers, body limit."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import clock, domain
from app.api import operation_id
from app.config import Settings, get_settings
from app.db import Database
from app.documents import router as documents
from app.errors import (
    FieldError,
    Invalid,
    PayloadTooLarge,
    Unauthorized,
    add_problem_schemas,
    install_handlers,
    problem_response,
    responses,
)
from app.invoices import router as invoices
from app.mails import repository as mails_repo
from app.mails import router as mails
from app.migrations import current_revision, head_revision
from app.observability import OUTBOX_AGE, OUTBOX_DEPTH, REGISTRY, RequestContext
from app.parties import router as parties
from app.ratelimit import KeyLimiter
from app.recurrences import router as recurrences
from app.webhooks import router as webhooks
from app.worker import Worker


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
            await self._too_large(scope, receive, send)
            return
        seen = 0
        exceeded = False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    # FastAPI turns errors while reading the body into a 400; `guarded_send`
                    # replaces whatever response follows with the 413.
                    raise PayloadTooLarge()
            return message

        replaced = False

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if not exceeded:
                await send(message)
            elif not replaced:
                replaced = True
                await self._too_large(scope, receive, send)

        await self.app(scope, limited_receive, guarded_send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            PayloadTooLarge.type,
            PayloadTooLarge.title,
            f"Request bodies are limited to {self.max_bytes} bytes.",
        )
        await response(scope, receive, send)


class ActiveRequests:
    """At most `limit` requests of this process run at once; the others wait their turn (FIFO).

    The API is CPU-bound on an event loop: without a limit every request in flight shares the
    loop, so a finalisation (~20 ms of CPU, a dozen round trips) re-queues behind all the others
    at each await and the tail grows with the load (processor sharing). With a few at a time,
    requests run nearly through and wait in line instead: under the load bench the mix's p99 at
    24 in flight fell from 290-420 ms to ~200 ms, with more throughput (bench/README.md).
    Off by default: a request waiting for a row lock keeps its turn, so finalisations of one
    administration queueing on its number counter can take every turn of a process. One bench
    run with a limit of 4 stalled with the machine partly idle (p99 568 ms); that is the likely
    cause, not a proven one.

    A turn is taken only once the request body has been received (bodies are capped by
    `BodyLimit`, outside this), and given back when the response starts (its body is made by
    then), so a slow client holds no turn. Health probes and metrics never wait."""

    EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.turns = asyncio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.EXEMPT:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        try:
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request" or not message.get("more_body", False):
                    break
        except Exception as exc:  # e.g. BodyLimit's 413: raised where the app reads the body
            failure = exc

            async def failing_receive() -> Message:
                raise failure

            await self.app(scope, failing_receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        held = True

        async def releasing_send(message: Message) -> None:
            nonlocal held
            if held and message["type"] == "http.response.start":
                held = False
                self.turns.release()
            await send(message)

        await self.turns.acquire()
        try:
            await self.app(scope, replay, releasing_send)
        finally:
            if held:
                self.turns.release()


class RejectNul:
    """NUL in the path or query string is refused up front (PostgreSQL cannot store it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            where = None
            if "\0" in scope["path"]:
                where = ["path"]
            else:
                for name, value in parse_qsl(
                    scope["query_string"].decode("latin-1"), keep_blank_values=True
                ):
                    if "\0" in name or "\0" in value:
                        where = ["query", name.replace("\0", "\\0")]
                        break
            if where is not None:
                response = problem_response(
                    422,
                    Invalid.type,
                    Invalid.title,
                    "NUL characters are not allowed in URLs.",
                    errors=[
                        FieldError(
                            loc=list(where),
                            msg="NUL characters are not allowed",
                            type="value_error",
                        )
                    ],
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Health(BaseModel):
    status: str = Field(
        description="ok, degraded (serving, but something needs attention) or unavailable."
    )
    database: str | None = None
    migrations: str | None = None
    outbox: str | None = Field(default=None, description="ok, or how long mail has been stuck.")


def create_app(settings: Settings | None = None, *, run_worker: bool = False) -> FastAPI:
    settings = settings or get_settings()
    domain.load()

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
    app.state.key_limiter = KeyLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    install_handlers(app)
    if settings.max_active_requests:
        app.add_middleware(ActiveRequests, limit=settings.max_active_requests)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RejectNul)
    app.add_middleware(RequestContext)  # outermost: every response gets its id and its metrics

    for router in (
        parties.administrations,
        parties.api_keys,
        parties.companies,
        parties.customers,
        parties.known_addresses,
        invoices.router,
        documents.templates,
        documents.layouts,
        documents.documents,
        mails.templates,
        mails.mails,
        recurrences.router,
        recurrences.by_invoice,
        recurrences.catalogue,
        webhooks.router,
    ):
        # The routes go on the app's own router rather than through include_router: FastAPI
        # 0.16x matches included routers lazily, and a request then tried every router listed
        # before its own, twice (about 5% of the CPU of a GET /v1/invoices/{id}). The routers
        # are made by api_router, which sets all that include_router would have added.
        app.router.routes.extend(router.routes)

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
        async with db.transaction(write=False) as session:
            depth, oldest = await mails_repo.outbox_stats(session, clock.now())
        waiting = (clock.now() - oldest).total_seconds() if oldest else 0.0
        if waiting > settings.outbox_stuck_seconds:
            # Still ready to serve the API; the outbox (worker or SMTP server) needs attention.
            return Health(
                status="degraded",
                database="ok",
                migrations=current,
                outbox=f"stuck: {depth} queued, the oldest due mail has waited {waiting:.0f} s",
            )
        return Health(status="ok", database="ok", migrations=current, outbox="ok")

    @app.get(
        "/metrics",
        tags=["health"],
        name="metrics",
        response_class=Response,
        responses=responses(401)
        | {200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
        summary="Prometheus metrics of this process (and the outbox, from the database)",
    )
    async def metrics(request: Request) -> Response:
        if not _metrics_token_matches(request, settings):
            return problem_response(
                401,
                Unauthorized.type,
                Unauthorized.title,
                "Send the metrics token as `Authorization: Bearer <token>`.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        db: Database = app.state.db
        async with db.transaction(write=False) as session:
            depth, oldest = await mails_repo.outbox_stats(session, clock.now())
        OUTBOX_DEPTH.set(depth)
        OUTBOX_AGE.set((clock.now() - oldest).total_seconds() if oldest else 0.0)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

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


def _metrics_token_matches(request: Request, settings: Settings) -> bool:
    if settings.metrics_token is None:
        return True
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    expected = settings.metrics_token.get_secret_value().encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), expected)


def _not_ready(health: Health) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse(health.model_dump(), status_code=503)
