"""The reminder policy, an invoice's reminder state (pause and resume), and the reminders
package's reactions to other packages' events: a finalised invoice is scheduled, a paid one has
its unsent reminder mails withdrawn, a reminder mail that went out is news (`reminder.sent`).

Scheduling: `Invoice.next_reminder_date` is the day the invoice's next step is due, so the
sweep's query reads one partial index (app/reminders/repository.due). It is set when an invoice
is finalised, after each reminder, and for every final invoice of the administration when its
policy is saved. Invoices finalised before reminders existed are scheduled by that first save.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.errors import Conflict, FieldError, Invalid, NotFound
from app.i18n import t
from app.invoices import repository as invoices_repo
from app.mails import repository as mails_repo
from app.models import Administration, Invoice, Reminder, ReminderPolicy
from app.models.enums import InvoiceKind, InvoiceStatus, MailStatus, PaymentStatus
from app.reminders import plan, schemas
from app.reminders import repository as repo


class RemindersNotApplicable(Conflict):
    type, code = "reminders-not-applicable", "reminders_not_applicable"
    title = t("Reminders do not apply to this invoice")


# --- the policy ---------------------------------------------------------------------------------


def default_policy() -> plan.Policy:
    defaults = schemas.ReminderPolicyIn()
    return policy_of_input(defaults)


def policy_of_input(data: schemas.ReminderPolicyIn) -> plan.Policy:
    return plan.Policy(
        enabled=data.enabled,
        steps=plan.steps_of([s.model_dump(mode="json") for s in data.steps]),
        charge_collection_costs_b2c=data.charge_collection_costs_b2c,
        b2b_fixed_compensation=data.b2b_fixed_compensation,
        b2b_commercial_interest=data.b2b_commercial_interest,
        creditor_deducts_vat=data.creditor_deducts_vat,
    )


def policy_of_row(row: ReminderPolicy) -> plan.Policy:
    return plan.Policy(
        enabled=row.enabled,
        steps=plan.steps_of(row.steps),
        charge_collection_costs_b2c=row.charge_collection_costs_b2c,
        b2b_fixed_compensation=row.b2b_fixed_compensation,
        b2b_commercial_interest=row.b2b_commercial_interest,
        creditor_deducts_vat=row.creditor_deducts_vat,
    )


async def policy_for(session: AsyncSession, administration_id: str) -> plan.Policy:
    row = await repo.policy(session, administration_id)
    return policy_of_row(row) if row is not None else default_policy()


async def get_policy(session: AsyncSession, administration_id: str) -> schemas.ReminderPolicyOut:
    row = await repo.policy(session, administration_id)
    policy = policy_of_row(row) if row is not None else default_policy()
    return policy_out(policy, row)


def policy_out(policy: plan.Policy, row: ReminderPolicy | None) -> schemas.ReminderPolicyOut:
    return schemas.ReminderPolicyOut(
        enabled=policy.enabled,
        steps=[
            schemas.ReminderStepOut(
                step=s.number,
                days_after_due=s.days_after_due,
                kind=s.kind,
                email_template_id=s.email_template_id,
                action=s.action,
            )
            for s in policy.steps
        ],
        charge_collection_costs_b2c=policy.charge_collection_costs_b2c,
        b2b_fixed_compensation=policy.b2b_fixed_compensation,
        b2b_commercial_interest=policy.b2b_commercial_interest,
        creditor_deducts_vat=policy.creditor_deducts_vat,
        is_default=row is None,
        updated_at=row.updated_at if row is not None else None,
    )


async def put_policy(
    session: AsyncSession, administration: Administration, data: schemas.ReminderPolicyIn
) -> schemas.ReminderPolicyOut:
    """Replace the policy (422 naming every bad field, nothing changed) and schedule every final
    invoice of the administration by it: the next step after the last one made."""
    errors = [FieldError(loc=loc, msg=msg, type="value_error") for loc, msg in data.step_errors()]
    for i, step in enumerate(data.steps):
        if step.email_template_id is None:
            continue
        if (
            await mails_repo.email_template(session, administration.id, step.email_template_id)
            is None
        ):
            errors.append(
                FieldError(
                    loc=["body", "steps", i, "email_template_id"],
                    msg=t("e-mail template {id} does not exist", id=step.email_template_id),
                    type="value_error",
                )
            )
    if errors:
        raise Invalid(errors[0].msg, errors=errors)
    row = await repo.policy(session, administration.id)
    now = clock.now()
    if row is None:
        row = ReminderPolicy(administration_id=administration.id, created_at=now)
        session.add(row)
    row.enabled = data.enabled
    row.steps = [s.model_dump(mode="json") for s in data.steps]
    row.charge_collection_costs_b2c = data.charge_collection_costs_b2c
    row.b2b_fixed_compensation = data.b2b_fixed_compensation
    row.b2b_commercial_interest = data.b2b_commercial_interest
    row.creditor_deducts_vat = data.creditor_deducts_vat
    row.updated_at = now
    await session.flush()
    policy = policy_of_row(row)
    await reschedule(session, administration.id, policy)
    return policy_out(policy, row)


async def reschedule(session: AsyncSession, administration_id: str, policy: plan.Policy) -> None:
    """Every final invoice's next reminder date by `policy`: the step after its last one. The
    sweep checks the 14-day letter's deadline when it picks a costs-charging step up."""
    rows = await repo.schedule_rows(session, administration_id)
    dates = []
    for row in rows:
        pending = policy.steps[row.reminder_step :]
        dates.append(
            (row.id, row.due_date + timedelta(days=pending[0].days_after_due) if pending else None)
        )
    await repo.set_schedules(session, dates)


# --- events of other packages -------------------------------------------------------------------


async def schedule_finalized(session: AsyncSession, event: events.InvoiceFinalized) -> None:
    """A new final invoice is followed from its first step's day (credit notes are not)."""
    invoice = event.invoice
    if invoice.kind is not InvoiceKind.invoice:
        return
    policy = await policy_for(session, event.administration.id)
    first = policy.steps[0] if policy.steps else None
    next_date = invoice.due_date + timedelta(days=first.days_after_due) if first else None
    await repo.set_schedule(session, invoice.id, step=0, next_date=next_date)


async def withdraw_when_paid(session: AsyncSession, event: events.PaymentStatusChanged) -> None:
    """A paid (or credited) invoice's reminder mails that nobody started to send are withdrawn:
    a reminder of a paid invoice must not go out. A mail already being sent is not stopped."""
    invoice = event.invoice
    if invoice.payment_status is PaymentStatus.paid:
        await repo.withdraw_unsent(session, invoice.id, clock.now())


async def reminder_mail_settled(session: AsyncSession, event: events.MailSettled) -> None:
    """A reminder's mail reached someone: the reminder is sent (`reminder.sent`, once)."""
    if event.status not in (MailStatus.sent, MailStatus.partially_sent):
        return
    reminder = await repo.mark_sent(session, event.mail_id, clock.now())
    if reminder is not None:
        await events.publish(session, events.ReminderSent(reminder))


# --- an invoice's reminders: state, pause, resume -----------------------------------------------


async def _final_invoice(session: AsyncSession, administration_id: str, invoice_id: str) -> Invoice:
    invoice = await invoices_repo.invoice(session, administration_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    if invoice.status is not InvoiceStatus.final:
        raise RemindersNotApplicable(
            t("The invoice is a draft: reminders follow final invoices only.")
        )
    if invoice.kind is not InvoiceKind.invoice:
        raise RemindersNotApplicable(t("A credit note gets no reminders."))
    return invoice


async def state(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> schemas.ReminderStateOut:
    invoice = await invoices_repo.invoice(session, administration_id, invoice_id)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    return await state_of(session, invoice)


async def state_of(session: AsyncSession, invoice: Invoice) -> schemas.ReminderStateOut:
    reminders = await repo.reminders_of(session, invoice.id)
    return schemas.ReminderStateOut(
        invoice_id=invoice.id,
        paused=invoice.reminders_paused_at is not None,
        paused_at=invoice.reminders_paused_at,
        pause_reason=invoice.reminders_pause_reason,
        last_step=invoice.reminder_step,
        next_reminder_date=invoice.next_reminder_date,
        reminders=[reminder_out(r) for r in reminders],
    )


async def pause(
    session: AsyncSession, administration_id: str, invoice_id: str, reason: str | None
) -> schemas.ReminderStateOut:
    """Hold the invoice's reminders (a dispute): none is made until it is resumed, and its
    reminder mails nobody started to send are withdrawn. Pausing again updates the reason."""
    invoice = await _final_invoice(session, administration_id, invoice_id)
    now = clock.now()
    if invoice.reminders_paused_at is None:
        invoice.reminders_paused_at = now
    invoice.reminders_pause_reason = reason
    await session.flush()
    await repo.withdraw_unsent(session, invoice.id, now)
    return await state_of(session, invoice)


async def resume(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> schemas.ReminderStateOut:
    """Follow the invoice again: the latest step due meanwhile is made by the next sweep (one
    reminder, not every step missed while paused)."""
    invoice = await _final_invoice(session, administration_id, invoice_id)
    invoice.reminders_paused_at = None
    invoice.reminders_pause_reason = None
    if invoice.next_reminder_date is None:
        policy = await policy_for(session, administration_id)
        pending = policy.steps[invoice.reminder_step :]
        if pending:
            invoice.next_reminder_date = invoice.due_date + timedelta(
                days=pending[0].days_after_due
            )
    await session.flush()
    return await state_of(session, invoice)


def reminder_out(r: Reminder) -> schemas.ReminderOut:
    return schemas.ReminderOut(
        id=r.id,
        invoice_id=r.invoice_id,
        step=r.step,
        kind=r.kind,
        letter_date=r.letter_date,
        outcome=r.outcome,
        detail=r.detail,
        consumer=r.consumer,
        days_overdue=r.days_overdue,
        principal=r.principal,
        collection_costs=r.collection_costs,
        collection_costs_vat=r.collection_costs_vat,
        costs_charged=r.costs_charged,
        payment_deadline_date=r.payment_deadline_date,
        costs_from_date=r.costs_from_date,
        compensation=r.compensation,
        interest=r.interest,
        interest_from_date=r.interest_from_date,
        interest_through_date=r.interest_through_date,
        total_claimed=r.total_claimed,
        mail_id=r.mail_id,
        document_id=r.document_id,
        sent_at=r.sent_at,
        withdrawn_at=r.withdrawn_at,
        created_at=r.created_at,
    )
