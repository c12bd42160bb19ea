"""Due runs of the automated modes: each occurrence once, in its own transaction.

An occurrence is handled in one transaction that locks the recurrence (`FOR UPDATE SKIP LOCKED`
on PostgreSQL; SQLite's write transaction is exclusive), writes the run row whose unique
(recurrence, date) pair is the final judge, makes what the mode asks for and moves the next date.
A crash rolls all of it back, so the retry finds the occurrence still due and handles it once.
Missed occurrences are caught up in order, each dated on its own date. Owner notifications are
written as run rows first and sent afterwards as one mail per administration per run; unsent
ones are picked up by the next run, so none is lost and none is sent twice.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events, placeholders
from app.config import Settings
from app.db import Database, on_commit
from app.invoices import checks
from app.invoices import finalize as finalizing
from app.invoices import repository as invoices_repo
from app.invoices import service as invoices
from app.mails import repository as mails_repo
from app.mails import service as mails
from app.models import Administration, Invoice, Recurrence, RecurrenceRun
from app.models.base import new_id
from app.models.enums import Automation, DeliveryMethod, MailKind, MailStatus
from app.observability import RECURRENCE_RUNS
from app.recurrences import repository as repo
from app.recurrences import schedule as sched
from app.recurrences import schemas
from app.recurrences.service import base_invoice, copy_of, schedule_of

log = logging.getLogger("invoicer.recurrences")


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
    base = await base_invoice(session, recurrence)
    invoice = copy_of(base, administration, occurrence, recurrence.payment_status)
    session.add(invoice)
    await session.flush()
    run.invoice_id = invoice.id
    check = checks.check(administration, invoice)
    try:
        finalizing.blocking(check, ignore=finalizing.DELIVERY_PROBLEMS)
    except finalizing.InvoiceNotReady as exc:
        run.outcome, run.detail = "failed", f"The copy stays a draft: {exc.detail}"
        return []
    plan = None
    if recurrence.automation is Automation.create_and_send:
        planned = await finalizing.automatic_mail_plan(session, administration, invoice, mail_limit)
        if isinstance(planned, str):
            run.outcome, run.detail = "not_sent", planned
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
        run.outcome = "created"
    if done.mail is not None:
        run.mail_id = done.mail.id
        return [done.mail.id]
    return []


async def _one_occurrence(
    db: Database, recurrence_id: str, until: date | None, report: RunReport, mail_limit: int
) -> bool:
    """Handle the next due occurrence of one recurrence (added to `report`). True when another
    one of it is due already (catch-up continues); False when none is, or another worker holds
    the recurrence."""
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
                    run.detail = f"{len(missed)} dates passed: " + ", ".join(map(str, missed))
                # Notify once; the next date moves to the first occurrence in the future.
                recurrence.last_occurrence_date = missed[-1] if missed else occurrence
                recurrence.next_date = sched.next_after(schedule, today)
            else:
                made = await _make_invoice(
                    session, administration, recurrence, occurrence, run, mail_limit
                )
                recurrence.last_occurrence_date = occurrence
                recurrence.next_date = sched.next_after(schedule, occurrence)
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
    return recurrence.next_date is not None and recurrence.next_date <= today


def _notification(
    administration: Administration, runs: list[RecurrenceRun], names: dict[str, str]
) -> tuple[str, str]:
    nl = administration.locale.value == "nl"
    created = [r for r in runs if r.invoice_id and r.outcome in ("created", "sent", "not_sent")]
    lines = []
    for run in runs:
        number = names.get(run.invoice_id or "", "")
        when = placeholders.format_long_date(run.occurrence_date, administration.locale.value)
        if run.outcome == "due":
            text = (
                f"- {when}: de datum van factuurherhaling {run.recurrence_id} is bereikt"
                if nl
                else f"- {when}: recurrence {run.recurrence_id} is due"
            )
        elif run.outcome == "created":
            text = (
                f"- {when}: factuur {number} is aangemaakt"
                if nl
                else f"- {when}: invoice {number} was created"
            )
        elif run.outcome == "sent":
            text = (
                f"- {when}: factuur {number} is aangemaakt en naar de klant gemaild"
                if nl
                else f"- {when}: invoice {number} was created and mailed to the customer"
            )
        elif run.outcome == "not_sent":
            text = (
                f"- {when}: factuur {number} is aangemaakt maar NIET verstuurd: {run.detail}"
                if nl
                else f"- {when}: invoice {number} was created but NOT sent: {run.detail}"
            )
        else:
            text = f"- {when}: {run.detail}"
        if run.detail and run.outcome == "due":
            text += f" ({run.detail})"
        lines.append(text)
    if nl:
        subject = (
            f"Factuurherhalingen: {len(created)} "
            f"{'factuur' if len(created) == 1 else 'facturen'} aangemaakt"
            if created
            else "Factuurherhalingen: datum bereikt"
        )
        body = "Beste,\n\nDe volgende factuurherhalingen zijn uitgevoerd:\n\n" + "\n".join(lines)
    else:
        subject = (
            f"Recurring invoices: {len(created)} invoice(s) created"
            if created
            else "Recurring invoices: date reached"
        )
        body = "Hello,\n\nThe following recurring invoices were handled:\n\n" + "\n".join(lines)
    return subject, body + "\n"


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
            numbers = {}
            for run in runs:
                if run.invoice_id:
                    invoice = await session.get(Invoice, run.invoice_id)
                    numbers[run.invoice_id] = (
                        (invoice.number or invoice.id) if invoice else run.invoice_id
                    )
            subject, body = _notification(administration, runs, numbers)
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
) -> RunReport:
    """Handle every due occurrence (up to `until`, or each administration's today), oldest first,
    then send the batched owner notifications."""
    report = RunReport()
    # A bound that is safe in every time zone; each claim checks its administration's today.
    bound = until or (clock.now().date() + timedelta(days=1))
    while True:
        async with db.transaction(write=False) as session:
            ids = await repo.due_ids(session, bound, administration_id, limit)
        # Concurrent workers start at different places, so they rarely queue on the same
        # administration's number counter (each recurrence's own dates stay in order).
        random.shuffle(ids)
        before = len(report.runs)
        for recurrence_id in ids:
            while await _one_occurrence(db, recurrence_id, until, report, mail_limit_per_hour):
                pass
        if len(ids) < limit or len(report.runs) == before:
            break
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
