"""Health probes and metrics: `/healthz` (alive), `/readyz` (database, migrations, outbox) and
`/metrics` (Prometheus). Outside `/v1`, without API keys and without the per-request
transaction of `ApiRoute`."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import text

from app import clock
from app.config import Settings
from app.deadletters import service as deadletters
from app.errors import Unauthorized, problem_response, responses
from app.http.dependencies import AppDatabase, AppSettings
from app.http.routing import operation_id
from app.i18n import t
from app.mails import repository as mails_repo
from app.migrations import current_revision, head_revision
from app.observability import DEAD_LETTERS, OUTBOX_AGE, OUTBOX_DEPTH, REGISTRY

router = APIRouter(tags=["health"], generate_unique_id_function=operation_id)


class Health(BaseModel):
    status: str = Field(
        description="ok, degraded (serving, but something needs attention) or unavailable."
    )
    database: str | None = None
    migrations: str | None = None
    outbox: str | None = Field(default=None, description="ok, or how long mail has been stuck.")


@router.get("/healthz", name="live", response_model=Health)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    name="ready",
    response_model=Health,
    responses={503: {"model": Health, "description": "Not ready"}},
)
async def readyz(db: AppDatabase, settings: AppSettings) -> Any:
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            current = await current_revision(conn)
    except Exception as exc:  # readiness reports, it never raises
        return _not_ready(Health(status="unavailable", database=f"unreachable: {exc!r}"[:300]))
    head = head_revision()
    if current != head:
        return _not_ready(
            Health(status="unavailable", database="ok", migrations=f"at {current}, head is {head}")
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


@router.get(
    "/metrics",
    name="metrics",
    response_class=Response,
    responses=responses(Unauthorized)
    | {200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
    summary="Prometheus metrics of this process (and the outbox and dead letters, from the "
    "database)",
)
async def metrics(request: Request, db: AppDatabase, settings: AppSettings) -> Response:
    if not _metrics_token_matches(request, settings):
        return problem_response(
            401,
            Unauthorized.type,
            Unauthorized.title,
            t("Send the metrics token as `Authorization: Bearer <token>`."),
            headers={"WWW-Authenticate": "Bearer"},
            code=Unauthorized.code,
        )
    async with db.transaction(write=False) as session:
        depth, oldest = await mails_repo.outbox_stats(session, clock.now())
        dead = await deadletters.counts(session)
    for kind, count in dead.items():
        DEAD_LETTERS.labels(kind.value).set(count)
    OUTBOX_DEPTH.set(depth)
    OUTBOX_AGE.set((clock.now() - oldest).total_seconds() if oldest else 0.0)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def _metrics_token_matches(request: Request, settings: Settings) -> bool:
    if settings.metrics_token is None:
        return True
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    expected = settings.metrics_token.get_secret_value().encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), expected)


def _not_ready(health: Health) -> JSONResponse:
    return JSONResponse(health.model_dump(), status_code=503)
