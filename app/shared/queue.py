"""A leased work queue in a table, drained by any number of workers: the outbox of mails and the
webhook events use it (each through a thin adapter that says how to load, do and settle one item).

How a batch goes:

1. **Claim** (one short write transaction): up to `limit` due rows are leased to this worker
   (`lease_until` set, `attempts` counted) and loaded. Due means: waiting, `next_attempt_at`
   reached, and no lease or one that ran out (a worker that died mid-batch loses its rows to the
   next claim). Claims are fair between administrations (see `queue_repository.claim`).
2. **Work**, outside any transaction: the items go through `lanes` concurrent lanes (a lane may
   hold a resource, such as an SMTP connection, for its share of the batch).
3. **Record** as outcomes arrive: whatever finished since the last commit is settled together
   in one short transaction, each item only while its lease is still ours. While the database
   is unreachable (a restart, a failover) recording is retried as long as the leases last.

What this guarantees: delivery is at-least-once. A worker that dies after the work was done but
before the outcome was recorded leaves the lease to run out, and the item is done again, so the
work must carry a stable identity (a mail's Message-ID, an event's `webhook-id`) by which the
receiving side recognises a duplicate. An outcome is never written over another worker's lease.
Between attempts the delay grows by `backoff`.

**Dead letters**: an item whose attempts ran out is settled with `dead_at` set (its status is
the adapter's final one, `failed` to clients). Nothing retries it by itself; once the cause is
fixed (the SMTP server or the receiver was down for a day) the operator `revive`s it: it waits
again, due now, with its attempts counted from zero. Work refused for good (an SMTP 5xx, a 410
Gone) is never dead, so never revived.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

import anyio
from anyio.streams.memory import MemoryObjectSendStream
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.db import Database
from app.errors import database_unavailable
from app.shared import queue_repository as repo
from app.shared import wakeup
from app.shared.queue_repository import QueueTable

__all__ = ["QueueTable", "RetryPolicy", "Revived", "backoff", "claim", "revive", "work_off"]

log = logging.getLogger("invoicer.queue")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff between attempts: `base_seconds` doubling up to `max_seconds`.

    With these defaults and 10 attempts, work whose receiver stays down is given up after about
    eight and a half hours."""

    base_seconds: float = 60.0
    max_seconds: float = 12 * 3600.0


def backoff(attempt: int, policy: RetryPolicy) -> timedelta:
    """Delay after failed attempt number `attempt`, with +-25% jitter so the retries of many
    items (one receiver's outage) do not arrive together."""
    base = policy.base_seconds * 2 ** max(attempt - 1, 0)
    return timedelta(seconds=min(base, policy.max_seconds) * random.uniform(0.75, 1.25))


class Leased(Protocol):
    """A claimed item: it knows until when its lease runs."""

    @property
    def lease_until(self) -> datetime: ...


T = TypeVar("T", bound=Leased)
R = TypeVar("R")

# Loads the claimed rows (by id, inside the claim's transaction) as the adapter's items.
Loader = Callable[[AsyncSession, list[str], datetime], Awaitable[list[T]]]
# Opens a lane: what it yields does one item (and must not raise for an item's own failure).
Lane = Callable[[], AbstractAsyncContextManager[Callable[[T], Awaitable[R]]]]
# Settles finished items in one transaction, each only while its lease is held.
Recorder = Callable[[Sequence[tuple[T, R]]], Awaitable[None]]


async def claim(
    db: Database,
    table: QueueTable,
    load: Loader[T],
    *,
    lease_seconds: float,
    limit: int,
    administration_id: str | None = None,
) -> list[T]:
    """Lease up to `limit` due items for `lease_seconds` and load them, in one transaction."""
    now = clock.now()
    lease_until = now + timedelta(seconds=lease_seconds)
    async with db.transaction(write=True) as session:
        ids = await repo.claim(
            session,
            table,
            now,
            lease_until,
            limit,
            skip_locked=not db.is_sqlite,
            administration_id=administration_id,
        )
        return await load(session, ids, lease_until) if ids else []


async def work_off(
    items: Sequence[T], *, lanes: int, lane: Lane[T, R], record: Recorder[T, R]
) -> None:
    """Do every claimed item over up to `lanes` concurrent lanes and record the outcomes.

    Each lane takes the next item as soon as it is free, so one slow item holds up its lane
    only. Doing and recording overlap: the outcomes that arrived meanwhile are committed
    together, so an outcome waits in memory for one commit at most.
    """
    if not items:
        return
    send, receive = anyio.create_memory_object_stream[tuple[T, R]](len(items))
    pending = iter(items)  # shared by the lanes: each `next` hands an item to one lane

    async def recorder() -> None:
        async with receive:
            async for first in receive:
                done = [first]
                while True:
                    try:
                        done.append(receive.receive_nowait())
                    except (anyio.WouldBlock, anyio.EndOfStream):
                        break
                await record_while_leased(record, done)

    async def run_lane(out: MemoryObjectSendStream[tuple[T, R]]) -> None:
        async with out, lane() as do:
            for item in pending:
                await out.send((item, await do(item)))

    async with anyio.create_task_group() as group:
        group.start_soon(recorder)
        async with send:
            for _ in range(max(1, min(lanes, len(items)))):
                group.start_soon(run_lane, send.clone())


async def record_while_leased(record: Recorder[T, R], done: Sequence[tuple[T, R]]) -> None:
    """`record`, retried while the database is unreachable (a restart, a failover) and the
    leases last: an outcome dropped here would have work that was done (a mail the server
    accepted) done again once its lease ran out. A retry after a commit whose answer was lost
    finds the leases released and writes nothing twice."""
    lease_left = min(item.lease_until for item, _ in done) - clock.now()
    give_up = time.monotonic() + lease_left.total_seconds()
    delay = 0.1
    while True:
        try:
            await record(done)
            return
        except Exception as exc:
            if not database_unavailable(exc) or time.monotonic() + delay >= give_up:
                raise
            log.warning("database unavailable while recording %d outcomes: %s", len(done), exc)
        await anyio.sleep(delay)
        delay = min(2 * delay, 2.0)


@dataclass(frozen=True)
class Revived:
    """What `revive` did: the ids queued again, and per id asked for that was not, why:
    `not_found` (no such item, or another administration's), `not_dead` (waiting, done, or
    refused for good) or `not_eligible` (dead, but the queue would not take it, e.g. a webhook
    event whose endpoint is disabled)."""

    retried: list[str]
    not_retried: dict[str, str]
    more: bool  # without ids: the limit was reached, so more dead items may be left


async def revive(
    session: AsyncSession,
    table: QueueTable,
    *,
    ids: list[str] | None,
    administration_id: str | None = None,
    limit: int = 1000,
) -> Revived:
    """Queue dead items again (those of `ids`, or up to `limit` of all), in the caller's
    transaction; the workers are woken once it commits (`wakeup.work_added`). What an item's
    next attempt does again is the adapter's business (a mail goes only to its still-deferred
    recipients)."""
    wanted = list(dict.fromkeys(ids)) if ids is not None else None
    retried = await repo.revive(
        session,
        table,
        clock.now(),
        ids=wanted,
        administration_id=administration_id,
        limit=len(wanted) if wanted is not None else limit,
    )
    not_retried: dict[str, str] = {}
    left = [i for i in wanted or () if i not in set(retried)]
    if left:
        found = await repo.dead_or_not(session, table, left, administration_id)
        for id_ in left:
            # Dead yet not revived: the queue's `eligible` turned it down.
            dead = found.get(id_)
            not_retried[id_] = (
                "not_found" if dead is None else "not_dead" if not dead else "not_eligible"
            )
    if retried:
        await wakeup.work_added(session)
    return Revived(retried, not_retried, wanted is None and len(retried) >= limit)
