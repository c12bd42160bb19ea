"""All SQL of the reminders package."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Administration, Document, Invoice, Mail, Reminder, ReminderPolicy
from app.models.enums import (
    InvoiceKind,
    InvoiceStatus,
    MailKind,
    MailStatus,
    PaymentStatus,
    ReminderKind,
)


def _remindable() -> Any:
    """The partial index's predicate (app/models/invoices.REMINDABLE), written out so that
    both databases see that the query implies it."""
    return and_(
        Invoice.status == InvoiceStatus.final,
        Invoice.kind == InvoiceKind.invoice,
        Invoice.payment_status != PaymentStatus.paid,
        Invoice.reminders_paused_at.is_(None),
        Invoice.next_reminder_date.is_not(None),
    )


async def policy(session: AsyncSession, administration_id: str) -> ReminderPolicy | None:
    return await session.get(ReminderPolicy, administration_id)


def due_statement(
    bound: date, administration_id: str | None, limit: int, exclude: set[str] | None = None
) -> Any:
    """Invoices whose next reminder is due on or before `bound`, oldest date first, of
    administrations that have not switched reminders off (bench/reminders_sweep.py times it)."""
    switched_off = exists().where(
        ReminderPolicy.administration_id == Invoice.administration_id,
        ReminderPolicy.enabled.is_(False),
    )
    stmt = (
        select(
            Invoice.id,
            Invoice.next_reminder_date,
            Invoice.administration_id,
            Administration.timezone,
        )
        .join(Administration, Administration.id == Invoice.administration_id)
        .where(_remindable(), Invoice.next_reminder_date <= bound, ~switched_off)
        .order_by(Invoice.next_reminder_date, Invoice.id)
        .limit(limit)
    )
    if administration_id is not None:
        stmt = stmt.where(Invoice.administration_id == administration_id)
    if exclude:
        stmt = stmt.where(Invoice.id.not_in(exclude))
    return stmt


async def due(
    session: AsyncSession,
    bound: date,
    administration_id: str | None,
    limit: int,
    exclude: set[str] | None = None,
) -> list[tuple[str, date, str, str]]:
    """(id, next reminder date, administration, its time zone) of the due invoices."""
    rows = await session.execute(due_statement(bound, administration_id, limit, exclude))
    return [(row.id, row.next_reminder_date, row.administration_id, row.timezone) for row in rows]


async def claim(session: AsyncSession, invoice_id: str, *, skip_locked: bool) -> str | None:
    """Lock a still remindable invoice for this transaction; its administration's id, or None
    when it is no longer remindable or another worker holds it (PostgreSQL; SQLite's write
    transaction is exclusive already)."""
    stmt = select(Invoice.administration_id).where(Invoice.id == invoice_id, _remindable())
    if skip_locked:
        stmt = stmt.with_for_update(skip_locked=True)
    found: str | None = await session.scalar(stmt)
    return found


async def reminders_of(session: AsyncSession, invoice_id: str) -> list[Reminder]:
    rows = await session.scalars(
        select(Reminder).where(Reminder.invoice_id == invoice_id).order_by(Reminder.step)
    )
    return list(rows.all())


async def latest_letter(session: AsyncSession, invoice_id: str) -> Reminder | None:
    found: Reminder | None = await session.scalar(
        select(Reminder)
        .where(
            Reminder.invoice_id == invoice_id,
            Reminder.kind == ReminderKind.fourteen_day_letter,
        )
        .order_by(Reminder.step.desc())
        .limit(1)
    )
    return found


async def small_claim_costs_stated(
    session: AsyncSession, invoice: Invoice, since: date, before: date, limit: Decimal
) -> Decimal:
    """The collection costs the buyer's 14-day letters for claims below `limit` stated, dated
    from `since` up to `before` (withdrawn letters never reached the buyer)."""
    stmt = (
        select(Reminder.collection_costs)
        .join(Invoice, Invoice.id == Reminder.invoice_id)
        .where(
            Reminder.administration_id == invoice.administration_id,
            Reminder.kind == ReminderKind.fourteen_day_letter,
            Reminder.consumer.is_(True),
            Reminder.principal < limit,
            Reminder.letter_date >= since,
            Reminder.letter_date < before,
            Reminder.outcome != "withdrawn",
            Reminder.collection_costs.is_not(None),
        )
    )
    if invoice.customer_id is not None:
        stmt = stmt.where(Invoice.customer_id == invoice.customer_id)
    else:
        stmt = stmt.where(Invoice.customer_id.is_(None), Invoice.company_id == invoice.company_id)
    return sum((c for c in (await session.scalars(stmt)).all() if c is not None), Decimal(0))


async def reminders_by_id(session: AsyncSession, ids: list[str]) -> list[Reminder]:
    if not ids:
        return []
    rows = await session.scalars(select(Reminder).where(Reminder.id.in_(ids)))
    found = {r.id: r for r in rows.all()}
    return [found[i] for i in ids if i in found]


async def open_invoices_of_buyer(session: AsyncSession, invoice: Invoice) -> list[Invoice]:
    """The buyer's open final invoices (this one included), by due date: the letter's list."""
    stmt = select(Invoice).where(
        Invoice.administration_id == invoice.administration_id,
        Invoice.status == InvoiceStatus.final,
        Invoice.kind == InvoiceKind.invoice,
        Invoice.payment_status != PaymentStatus.paid,
    )
    if invoice.customer_id is not None:
        stmt = stmt.where(Invoice.customer_id == invoice.customer_id)
    else:
        stmt = stmt.where(Invoice.customer_id.is_(None), Invoice.company_id == invoice.company_id)
    rows = await session.scalars(stmt.order_by(Invoice.due_date, Invoice.id).limit(100))
    return list(rows.all())


async def invoice_pdf(session: AsyncSession, invoice_id: str) -> Document | None:
    """The invoice's own PDF as stored at finalisation (the first one made)."""
    found: Document | None = await session.scalar(
        select(Document)
        .where(Document.invoice_id == invoice_id, Document.kind == "pdf")
        .order_by(Document.created_at, Document.id)
        .limit(1)
    )
    return found


async def set_schedule(
    session: AsyncSession, invoice_id: str, *, step: int | None = None, next_date: date | None
) -> None:
    # Scheduling is bookkeeping, not a change of the invoice: its updated_at stays.
    values: dict[str, Any] = {"next_reminder_date": next_date, "updated_at": Invoice.updated_at}
    if step is not None:
        values["reminder_step"] = step
    await session.execute(
        update(Invoice)
        .where(Invoice.id == invoice_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def schedule_rows(session: AsyncSession, administration_id: str) -> list[Any]:
    """(id, due date, last step) of every final invoice of the administration."""
    rows = await session.execute(
        select(Invoice.id, Invoice.due_date, Invoice.reminder_step).where(
            Invoice.administration_id == administration_id,
            Invoice.status == InvoiceStatus.final,
            Invoice.kind == InvoiceKind.invoice,
        )
    )
    return list(rows.all())


async def set_schedules(session: AsyncSession, dates: list[tuple[str, date | None]]) -> None:
    if not dates:
        return
    stmt = (
        update(Invoice.__table__)  # type: ignore[arg-type]
        .where(Invoice.__table__.c.id == bindparam("invoice_id"))
        .values(
            next_reminder_date=bindparam("next_date"),
            updated_at=Invoice.__table__.c.updated_at,
        )
    )
    await session.execute(stmt, [{"invoice_id": i, "next_date": d} for i, d in dates])


async def withdraw_unsent(session: AsyncSession, invoice_id: str, now: datetime) -> list[str]:
    """Remove the reminder mails of an invoice that nobody has started to send: drafts, and
    queued mails never attempted and not leased by a worker. On PostgreSQL a worker claiming
    one at the same moment either locks it first (this DELETE then re-reads it, leased, and
    leaves it) or finds it gone. Marks their reminders withdrawn; returns the mail ids."""
    unsent = or_(
        Mail.status == MailStatus.draft,
        and_(
            Mail.status == MailStatus.queued,
            Mail.attempts == 0,
            or_(Mail.lease_until.is_(None), Mail.lease_until < now),
        ),
    )
    # Locked first (workers claim with SKIP LOCKED, so they pass these by), then marked, then
    # removed: the mail rows' deletion sets the reminders' mail_id to null.
    ids = list(
        (
            await session.scalars(
                select(Mail.id)
                .where(Mail.invoice_id == invoice_id, Mail.kind == MailKind.reminder, unsent)
                .with_for_update()
            )
        ).all()
    )
    if ids:
        await session.execute(
            update(Reminder)
            .where(Reminder.mail_id.in_(ids))
            .values(outcome="withdrawn", withdrawn_at=now)
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(Mail).where(Mail.id.in_(ids)).execution_options(synchronize_session=False)
        )
    return ids


async def mark_sent(session: AsyncSession, mail_id: str, now: datetime) -> Reminder | None:
    """The reminder whose mail this is, marked sent the first time it is; None otherwise."""
    reminder_id = await session.scalar(
        update(Reminder)
        .where(Reminder.mail_id == mail_id, Reminder.sent_at.is_(None))
        .values(sent_at=now)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    if reminder_id is None:
        return None
    return await session.get(Reminder, reminder_id, populate_existing=True)
