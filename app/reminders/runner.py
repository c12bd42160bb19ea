"""The reminder sweep: every due reminder made once, each invoice in its own transaction.

Exactly once per (invoice, step): a sweep reads which invoices are due from the partial index on
`Invoice.next_reminder_date`, then handles each in a transaction that locks the invoice
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent workers pass each other's invoices by;
SQLite's write transaction is exclusive), checks again under the lock that it is still open, not
on hold and due, and writes the reminder row, the stored letter and the mail together, with the
invoice's step and next date. The reminder row's unique (invoice, step) pair is the final
judge: should two transactions ever get that far for one step, the second insert fails and all
of its work rolls back. A crash rolls everything of the invoice back, so the next sweep finds
it still due. The mail is sent by the outbox after the commit, like every mail.

What is made is decided by `app.reminders.plan` (only the latest due step; the 14-day letter
before any costs; nothing charged before its deadline) with `app.reminders.law`.
"""

from __future__ import annotations

import html
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, placeholders
from app.config import Settings
from app.db import Database
from app.documents import repository as documents_repo
from app.documents import service as documents
from app.documents.pdf import render_other
from app.errors import TooManyRequests
from app.invoices import printing
from app.invoices import repository as invoices_repo
from app.invoices.delivery import buyer_of, default_recipients
from app.mails import repository as mails_repo
from app.mails import service as mails
from app.models import Administration, Invoice, Mail, Reminder
from app.models.base import new_id
from app.models.enums import MailKind, MailStatus, ReminderAction, ReminderKind
from app.reminders import law, letter, pdf, plan, schemas, service
from app.reminders import repository as repo

log = logging.getLogger("invoicer.reminders")

LETTER_VERSION = "reminder@1"


@dataclass
class RunReport:
    reminder_ids: list[str] = field(default_factory=list)
    mail_ids: list[str] = field(default_factory=list)


def _filename(title: str, number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{title}-{number}".lower()).strip("-") + ".pdf"


async def _letter_pdf(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    contents: letter.Contents,
    letter_date: date,
) -> bytes:
    """The letter in the administration's default PDF template's layout and colour."""
    layout, accent = "classic", None
    if administration.default_pdf_template_id:
        template = await documents_repo.pdf_template(
            session, administration.id, administration.default_pdf_template_id
        )
        if template is not None:
            layout, accent = template.layout, template.accent_color
    others = await repo.open_invoices_of_buyer(session, invoice)
    if invoice not in others:
        others.insert(0, invoice)
    view = letter.view(
        administration,
        invoice,
        others,
        contents,
        letter_date=letter_date,
        layout=layout,
        accent_color=accent,
        created_at=clock.now(),
    )
    return await render_other(partial(pdf.render, view))


async def _mail_texts(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    step: plan.Step,
    contents: letter.Contents,
    today: date,
) -> tuple[str, str, str | None, str | None]:
    """Subject, text, HTML and template id: the step's template with its placeholders filled in
    and the letter's legal part and payment instruction added, or the built-in text."""
    template = None
    if step.email_template_id:
        template = await mails_repo.email_template(
            session, administration.id, step.email_template_id
        )
    if template is None:
        return contents.subject, letter.mail_text(contents, with_opening=True), None, None
    values = placeholders.mail_values(
        today=today,
        locale=administration.locale.value,
        facts=printing.facts_of(invoice, administration),
    )
    added = letter.mail_text(contents, with_opening=False)
    body = placeholders.render(template.body, values).rstrip() + "\n\n" + added
    body_html = None
    if template.body_html:
        paragraphs = "".join(
            f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>"
            for part in added.strip().split("\n\n")
        )
        body_html = placeholders.render_html(template.body_html, values) + paragraphs
    subject = " ".join(placeholders.render(template.subject, values).split())
    return subject, body, body_html, template.id


async def _remind(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    step: plan.Step,
    policy: plan.Policy,
    *,
    today: date,
    consumer: bool,
    principal: Decimal,
    earlier: Reminder | None,
    mail_limit: int,
) -> tuple[Reminder, Mail | None] | None:
    """Make the reminder of `step`: figures, letter, stored PDF, mail and reminder row. None
    when the hourly mail limit leaves no room now (the step stays due)."""
    if step.action is ReminderAction.send:
        try:
            await mails.check_volume(session, administration.id, mail_limit)
        except TooManyRequests:
            log.info("reminder of %s waits: the hourly mail limit is reached", invoice.id)
            return None
    known = (
        plan.Letter(earlier.collection_costs, earlier.collection_costs_vat, earlier.costs_from_date)
        if earlier is not None
        else None
    )
    detail = None
    recipients = [r.address for r in default_recipients(invoice)]
    # A reminder that cannot be e-mailed is stored for the post: its term counts from a
    # letter's receipt by post (later than an e-mail's).
    by_post = not recipients or not administration.sender_email
    small_claims = Decimal(0)
    if consumer and step.kind is ReminderKind.fourteen_day_letter:
        small_claims = await repo.small_claim_costs_stated(
            session, invoice, law.six_months_before(today), today, law.SMALL_CLAIM_LIMIT
        )

    def figures_by(rules: plan.Policy) -> plan.Figures:
        return plan.figures(
            step,
            rules,
            consumer=consumer,
            principal=principal,
            due_date=invoice.due_date,
            letter_date=today,
            letter=known,
            small_claims_charged=small_claims,
            by_post=by_post,
        )

    try:
        figures = figures_by(policy)
    except law.RateUnknown as exc:
        # The dated interest table does not reach this day: claim no interest rather than guess.
        detail = f"commercial interest not claimed: {exc}"
        figures = figures_by(replace(policy, b2b_commercial_interest=False))
    claims_interest = (
        policy.b2b_commercial_interest and not consumer and step.kind is not ReminderKind.reminder
    )
    if claims_interest and figures.interest is None and detail is None:
        detail = "commercial interest not claimed: no rate is known for these days"
    elif figures.interest_through_date is not None and figures.interest_through_date < today:
        detail = (
            f"commercial interest stated through {figures.interest_through_date}, the last day "
            "the dated rate table knows"
        )
    contents = letter.contents(
        administration,
        invoice,
        step.kind,
        figures,
        letter_date=today,
        principal=principal,
        consumer=consumer,
        earlier_letter_date=earlier.letter_date if earlier is not None else None,
        earlier_deadline=earlier.payment_deadline_date if earlier is not None else None,
        by_post=by_post,
    )
    data = await _letter_pdf(session, administration, invoice, contents, today)
    document = documents.store(
        session,
        administration_id=administration.id,
        invoice_id=invoice.id,
        kind="reminder",
        filename=_filename(contents.title, invoice.number or invoice.id),
        content_type="application/pdf",
        data=data,
        template_version=LETTER_VERSION,
        pdf_template_id=None,
    )
    original = await repo.invoice_pdf(session, invoice.id)
    mail = None
    outcome = "made"
    if not recipients:
        outcome, detail = "not_sent", "the customer has no e-mail address: post the letter"
    elif not administration.sender_email:
        outcome, detail = "not_sent", "no sender e-mail address is set: post the letter"
    await session.flush()
    if outcome == "made":
        subject, body, body_html, template_id = await _mail_texts(
            session, administration, invoice, step, contents, today
        )
        mail = await mails.create_mail(
            session,
            administration,
            invoice_id=invoice.id,
            kind=MailKind.reminder,
            status=MailStatus.queued if step.action is ReminderAction.send else MailStatus.draft,
            to=recipients,
            cc=[],
            bcc=[],
            subject=subject,
            body=body,
            body_html=body_html,
            document_ids=[document.id] + ([original.id] if original is not None else []),
            email_template_id=template_id,
        )
    reminder = Reminder(
        id=new_id("rem"),
        administration_id=administration.id,
        invoice_id=invoice.id,
        step=step.number,
        kind=step.kind,
        letter_date=today,
        outcome=outcome,
        detail=detail,
        consumer=consumer,
        days_overdue=(today - invoice.due_date).days,
        principal=principal,
        collection_costs=figures.collection_costs,
        collection_costs_vat=figures.collection_costs_vat,
        costs_charged=figures.costs_charged,
        payment_deadline_date=figures.payment_deadline_date,
        costs_from_date=figures.costs_from_date,
        compensation=figures.compensation,
        interest=figures.interest,
        interest_from_date=figures.interest_from_date,
        interest_through_date=figures.interest_through_date,
        total_claimed=figures.total_claimed,
        mail_id=mail.id if mail is not None else None,
        document_id=document.id,
        created_at=clock.now(),
    )
    costs_from = figures.costs_from_date or (known.costs_from_date if known else None)
    next_date = plan.next_date(
        policy,
        done=step.number,
        due_date=invoice.due_date,
        consumer=consumer,
        costs_from_date=costs_from,
    )
    await repo.set_schedule(session, invoice.id, step=step.number, next_date=next_date)
    session.add(reminder)
    # The unique (invoice, step) row, written with the mail: if another worker made this step
    # first, this insert fails and everything of this invoice rolls back.
    await session.flush()
    return reminder, mail


async def _one_invoice(
    db: Database, invoice_id: str, until: date | None, report: RunReport, mail_limit: int
) -> bool:
    """Handle one due invoice: make its due reminder, or move its next date on. False when its
    administration's hourly mail limit left no room (the step stays due)."""
    try:
        async with db.transaction(write=True) as session:
            administration_id = await repo.claim(session, invoice_id, skip_locked=not db.is_sqlite)
            if administration_id is None:
                return True  # paid, on hold or not due any more, or another worker holds it
            administration = await session.get(Administration, administration_id)
            assert administration is not None
            today = until or clock.today_in(administration.timezone)
            invoice = await invoices_repo.invoice(
                session, administration_id, invoice_id, contacts=True, refresh=True
            )
            assert invoice is not None
            if invoice.next_reminder_date is None or invoice.next_reminder_date > today:
                return True
            policy = await service.policy_for(session, administration_id)
            if not policy.enabled:
                return True
            principal = letter.amount_open(invoice)
            if principal <= 0:
                await repo.set_schedule(session, invoice.id, next_date=None)
                return True
            buyer = buyer_of(invoice)
            consumer = law.is_consumer(buyer.vat_number, buyer.kvk_number)
            earlier = await repo.latest_letter(session, invoice.id)
            known = (
                plan.Letter(
                    earlier.collection_costs, earlier.collection_costs_vat, earlier.costs_from_date
                )
                if earlier is not None
                else None
            )
            step = plan.choose(
                policy,
                done=invoice.reminder_step,
                due_date=invoice.due_date,
                today=today,
                consumer=consumer,
                letter=known,
            )
            if step is None:
                next_date = plan.next_date(
                    policy,
                    done=invoice.reminder_step,
                    due_date=invoice.due_date,
                    consumer=consumer,
                    costs_from_date=known.costs_from_date if known is not None else None,
                )
                if next_date is not None and next_date <= today:
                    next_date = today + timedelta(days=1)  # waits for a deadline: look tomorrow
                await repo.set_schedule(session, invoice.id, next_date=next_date)
                return True
            made = await _remind(
                session,
                administration,
                invoice,
                step,
                policy,
                today=today,
                consumer=consumer,
                principal=principal,
                earlier=earlier,
                mail_limit=mail_limit,
            )
            if made is None:
                return False
            reminder, mail = made
    except IntegrityError:
        log.info("the due reminder of %s was made elsewhere", invoice_id)
        return True
    report.reminder_ids.append(reminder.id)
    if mail is not None:
        report.mail_ids.append(mail.id)
    return True


async def run_due(
    db: Database,
    *,
    mail_limit_per_hour: int,
    until: date | None = None,
    administration_id: str | None = None,
    limit: int = 500,
    on_invoice: Callable[[], None] | None = None,
    budget_seconds: float | None = None,
) -> RunReport:
    """Make every due reminder (up to `until`, or each administration's today): each invoice
    at most once per run. `on_invoice` is called after each invoice tried (a progress bar).
    With `budget_seconds` the run stops taking invoices after that long (the worker's job: the
    mails waiting in the outbox get their turn between batches). An administration whose hourly
    mail limit is reached is passed over for the rest of the run."""
    report = RunReport()
    # A bound that is safe in every time zone; each claim checks its administration's today.
    bound = until or (clock.now().date() + timedelta(days=1))
    done: set[str] = set()
    full: set[str] = set()
    stop_at = time.monotonic() + budget_seconds if budget_seconds is not None else None
    while stop_at is None or time.monotonic() < stop_at:
        async with db.transaction(write=False) as session:
            due = await repo.due(session, bound, administration_id, limit, done)
        if not due:
            break
        # Concurrent workers start at different places, so they rarely queue on one invoice.
        random.shuffle(due)
        todays: dict[str, date] = {}
        for invoice_id, next_date, owner, timezone in due:
            if stop_at is not None and time.monotonic() >= stop_at:
                break
            done.add(invoice_id)
            if owner in full:
                continue
            if until is None:
                # Not due yet where the administration is: no write transaction for it.
                if timezone not in todays:
                    todays[timezone] = clock.today_in(timezone)
                if next_date > todays[timezone]:
                    continue
            if not await _one_invoice(db, invoice_id, until, report, mail_limit_per_hour):
                full.add(owner)
            if on_invoice is not None:
                on_invoice()
    return report


async def run_due_now(
    db: Database, *, mail_limit_per_hour: int, until: date | None, administration_id: str | None
) -> schemas.RemindersRunOut:
    """`run_due`, answered with what it made (read afresh: each invoice committed on its own)."""
    report = await run_due(
        db,
        mail_limit_per_hour=mail_limit_per_hour,
        until=until,
        administration_id=administration_id,
    )
    async with db.transaction(write=False) as fresh:
        reminders = await repo.reminders_by_id(fresh, report.reminder_ids)
        mail_rows = await mails_repo.mails_by_id(fresh, report.mail_ids)
        return schemas.RemindersRunOut(
            reminders=[service.reminder_out(r) for r in reminders],
            mails=[mails.mail_out(m) for m in mail_rows],
        )


# The worker's sweep stops taking invoices after this long per tick: a backlog (reminders just
# switched on for thousands of overdue invoices) is worked off over several ticks, with the
# outbox's turn between them, instead of holding up every mail until it is done.
JOB_BUDGET_SECONDS = 2.0


async def reminders_job(db: Database, settings: Settings) -> int:
    report = await run_due(
        db, mail_limit_per_hour=settings.mail_limit_per_hour, budget_seconds=JOB_BUDGET_SECONDS
    )
    return len(report.reminder_ids)
