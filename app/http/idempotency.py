"""Idempotent POSTs: one stored 2xx answer per `Idempotency-Key`, bound to who made it.

A POST carrying `Idempotency-Key` runs in one transaction that also stores its 2xx response, so
the stored response exists exactly when the effect does. The lookup of a stored response runs
*inside* the endpoint, after FastAPI has resolved its dependencies: authentication, the scope
check and the rate limit always come first, so a replay can never answer a caller that could not
have made the request itself. The record is bound to the API key (or the operator token) that
made it: the same key and body replays the stored answer, another body or another key with the
same `Idempotency-Key` is a 422 `idempotency_key_reused` (never the stored body, which may hold
a secret such as a new API key), and a duplicate still running is a 409.

The pieces: `run()` wraps the route (transaction, in-flight marker, storing the answer) and
`guard()` wraps the endpoint (the lookup, after the dependencies). They meet through a context
variable, because FastAPI calls the endpoint with its parameters only, not the request.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.db import Database
from app.errors import Conflict, Invalid
from app.i18n import Text, t
from app.models import IdempotencyRecord
from app.models.base import new_id

HEADER = "idempotency-key"
OPERATOR = "operator"  # the owner and scope of records made with the operator token
_REPLAYED_HEADERS = ("location", "etag", "content-disposition")


@dataclass
class _Pending:
    """An idempotent request on its way through the endpoint."""

    request: Request
    session: AsyncSession
    is_sqlite: bool
    key: str
    digest: str
    scope: str | None = None  # set by `guard` once the caller is known
    owner: str | None = None


class _Replay(Exception):
    """Control flow: the stored answer, thrown from inside the endpoint to `run`."""

    def __init__(self, response: Response) -> None:
        super().__init__("replayed")
        self.response = response


_pending: ContextVar[_Pending | None] = ContextVar("idempotent_request", default=None)


def caller(request: Request) -> tuple[str, str] | None:
    """(scope, owner) of an authenticated request: (administration id, API key id), or the
    operator's; None when the request carries neither (it is then refused by its dependency)."""
    principal = getattr(request.state, "principal", None)
    if principal is not None:
        return principal.administration_id, principal.key_id
    if getattr(request.state, "operator", False):
        return OPERATOR, OPERATOR
    return None


def guard(endpoint: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Wrap a POST endpoint so that an idempotent request is looked up after its dependencies
    (auth, scope, rate limit, body validation) and before its work."""

    @functools.wraps(endpoint)
    async def guarded(*args: Any, **kwargs: Any) -> Any:
        pending = _pending.get()
        if pending is not None:
            await _claim(pending)
        return await endpoint(*args, **kwargs)

    if not inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"POST endpoint {endpoint.__name__} must be async")
    return guarded


async def run(
    request: Request, inner: Callable[[Request], Awaitable[Response]], db: Database, key: str
) -> Response:
    """Run an idempotent POST: replay its stored answer, or run it and store its 2xx answer in
    the same transaction."""
    if not key or len(key) > 255 or not key.isprintable():
        raise Invalid.field(
            ["header", "Idempotency-Key"], t("must be 1 to 255 printable characters")
        )
    body = await request.body()
    digest = hashlib.sha256(
        b"\n".join([request.method.encode(), request.url.path.encode(), body])
    ).hexdigest()
    # Two copies of one request in this process at once: the second waits for nothing and is
    # told to retry (across processes, the advisory lock in `_claim` does the same).
    inflight: set[tuple[str, str]] = request.app.state.idempotency_inflight
    marker = (hashlib.sha256(request.headers.get("authorization", "").encode()).hexdigest(), key)
    if marker in inflight:
        raise _in_progress()
    inflight.add(marker)
    try:
        async with db.transaction(write=True) as session:
            request.state.session = session
            pending = _Pending(request, session, db.is_sqlite, key, digest)
            token = _pending.set(pending)
            try:
                response = await inner(request)
            except _Replay as replay:
                return replay.response
            finally:
                _pending.reset(token)
            if pending.scope is not None and 200 <= response.status_code < 300:
                session.add(_record(pending, response))
            return response
    finally:
        inflight.discard(marker)


async def _claim(pending: _Pending) -> None:
    who = caller(pending.request)
    if who is None:
        return  # an unauthenticated route: nothing to bind a record to, so none is kept
    scope, owner = who
    session = pending.session
    if not pending.is_sqlite and not await _try_lock(session, scope, pending.key):
        raise _in_progress()
    stored = await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope, IdempotencyRecord.key == pending.key
        )
    )
    if stored is None:
        pending.scope, pending.owner = scope, owner
        return
    if stored.owner != owner:
        raise _reused(t("this key was already used by another API key"))
    if stored.request_hash != pending.digest:
        raise _reused(t("this key was already used with a different request"))
    headers = json.loads(stored.headers)
    headers["idempotent-replayed"] = "true"
    raise _Replay(
        Response(
            stored.response_body,
            status_code=stored.status_code,
            media_type=stored.content_type,
            headers=headers,
        )
    )


def _record(pending: _Pending, response: Response) -> IdempotencyRecord:
    assert pending.scope is not None
    assert pending.owner is not None
    return IdempotencyRecord(
        id=new_id("idk"),
        scope=pending.scope,
        owner=pending.owner,
        key=pending.key,
        request_hash=pending.digest,
        status_code=response.status_code,
        content_type=response.headers.get("content-type", "application/json"),
        response_body=bytes(response.body),
        headers=json.dumps(
            {h: response.headers[h] for h in _REPLAYED_HEADERS if h in response.headers}
        ),
        created_at=clock.now(),
    )


def _reused(msg: Text) -> Invalid:
    return Invalid.field(["header", "Idempotency-Key"], msg, "idempotency_key_reused")


class IdempotencyKeyInProgress(Conflict):
    type, code = "idempotency-key-in-progress", "idempotency_key_in_progress"
    title = t("A request with this Idempotency-Key is still being processed")


def _in_progress() -> IdempotencyKeyInProgress:
    return IdempotencyKeyInProgress(
        t("A request with this Idempotency-Key is still being processed; retry later."),
        headers={"Retry-After": "1"},
    )


async def _try_lock(session: AsyncSession, scope: str, key: str) -> bool:
    lock_id = int.from_bytes(
        hashlib.sha256(f"{scope}\0{key}".encode()).digest()[:8], "big", signed=True
    )
    got = await session.scalar(select(func.pg_try_advisory_xact_lock(lock_id)))
    return bool(got)
