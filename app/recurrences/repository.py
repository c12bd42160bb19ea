"""All SQL of the recurrences package."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Recurrence, RecurrenceRun
from app.models.enums import Automation
from app.repository import get_owned, page_of
from app.shared.pagination import PageParams


async def recurrence(
    session: AsyncSession, administration_id: str, recurrence_id: str, *, for_update: bool = False
) -> Recurrence | None:
    return await get_owned(
        session, Recurrence, recurrence_id, administration_id, for_update=for_update
    )


async def recurrences(
    session: AsyncSession,
    administration_id: str,
    params: PageParams,
    *,
    base_invoice_id: str | None = None,
) -> list[Recurrence]:
    stmt = select(Recurrence).where(Recurrence.administration_id == administration_id)
    if base_invoice_id is not None:
        stmt = stmt.where(Recurrence.base_invoice_id == base_invoice_id)
    return await page_of(session, stmt, Recurrence.id, params)


async def due(
    session: AsyncSession,
    bound: date,
    administration_id: str | None,
    limit: int,
    exclude: set[str] | None = None,
) -> list[tuple[str, date]]:
    """(id, next date) of active automated recurrences whose next date is on or before `bound`,
    oldest date first (each administration's own "today" is applied when the occurrence is
    claimed); `exclude` leaves out those this run is done with."""
    stmt = (
        select(Recurrence.id, Recurrence.next_date)
        .where(
            Recurrence.active.is_(True),
            Recurrence.next_date.is_not(None),
            Recurrence.next_date <= bound,
            Recurrence.automation != Automation.none,
        )
        .order_by(Recurrence.next_date, Recurrence.id)
        .limit(limit)
    )
    if administration_id is not None:
        stmt = stmt.where(Recurrence.administration_id == administration_id)
    if exclude:
        stmt = stmt.where(Recurrence.id.not_in(exclude))
    rows = (await session.execute(stmt)).all()
    return [(row.id, row.next_date) for row in rows if row.next_date is not None]


async def claim(
    session: AsyncSession, recurrence_id: str, *, skip_locked: bool
) -> Recurrence | None:
    """Lock the recurrence for this transaction; None when another worker holds it (PostgreSQL)
    or it is no longer active. On SQLite the write transaction is exclusive already."""
    stmt = select(Recurrence).where(Recurrence.id == recurrence_id, Recurrence.active.is_(True))
    if skip_locked:
        stmt = stmt.with_for_update(skip_locked=True)
    result: Recurrence | None = await session.scalar(stmt.execution_options(populate_existing=True))
    return result


async def run_exists(session: AsyncSession, recurrence_id: str, occurrence_date: date) -> bool:
    return await run_of(session, recurrence_id, occurrence_date) is not None


async def run_of(
    session: AsyncSession, recurrence_id: str, occurrence_date: date
) -> RecurrenceRun | None:
    found: RecurrenceRun | None = await session.scalar(
        select(RecurrenceRun).where(
            RecurrenceRun.recurrence_id == recurrence_id,
            RecurrenceRun.occurrence_date == occurrence_date,
        )
    )
    return found


async def unnotified(
    session: AsyncSession, administration_id: str, *, skip_locked: bool
) -> list[RecurrenceRun]:
    stmt = (
        select(RecurrenceRun)
        .where(
            RecurrenceRun.administration_id == administration_id,
            RecurrenceRun.notified.is_(False),
        )
        .order_by(RecurrenceRun.occurrence_date, RecurrenceRun.id)
    )
    if skip_locked:
        stmt = stmt.with_for_update(skip_locked=True)
    return list((await session.scalars(stmt)).all())


async def administrations_to_notify(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(RecurrenceRun.administration_id).where(RecurrenceRun.notified.is_(False)).distinct()
    )
    return list(rows.all())


async def mark_notified(session: AsyncSession, run_ids: list[str]) -> None:
    await session.execute(
        update(RecurrenceRun)
        .where(RecurrenceRun.id.in_(run_ids))
        .values(notified=True)
        .execution_options(synchronize_session=False)
    )
