"""Delivering webhook events: the events' adapter to the leased work queue (`app.shared.queue`).

Events are leased in one short transaction, POSTed concurrently outside any transaction, and
their outcomes recorded in another. Delivery is at-least-once:

- If the process dies after a receiver answered but before the outcome was recorded, the lease
  runs out and the event is sent again with the same `webhook-id` and body, which is how
  Standard Webhooks receivers recognise a duplicate.
- An outcome is recorded only while the lease is held and the event still pending (an endpoint
  disabled meanwhile has failed it); a 410 Gone disables the endpoint whoever holds the lease.
  Recording is retried while the database is unreachable and the leases last.
- Failed attempts are retried after `backoff` (a `RetryPolicy`, or the receiver's longer
  Retry-After) until `INVOICER_WEBHOOK_MAX_ATTEMPTS`; then the event is `failed` and a dead
  letter (`dead_at`), which the operator can queue again (`app.shared.queue.revive`).

Each attempt resolves the host once, refuses non-public addresses (unless allowed) and connects
to an address it vetted (`url_safety.VettingTransport`), so DNS that changes between the check
and the connection cannot redirect it.
"""

from __future__ import annotations

import logging
import math
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import anyio
import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook

from app import clock
from app.config import Settings
from app.db import Database
from app.i18n import message_of, render
from app.models.enums import WebhookStatus
from app.shared import queue
from app.shared import queue_repository as queue_repo
from app.shared.queue import RetryPolicy, backoff
from app.webhooks import repository as repo
from app.webhooks import url_safety

log = logging.getLogger("invoicer.webhooks")

CONCURRENCY = 10  # attempts in flight per batch
USER_AGENT = "Invoicer-Webhooks/1.0"


# 60 s doubling up to 12 h: with 10 attempts, an endpoint that stays down is given up after
# about eight and a half hours.
DEFAULT_RETRY = RetryPolicy(base_seconds=60.0, max_seconds=12 * 3600.0)


@dataclass(frozen=True)
class _Claimed:
    event_id: str
    endpoint_id: str
    attempt: int
    lease_until: datetime
    url: str
    secret: str
    payload: str


@dataclass(frozen=True)
class Attempt:
    """What one POST came to: the receiver's status code, or why there was none."""

    status_code: int | None
    error: str | None = None
    retry_after: float | None = None  # seconds, from a 429/503 Retry-After header

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


@cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes milliseconds: once per process, shared by every attempt.
    return httpx.create_ssl_context()


def signed_headers(event_id: str, secret: str, payload: str) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt, signed at the time it is sent."""
    timestamp = clock.now().replace(microsecond=0)
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, timestamp, payload),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


async def send(item: _Claimed, settings: Settings) -> Attempt:
    """POST one event; never raises. The whole attempt (DNS included) is bounded by the timeout,
    so a receiver that answers byte by byte cannot hold a worker longer."""
    timeout = settings.webhook_timeout_seconds
    try:
        with anyio.fail_after(timeout):
            headers = signed_headers(item.event_id, item.secret, item.payload)
            # The transport resolves the host, vets every address and connects to a vetted one;
            # the URL keeps its name, so Host and TLS (SNI, certificate) use it.
            # A client per attempt: two endpoints sharing an address (a CDN) must not share a
            # connection or TLS session made for the other name.
            transport = url_safety.VettingTransport(
                allow_private=settings.webhook_allow_private_urls, ssl_context=_ssl_context()
            )
            async with (
                httpx.AsyncClient(
                    transport=transport,
                    timeout=timeout,
                    follow_redirects=False,  # a redirect could lead anywhere, unchecked
                    trust_env=False,  # no proxy from the environment, mounted past the transport
                ) as client,
                client.stream(
                    "POST", item.url, content=item.payload.encode(), headers=headers
                ) as response,
            ):
                # The body is never read: receivers are asked for a status code only.
                if 200 <= response.status_code < 300:
                    return Attempt(response.status_code)
                return Attempt(
                    response.status_code,
                    f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                    _retry_after(response) if response.status_code in (429, 503) else None,
                )
    except url_safety.UnsafeUrl as exc:
        # The attempt log is for the operator: English, whatever the request's language.
        return Attempt(None, f"not sent: {render(message_of(exc), 'en')}")
    except (TimeoutError, httpx.TimeoutException):
        return Attempt(None, f"no answer within {timeout:g} s")
    except (httpx.HTTPError, OSError) as exc:
        return Attempt(None, f"{type(exc).__name__}: {exc}"[:2000])
    except Exception as exc:
        # Whatever else one event trips over (a URL httpx cannot rebuild, say) fails that
        # attempt only, never the batch: the others' outcomes must still be recorded.
        log.exception("webhook attempt for %s failed unexpectedly", item.event_id)
        return Attempt(None, f"{type(exc).__name__}: {exc}"[:2000])


@dataclass(frozen=True)
class Outcome:
    status: WebhookStatus
    next_attempt_at: datetime | None
    error: str | None
    dead_at: datetime | None = None  # given up after the last attempt


def settle(
    attempt: Attempt, number: int, settings: Settings, retry: RetryPolicy, now: datetime
) -> Outcome:
    """The event's state after attempt `number`: delivered on 2xx; failed on 410 Gone (refused
    for good) or when no attempt is left (also dead: worth retrying once the receiver is back);
    otherwise pending again after the backoff (or the receiver's
    Retry-After, when longer, within the policy's maximum)."""
    if attempt.delivered:
        return Outcome(WebhookStatus.delivered, None, None)
    if attempt.gone:
        return Outcome(WebhookStatus.failed, None, "the endpoint answered 410 Gone")
    if number >= settings.webhook_max_attempts:
        return Outcome(
            WebhookStatus.failed, None, f"gave up after {number} attempts: {attempt.error}", now
        )
    delay = backoff(number, retry)
    if attempt.retry_after is not None:
        delay = max(delay, timedelta(seconds=min(attempt.retry_after, retry.max_seconds)))
    return Outcome(WebhookStatus.pending, now + delay, attempt.error)


def lease_seconds(limit: int, settings: Settings) -> float:
    """Long enough for a whole batch: every attempt ends within the timeout, CONCURRENCY at a
    time, with a margin for recording."""
    return settings.webhook_timeout_seconds * (math.ceil(limit / CONCURRENCY) + 1) + 60.0


async def _load(session: AsyncSession, ids: list[str], lease_until: datetime) -> list[_Claimed]:
    rows = await repo.events_to_send(session, ids)
    return [
        _Claimed(e.id, e.endpoint_id, e.attempts, lease_until, url, secret, e.payload)
        for e, url, secret in rows
    ]


async def _record(
    db: Database,
    settings: Settings,
    retry: RetryPolicy,
    done: Sequence[tuple[_Claimed, Attempt]],
) -> None:
    """Store the outcomes of finished attempts in one short transaction, each only while its
    lease is still ours; a 410 disables the endpoint whoever holds the lease."""
    now = clock.now()
    async with db.transaction(write=True) as session:
        for item, attempt in done:
            outcome = settle(attempt, item.attempt, settings, retry, now)
            owned = await queue_repo.settle(
                session,
                repo.EVENTS,
                [item.event_id],
                item.lease_until,
                {
                    "status": outcome.status,
                    "next_attempt_at": outcome.next_attempt_at,
                    "last_status_code": attempt.status_code,
                    "last_error": outcome.error,
                    "delivered_at": now if attempt.delivered else None,
                    "dead_at": outcome.dead_at,
                },
            )
            if not owned:
                log.info(
                    "event %s was settled elsewhere before its attempt was recorded", item.event_id
                )
            if attempt.gone:
                log.warning("webhook endpoint %s answered 410 Gone: disabled", item.endpoint_id)
                await repo.disable_endpoint(
                    session, item.endpoint_id, "the endpoint answered 410 Gone", now
                )


async def deliver_batch(
    db: Database,
    settings: Settings,
    *,
    limit: int = 50,
    administration_id: str | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
) -> int:
    """Attempt up to `limit` due events, CONCURRENCY at a time; returns how many.

    Outcomes are committed as attempts finish (whatever has finished since the last commit,
    together), so a slow receiver does not hold back the record of the fast ones.
    """
    claimed = await queue.claim(
        db,
        repo.EVENTS,
        _load,
        lease_seconds=lease_seconds(limit, settings),
        limit=limit,
        administration_id=administration_id,
    )

    @asynccontextmanager
    async def lane() -> AsyncIterator[Callable[[_Claimed], Awaitable[Attempt]]]:
        # Nothing to hold per lane: every attempt makes its own client (see `send`).
        async def attempt(item: _Claimed) -> Attempt:
            return await send(item, settings)

        yield attempt

    async def record(done: Sequence[tuple[_Claimed, Attempt]]) -> None:
        await _record(db, settings, retry, done)

    await queue.work_off(claimed, lanes=CONCURRENCY, lane=lane, record=record)
    return len(claimed)


async def webhooks_job(db: Database, settings: Settings) -> int:
    return await deliver_batch(db, settings)
