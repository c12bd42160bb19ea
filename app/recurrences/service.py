"""Recurrences (seed 004): schedules of a base invoice, copies, and the manual flow (copy, then
acknowledge). Due runs of the automated modes live in `runner.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.errors import Conflict, Invalid, NotFound
from app.i18n import t
from app.invoices import repository as invoices_repo
from app.invoices import service as invoices
from app.models import Administration, Invoice, InvoiceLine, Recurrence, RecurrenceRun
from app.models.base import new_id
from app.models.enums import Automation, InvoiceStatus, PaymentStatus
from app.recurrences import repository as repo
from app.recurrences import schedule as sched
from app.recurrences import schemas

ONE_DAY = timedelta(days=1)


class BaseInvoiceGone(Conflict):
    type, code = "recurrence-base-invoice-gone", "recurrence_base_invoice_gone"
    title = t("The base invoice of the recurrence is gone")


class RecurrenceFinished(Conflict):
    type, code = "recurrence-finished", "recurrence_finished"
    title = t("The recurrence is finished")


class RecurrenceNotDue(Conflict):
    type, code = "recurrence-not-due", "recurrence_not_due"
    title = t("Nothing is due yet")


# Past dates listed in a response; a start centuries back lists the latest ones only.
MAX_LISTED = 120


@dataclass(frozen=True, slots=True)
class Start:
    """Where a recurrence (re)starts when it is saved or resumed: its next date, and the past
    occurrences (before today) it skips or will still handle."""

    next_date: date | None
    skipped_dates: list[date] = field(default_factory=list)
    catch_up_dates: list[date] = field(default_factory=list)


def start_of(
    schedule: sched.Schedule,
    first: date | None,
    today: date,
    automation: Automation,
    *,
    backfill: bool,
) -> Start:
    """The safe start from `first`, the first occurrence not handled yet.

    With `backfill` every past occurrence is handled (invoiced in date order by the automated
    modes). Without it the automated modes start at the first occurrence from today on, so
    saving a recurrence that started months ago makes no burst of back-dated invoices; `none`
    and `notify` show one overdue date (the latest on or before today), not a backlog."""
    if first is None:
        return Start(None)
    past = list(sched.occurrences_until(schedule, first, today - ONE_DAY))[-MAX_LISTED:]
    if backfill or not past:
        return Start(first, catch_up_dates=past)
    upcoming = sched.first_on_or_after(schedule, today)
    if automation in (Automation.create, Automation.create_and_send) or upcoming == today:
        return Start(upcoming, skipped_dates=past)
    return Start(past[-1], skipped_dates=past[:-1], catch_up_dates=past[-1:])


def schedule_of(recurrence: Recurrence) -> sched.Schedule:
    return sched.Schedule(
        start_date=recurrence.start_date,
        end_date=recurrence.end_date,
        day_of_month=recurrence.day_of_month,
        month=recurrence.month,
    )


def to_out(recurrence: Recurrence, administration: Administration) -> schemas.RecurrenceOut:
    today = clock.today_in(administration.timezone)
    return schemas.RecurrenceOut(
        id=recurrence.id,
        base_invoice_id=recurrence.base_invoice_id,
        start_date=recurrence.start_date,
        end_date=recurrence.end_date,
        day_of_month=recurrence.day_of_month,
        month=recurrence.month,
        automation=recurrence.automation,
        payment_status=recurrence.payment_status,
        active=recurrence.active,
        next_date=recurrence.next_date,
        overdue=recurrence.active and sched.is_overdue(recurrence.next_date, today),
        finished=sched.is_finished(schedule_of(recurrence), recurrence.next_date),
        last_occurrence_date=recurrence.last_occurrence_date,
        created_at=recurrence.created_at,
        updated_at=recurrence.updated_at,
    )


def saved_out(
    recurrence: Recurrence, administration: Administration, start: Start | None
) -> schemas.RecurrenceSaved:
    """The answer to a create or update: the recurrence and the past dates it skips or still
    handles (empty when nothing (re)started)."""
    return schemas.RecurrenceSaved(
        **to_out(recurrence, administration).model_dump(),
        skipped_dates=start.skipped_dates if start else [],
        catch_up_dates=start.catch_up_dates if start else [],
    )


async def get_recurrence(
    session: AsyncSession, administration_id: str, recurrence_id: str, *, for_update: bool = False
) -> Recurrence:
    recurrence = await repo.recurrence(
        session, administration_id, recurrence_id, for_update=for_update
    )
    if recurrence is None:
        raise NotFound(t("Recurrence {id} not found.", id=recurrence_id))
    return recurrence


async def create_recurrence(
    session: AsyncSession, administration: Administration, data: schemas.RecurrenceCreate
) -> tuple[Recurrence, Start]:
    base = await invoices_repo.invoice(session, administration.id, data.base_invoice_id)
    if base is None:
        raise Invalid.field(
            ["body", "base_invoice_id"],
            t("invoice {id} does not exist", id=data.base_invoice_id),
        )
    schedule = data.schedule()
    first = sched.first_occurrence(schedule)
    # A paused recurrence starts when it is resumed (with or without backfill then).
    start = (
        start_of(
            schedule,
            first,
            clock.today_in(administration.timezone),
            data.automation,
            backfill=data.backfill,
        )
        if data.active
        else Start(first)
    )
    recurrence = Recurrence(
        id=new_id("rec"),
        administration_id=administration.id,
        base_invoice_id=base.id,
        start_date=data.start_date,
        end_date=data.end_date,
        day_of_month=data.day_of_month,
        month=data.month,
        automation=data.automation,
        payment_status=data.payment_status,
        active=data.active,
        next_date=start.next_date,
    )
    session.add(recurrence)
    await session.flush()
    return recurrence, start


async def update_recurrence(
    session: AsyncSession,
    administration: Administration,
    recurrence_id: str,
    data: schemas.RecurrenceUpdate,
) -> tuple[Recurrence, Start | None]:
    """A new rhythm or a resume (re)starts the recurrence like a new one: past occurrences are
    skipped unless `backfill` (or its older name `catch_up`) asks for them."""
    recurrence = await get_recurrence(session, administration.id, recurrence_id, for_update=True)
    given = data.model_fields_set - {"catch_up", "backfill"}
    values = {name: getattr(data, name) for name in given}
    schedule_fields = {"start_date", "end_date", "day_of_month", "month"}
    merged = {name: values.get(name, getattr(recurrence, name)) for name in schedule_fields}
    try:
        schedule = sched.Schedule(**merged)
    except ValueError as exc:
        raise Invalid.field(["body"], exc.args[0]) from exc
    resuming = values.get("active") is True and not recurrence.active
    for name, value in values.items():
        setattr(recurrence, name, value)
    if given & schedule_fields:
        # A new rhythm starts after what was handled already, never repeating an occurrence.
        after = recurrence.last_occurrence_date
        start = after + ONE_DAY if after else schedule.start_date
        recurrence.next_date = sched.first_on_or_after(schedule, start)
    started = None
    if recurrence.active and (resuming or given & schedule_fields):
        started = start_of(
            schedule,
            recurrence.next_date,
            clock.today_in(administration.timezone),
            recurrence.automation,
            backfill=data.backfill or data.catch_up,
        )
        recurrence.next_date = started.next_date
    recurrence.updated_at = clock.now()
    await session.flush()
    return recurrence, started


async def delete_recurrence(
    session: AsyncSession, administration_id: str, recurrence_id: str
) -> None:
    recurrence = await get_recurrence(session, administration_id, recurrence_id)
    await session.delete(recurrence)
    await session.flush()


def copy_of(
    base: Invoice,
    administration: Administration,
    invoice_date: date,
    payment_status: PaymentStatus,
) -> Invoice:
    """A new draft with everything of the base invoice except its date and number (seed 004):
    the same party, lines and notes, the notes still with their placeholders."""
    copy = Invoice(
        id=new_id("inv"),
        administration_id=administration.id,
        kind=base.kind,
        status=InvoiceStatus.draft,
        payment_status=payment_status,
        invoice_date=invoice_date,
        # The base invoice's own payment term (its due date minus its date), not the
        # administration's default: a customer with 14 days keeps 14 days on every copy.
        due_date=invoice_date + (base.due_date - base.invoice_date),
        due_date_fixed=False,
        notes=base.notes_source if base.status is InvoiceStatus.final else base.notes,
        currency=base.currency,
        customer=base.customer,
        company=base.company,
        subtotal=base.subtotal,
        vat_total=base.vat_total,
        total=base.total,
        lines=[
            InvoiceLine(
                id=new_id("lin"),
                position=line.position,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=line.amount,
            )
            for line in base.lines
        ],
    )
    return copy


async def base_invoice(session: AsyncSession, recurrence: Recurrence) -> Invoice:
    base = await invoices_repo.invoice(
        session, recurrence.administration_id, recurrence.base_invoice_id, contacts=True
    )
    if base is None:  # pragma: no cover - the foreign key keeps it
        raise BaseInvoiceGone(t("The base invoice of this recurrence is gone."))
    return base


async def copy_now(
    session: AsyncSession, administration: Administration, recurrence_id: str
) -> Invoice:
    """The manual flow: a draft copy dated today, for the user to complete and send."""
    recurrence = await get_recurrence(session, administration.id, recurrence_id)
    base = await base_invoice(session, recurrence)
    copy = copy_of(
        base, administration, clock.today_in(administration.timezone), PaymentStatus.unpaid
    )
    session.add(copy)
    await session.flush()
    return await invoices.get_invoice(session, administration.id, copy.id, refresh=True)


async def acknowledge(
    session: AsyncSession, administration: Administration, recurrence_id: str
) -> Recurrence:
    """The manual flow's last step: the due occurrence is done, move to the next one."""
    recurrence = await get_recurrence(session, administration.id, recurrence_id, for_update=True)
    today = clock.today_in(administration.timezone)
    occurrence = recurrence.next_date
    if occurrence is None:
        raise RecurrenceFinished(t("The recurrence is finished; nothing is due."))
    if occurrence > today:
        raise RecurrenceNotDue(t("Nothing is due yet: the next date is {date}.", date=occurrence))
    if not await repo.run_exists(session, recurrence.id, occurrence):
        session.add(
            RecurrenceRun(
                id=new_id("run"),
                administration_id=administration.id,
                recurrence_id=recurrence.id,
                occurrence_date=occurrence,
                outcome="acknowledged",
                notified=True,
                created_at=clock.now(),
            )
        )
    recurrence.last_occurrence_date = occurrence
    recurrence.next_date = sched.next_after(schedule_of(recurrence), occurrence)
    recurrence.updated_at = clock.now()
    await session.flush()
    return recurrence
