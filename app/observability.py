"""Structured JSON logs with a request id, Prometheus metrics, and the request middleware that
feeds both. One log line per request, written here (uvicorn's access log is off: it would cost
throughput and say less)."""

from __future__ import annotations

import json
import logging
import re
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from ulid import ULID

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
administration_id: ContextVar[str | None] = ContextVar("administration_id", default=None)

_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

REGISTRY = CollectorRegistry()
HTTP_REQUESTS = Counter(
    "invoicer_http_requests_total",
    "HTTP requests by route template, method and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "invoicer_http_request_duration_seconds",
    "HTTP request latency by route template and method.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
INVOICES_FINALIZED = Counter(
    "invoicer_invoices_finalized_total", "Invoices finalised.", registry=REGISTRY
)
MAILS_SETTLED = Counter(
    "invoicer_mails_total", "Mails that reached sent or failed.", ["status"], registry=REGISTRY
)
RECURRENCE_RUNS = Counter(
    "invoicer_recurrence_runs_total",
    "Handled recurrence occurrences by outcome.",
    ["outcome"],
    registry=REGISTRY,
)
OUTBOX_DEPTH = Gauge(
    "invoicer_outbox_queued_mails", "Mails waiting in the outbox.", registry=REGISTRY
)
OUTBOX_AGE = Gauge(
    "invoicer_outbox_oldest_due_seconds",
    "How long the oldest due mail has been waiting (0 when none).",
    registry=REGISTRY,
)
DEAD_LETTERS = Gauge(
    "invoicer_dead_letters",
    "Items of the work queue given up after their attempts ran out, by kind (mail, "
    "webhook_event); the operator can retry them.",
    ["kind"],
    registry=REGISTRY,
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request and administration of the current context."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid, aid = request_id.get(), administration_id.get()
        if rid:
            entry["request_id"] = rid
        if aid:
            entry["administration_id"] = aid
        for key in ("method", "path", "route", "status", "duration_ms", "client"):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("alembic").setLevel(logging.WARNING)


access_log = logging.getLogger("invoicer.access")
# An invoice page's token is its only credential: logs name the page, not the token.
_PAGE_TOKEN = re.compile(r"^/p/[^/]*")


class RequestContext:
    """Gives each request an id (the caller's `X-Request-ID` when it is sane), echoes it in the
    response, counts and times the request by route template and logs one line for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _VALID_REQUEST_ID.fullmatch(given) else str(ULID())
        rid_token = request_id.set(rid)
        aid_token = administration_id.set(None)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"]
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(elapsed)
            path = _PAGE_TOKEN.sub("/p/{token}", scope["path"])
            access_log.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={
                    "method": method,
                    "path": path,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id.reset(rid_token)
            administration_id.reset(aid_token)
