"""The SQL of the leased work queue (`app.shared.queue`): taking leases and settling under them,
and the dead letters.

A queue is a table whose rows carry `id`, `administration_id`, `status`, `attempts`,
`next_attempt_at` (null: due at once), `lease_until` (set while a worker owns the row) and
`dead_at` (set when the attempts ran out: a dead letter, which the operator may revive).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from app.repository import page_of
from app.shared.pagination import PageParams


def _unchanged(stmt: Select[Any]) -> Select[Any]:
    return stmt


@dataclass(frozen=True)
class QueueTable:
    """A table used as a leased work queue: its mapped class, the status of the rows that wait
    for an attempt, and what else a row needs to be claimable (joins and filters added to the
    candidate query, e.g. "its endpoint is active")."""

    model: Any
    waiting: StrEnum
    eligible: Callable[[Select[Any]], Select[Any]] = field(default=_unchanged)


def _due(table: QueueTable, now: datetime) -> tuple[ColumnElement[bool], ...]:
    m = table.model
    return (
        m.status == table.waiting,
        or_(m.next_attempt_at.is_(None), m.next_attempt_at <= now),
        # A lease that ran out belongs to a worker that died or hung: claimable again.
        or_(m.lease_until.is_(None), m.lease_until <= now),
    )


async def claim(
    session: AsyncSession,
    table: QueueTable,
    now: datetime,
    lease_until: datetime,
    limit: int,
    *,
    skip_locked: bool,
    administration_id: str | None = None,
) -> list[str]:
    """Lease up to `limit` due rows to the caller until `lease_until`, counting one more attempt
    on each; returns their ids.

    Fair between administrations: rows are taken round-robin by their place in their own
    administration's line (every administration's oldest due row first, then every one's second,
    ...), so one administration with a long backlog cannot hold back another's single row.

    On PostgreSQL concurrent workers skip each other's rows: the fair order is read first, then
    the first rows of it that nobody holds are locked (`FOR UPDATE ... SKIP LOCKED`, which
    PostgreSQL does not allow next to a window function), the due conditions checked again on
    the locked rows. On SQLite the write transaction
    (`BEGIN IMMEDIATE`) itself serialises claimers.
    """
    m = table.model
    due = _due(table, now)
    candidates = select(
        m.id.label("id"),
        m.next_attempt_at.label("next_attempt_at"),
        func.row_number()
        .over(partition_by=m.administration_id, order_by=(m.next_attempt_at, m.id))
        .label("place"),
    ).where(*due)
    if administration_id is not None:
        candidates = candidates.where(m.administration_id == administration_id)
    ranked = table.eligible(candidates).subquery("ranked")
    # The fair order first, without locks: one scan and a sort. (Joined to the locking query,
    # it was planned as a nested loop on a freshly filled table without statistics: a claim of
    # 100 from 1,000 due rows took 200-400 ms.) More candidates than the limit, so that rows
    # other workers hold right now still leave enough.
    order = (ranked.c.place, ranked.c.next_attempt_at, ranked.c.id)
    fair = list(
        (await session.scalars(select(ranked.c.id).order_by(*order).limit(limit * 4))).all()
    )
    if skip_locked and fair:
        # Lock the first `limit` of them that no other worker holds, still in the fair order.
        place = func.array_position(postgresql.array(fair), m.id)
        locked = select(m.id).where(m.id.in_(fair), *due).order_by(place).limit(limit)
        ids = list((await session.scalars(locked.with_for_update(skip_locked=True))).all())
    else:
        ids = fair[:limit]
    if ids:
        await session.execute(
            update(m)
            .where(m.id.in_(ids))
            .values(lease_until=lease_until, attempts=m.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    return ids


async def settle(
    session: AsyncSession,
    table: QueueTable,
    ids: list[str],
    lease_until: datetime,
    values: Mapping[str, object],
) -> set[str]:
    """Write `values` (the outcome of an attempt) to the rows the caller still holds, releasing
    the lease; returns the ids written, in one statement for the group.

    A row is held while it still waits and its lease is the caller's: after the lease ran out
    another worker may have taken it (and records its own outcome), and a row settled meanwhile
    by someone else (an endpoint disabled, say) is left as it is.
    """
    m = table.model
    result = await session.scalars(
        update(m)
        .where(m.id.in_(ids), m.status == table.waiting, m.lease_until == lease_until)
        .values(**values, lease_until=None)
        .returning(m.id)
        .execution_options(synchronize_session=False)
    )
    return set(result.all())


# --- dead letters ------------------------------------------------------------------------------


def _dead(table: QueueTable, administration_id: str | None) -> Select[Any]:
    m = table.model
    stmt = select(m).where(m.dead_at.is_not(None))
    if administration_id is not None:
        stmt = stmt.where(m.administration_id == administration_id)
    return stmt


async def dead_letters(
    session: AsyncSession, table: QueueTable, params: PageParams, administration_id: str | None
) -> list[Any]:
    """A page of the table's dead rows in id order (`limit + 1` rows, see `page_of`)."""
    return await page_of(session, _dead(table, administration_id), table.model.id, params)


async def count_dead(session: AsyncSession, table: QueueTable) -> int:
    m = table.model
    return int(await session.scalar(select(func.count(m.id)).where(m.dead_at.is_not(None))) or 0)


async def revive(
    session: AsyncSession,
    table: QueueTable,
    now: datetime,
    *,
    ids: list[str] | None,
    administration_id: str | None,
    limit: int,
) -> list[str]:
    """Put dead rows back in the queue, due now with their attempts counted from zero, and
    return their ids: those of `ids` (or, with None, the first `limit` by id) that are dead,
    belong to `administration_id` when given, and are eligible (`QueueTable.eligible`).

    One conditional UPDATE: a row revived twice at once (two operators) is revived once, and
    `dead_at` is checked again on the row itself, not only in the subquery that picked it.
    """
    m = table.model
    picked = select(m.id).where(m.dead_at.is_not(None))
    if ids is not None:
        picked = picked.where(m.id.in_(ids))
    if administration_id is not None:
        picked = picked.where(m.administration_id == administration_id)
    # Not correlated with the UPDATE: the subquery reads the same table on its own.
    picked = table.eligible(picked).order_by(m.id).limit(limit)
    result = await session.scalars(
        update(m)
        .where(m.id.in_(picked.correlate(None)), m.dead_at.is_not(None))
        .values(
            status=table.waiting,
            attempts=0,
            next_attempt_at=now,
            lease_until=None,
            dead_at=None,
        )
        .returning(m.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.all())


async def dead_or_not(
    session: AsyncSession, table: QueueTable, ids: list[str], administration_id: str | None
) -> dict[str, bool]:
    """Per id that exists (in `administration_id`, when given): whether it is dead."""
    m = table.model
    found = select(m.id, m.dead_at.is_not(None)).where(m.id.in_(ids))
    if administration_id is not None:
        found = found.where(m.administration_id == administration_id)
    return {id_: bool(dead) for id_, dead in (await session.execute(found)).all()}
