"""Due runs of the automated modes: each occurrence once, in its own transaction.

An occurrence is handled in one transaction that locks the recurrence (`FOR UPDATE SKIP LOCKED`
on PostgreSQL; SQLite's write transaction is exclusive), writes the run row whose unique
(recurrence, date) pair is the final judge, makes what the mode asks for and moves the next date.
A crash rolls all of it back, so the retry finds the occurrence still due and handles it once.
Missed occurrences are caught up in date order, each dated on its own date: a run handles the
oldest due date of all recurrences first, so invoice numbers follow the dates. A creation that
fails keeps its date (the recurrence stays overdue): the next run tries its draft again, until
it succeeds or the owner acknowledges the date. Owner notifications are written as run rows
first and sent afterwards (see `app.recurrences.notices`); unsent ones are picked up by the next
run, so none is lost and none is sent twice.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.config import Settings
from app.db import Database, on_commit
from app.i18n import using_locale
from app.invoices import checks, mailing
from app.invoices import finalize as finalizing
from app.invoices import repository as invoices_repo
from app.invoices import service as invoices
from app.mails import repository as mails_repo
from app.mails import service as mails
from app.models import Administration, Recurrence, RecurrenceRun
from app.models.base import new_id
from app.models.enums import Automation, DeliveryMethod, InvoiceStatus, MailKind, MailStatus
from app.observability import RECURRENCE_RUNS
from app.recurrences import notices, schemas
from app.recurrences import repository as repo
from app.recurrences import schedule as sched
from app.recurrences.service import base_invoice, copy_of, schedule_of

log = logging.getLogger("invoicer.recurrences")

DELIVERY_CODES = finalizing.DELIVERY_PROBLEMS


@dataclass
class RunReport:
    runs: list[RecurrenceRun] = field(default_factory=list)
    invoice_ids: list[str] = field(default_factory=list)
    mail_ids: list[str] = field(default_factory=list)


async def _make_invoice(
    session: AsyncSession,
    administration: Administration,
    recurrence: Recurrence,
    occurrence: date,
    run: RecurrenceRun,
    mail_limit: int,
) -> list[str]:
    """create / create_and_send for one occurrence, through the same finalisation as the API;
    returns the ids of mails made."""
    invoice = None
    if run.invoice_id is not None:  # a failed attempt before: its draft, perhaps fixed since
        invoice = await invoices_repo.invoice(
            session, administration.id, run.invoice_id, for_update=True, contacts=True
        )
        if invoice is not None and invoice.status is not InvoiceStatus.draft:
            run.outcome, run.detail = "created", None  # finalised by hand meanwhile
            return []
    if invoice is None:
        base = await base_invoice(session, recurrence)
        invoice = copy_of(base, administration, occurrence, recurrence.payment_status)
        session.add(invoice)
        await session.flush()
        run.invoice_id = invoice.id
    locale = administration.locale.value
    # The check's messages go into the owner's mail: render them in the administration's
    # language, not the worker's default.
    with using_locale(locale):
        check = checks.check(administration, invoice)
    try:
        finalizing.blocking(check, ignore=finalizing.DELIVERY_PROBLEMS)
    except finalizing.InvoiceNotReady:
        problems = [
            p for p in check.problems if p.severity == "error" and p.code not in DELIVERY_CODES
        ]
        run.outcome = "failed"
        run.detail = "; ".join(notices.reason(p.code, p.message, locale) for p in problems)
        return []
    plan = None
    if recurrence.automation is Automation.create_and_send:
        planned = await mailing.automatic_mail_plan(session, administration, invoice, mail_limit)
        if isinstance(planned, str):
            run.outcome, run.detail = "not_sent", notices.mail_reason(planned, locale)
        else:
            plan = planned
    done = await finalizing.finalize_draft(
        session,
        administration,
        invoice,
        DeliveryMethod.email if plan is not None else check.delivery_method,
        check.delivery_method_source,
        plan,
    )
    if plan is not None:
        run.outcome = "sent"
    elif run.outcome != "not_sent":
        run.outcome, run.detail = "created", None
    if done.mail is not None:
        run.mail_id = done.mail.id
        return [done.mail.id]
    return []


async def _one_occurrence(
    db: Database, recurrence_id: str, until: date | None, report: RunReport, mail_limit: int
) -> bool:
    """Handle the next due occurrence of one recurrence (added to `report`). True when it was
    handled and the recurrence may have more due; False when none is due, another worker holds
    the recurrence, or the creation failed again (its date stays due for a later run)."""
    try:
        async with db.transaction(write=True) as session:
            recurrence = await repo.claim(session, recurrence_id, skip_locked=not db.is_sqlite)
            if recurrence is None or recurrence.next_date is None:
                return False
            if recurrence.automation is Automation.none:
                return False
            administration = await session.get(Administration, recurrence.administration_id)
            assert administration is not None
            today = until or clock.today_in(administration.timezone)
            occurrence = recurrence.next_date
            if occurrence > today:
                return False
            schedule = schedule_of(recurrence)
            run = await repo.run_of(session, recurrence.id, occurrence)
            if run is not None and run.outcome != "failed":
                return False  # handled already (cannot happen while the date moves with it)
            retry = run is not None
            if run is None:
                run = RecurrenceRun(
                    id=new_id("run"),
                    administration_id=administration.id,
                    recurrence_id=recurrence.id,
                    occurrence_date=occurrence,
                    outcome="due",
                    notified=False,
                    created_at=clock.now(),
                )
            made: list[str] = []
            if recurrence.automation is Automation.notify:
                missed = list(sched.occurrences_until(schedule, occurrence, today))
                if len(missed) > 1:
                    run.detail = notices.passed_dates(missed, administration.locale.value)
                # Notify once; the next date moves to the first occurrence in the future.
                recurrence.last_occurrence_date = missed[-1] if missed else occurrence
                recurrence.next_date = sched.next_after(schedule, today)
            else:
                made = await _make_invoice(
                    session, administration, recurrence, occurrence, run, mail_limit
                )
                if run.outcome == "failed":
                    # The date stays due (overdue) until a later attempt succeeds or it is
                    # acknowledged; a repeated failure is not mailed again.
                    if retry:
                        await session.flush()
                        report.runs.append(run)
                        return False
                else:
                    recurrence.last_occurrence_date = occurrence
                    recurrence.next_date = sched.next_after(schedule, occurrence)
                    # A retry that succeeds is news again.
                    run.notified = False
            recurrence.updated_at = clock.now()
            # The unique (recurrence, date) row, written with the occurrence's effects: if another
            # worker got there first, this insert fails and everything here rolls back.
            session.add(run)
            await session.flush()
            await events.publish(session, events.OccurrenceHandled(run))
            on_commit(session, RECURRENCE_RUNS.labels(run.outcome).inc)
    except IntegrityError:
        # Another worker handled this occurrence between our read and our write.
        log.info("occurrence of %s was handled elsewhere", recurrence_id)
        return False
    report.runs.append(run)
    if run.invoice_id:
        report.invoice_ids.append(run.invoice_id)
    report.mail_ids.extend(made)
    return run.outcome != "failed" and recurrence.next_date is not None


async def notify_owners(db: Database, administration_ids: list[str] | None = None) -> list[str]:
    """One mail per administration with everything not yet told to its owner."""
    if administration_ids is None:
        async with db.transaction(write=False) as session:
            administration_ids = await repo.administrations_to_notify(session)
    made = []
    for administration_id in administration_ids:
        async with db.transaction(write=True) as session:
            runs = await repo.unnotified(session, administration_id, skip_locked=not db.is_sqlite)
            if not runs:
                continue
            administration = await session.get(Administration, administration_id)
            assert administration is not None
            await repo.mark_notified(session, [run.id for run in runs])
            owner = administration.owner_email or administration.sender_email
            if owner is None or administration.sender_email is None:
                log.warning("administration %s has no owner address to notify", administration_id)
                continue
            for subject, body in await notices.owner_mails(session, administration, runs):
                mail = await mails.create_mail(
                    session,
                    administration,
                    invoice_id=None,
                    kind=MailKind.notification,
                    status=MailStatus.queued,
                    to=[owner],
                    cc=[],
                    bcc=[],
                    subject=subject,
                    body=body,
                    body_html=None,
                    document_ids=[],
                )
                made.append(mail.id)
    return made


async def run_due(
    db: Database,
    *,
    mail_limit_per_hour: int,
    until: date | None = None,
    administration_id: str | None = None,
    limit: int = 500,
    on_occurrence: Callable[[], None] | None = None,
) -> RunReport:
    """Handle every due occurrence (up to `until`, or each administration's today), oldest first,
    then send the batched owner notifications. `on_occurrence` is called after each occurrence
    tried (the command line's progress bar)."""
    report = RunReport()
    # A bound that is safe in every time zone; each claim checks its administration's today.
    bound = until or (clock.now().date() + timedelta(days=1))
    # Recurrences this run is done with: nothing more due (in their time zone), held by another
    # worker, or failed again; each is asked at most once without progress.
    done: set[str] = set()
    while True:
        async with db.transaction(write=False) as session:
            due = await repo.due(session, bound, administration_id, limit, done)
        if not due:
            break
        # Oldest date first, across recurrences, so numbers follow the dates; one date at a
        # time, since handling it can make a recurrence's next (still older) date due. Within a
        # date concurrent workers start at different places, so they rarely queue on the same
        # recurrence.
        oldest = due[0][1]
        ids = [recurrence_id for recurrence_id, next_date in due if next_date == oldest]
        random.shuffle(ids)
        for recurrence_id in ids:
            if not await _one_occurrence(db, recurrence_id, until, report, mail_limit_per_hour):
                done.add(recurrence_id)
            if on_occurrence is not None:
                on_occurrence()
    touched = sorted({run.administration_id for run in report.runs})
    if administration_id is not None and administration_id not in touched:
        touched.append(administration_id)
    report.mail_ids.extend(await notify_owners(db, touched if until or administration_id else None))
    return report


async def run_due_now(
    db: Database, *, mail_limit_per_hour: int, until: date | None, administration_id: str | None
) -> schemas.RunDueOut:
    """`run_due`, answered with what it made. The runs commit in transactions of their own, so
    what they made is read afresh afterwards."""
    report = await run_due(
        db,
        mail_limit_per_hour=mail_limit_per_hour,
        until=until,
        administration_id=administration_id,
    )
    async with db.transaction(write=False) as fresh:
        invoice_rows = await invoices_repo.invoices_by_id(fresh, report.invoice_ids)
        mail_rows = await mails_repo.mails_by_id(fresh, report.mail_ids)
        return schemas.RunDueOut(
            runs=[
                schemas.RunOut(
                    recurrence_id=r.recurrence_id,
                    occurrence_date=r.occurrence_date,
                    outcome=r.outcome,
                    invoice_id=r.invoice_id,
                    mail_id=r.mail_id,
                    detail=r.detail,
                )
                for r in report.runs
            ],
            invoices=await invoices.outs(fresh, invoice_rows),
            mails=[mails.mail_out(m) for m in mail_rows],
        )


async def recurrences_job(db: Database, settings: Settings) -> int:
    report = await run_due(db, mail_limit_per_hour=settings.mail_limit_per_hour)
    return len(report.runs)
