"""The composition root: who reacts to which domain event, and which jobs the worker runs, each
in the order given here. Nothing else subscribes to events or registers jobs.

`subscribe_all()` is called by everything that runs domain code: `create_app` and the
`invoicer` commands (it is idempotent).
"""

from __future__ import annotations

from app import events
from app.banking import service as banking
from app.documents import service as documents
from app.invoices import public_links
from app.mails import outbox
from app.mails import service as mails
from app.payments import service as payments
from app.recurrences import runner
from app.reminders import runner as reminders_runner
from app.reminders import service as reminders
from app.webhooks import delivery
from app.webhooks import service as webhooks
from app.worker import Job


def subscribe_all() -> None:
    # A new administration gets its default PDF template first: the default e-mail template
    # attaches it.
    events.subscribe(events.AdministrationCreated, documents.create_default_template)
    events.subscribe(events.AdministrationCreated, mails.create_default_template)
    # A final invoice gets its page link (the customer's `public_url`) in the same
    # transaction, before its mail is made, so the mail can name it (`[factuur_link]`).
    events.subscribe(events.InvoiceFinalized, public_links.on_invoice_finalized)
    # A final credit note settles the invoice it credits, and a draft marked paid gets its
    # payment, before anyone is told of the finalisation (its webhook then shows the payment).
    events.subscribe(events.InvoiceFinalized, payments.on_invoice_finalized)
    # A reversed payment from a bank credit puts the credit back on the unmatched list.
    events.subscribe(events.PaymentReversed, banking.on_payment_reversed)
    # Webhook events are written in the transaction of what they report.
    events.subscribe(events.InvoiceFinalized, webhooks.on_invoice_finalized)
    events.subscribe(events.PaymentRecorded, webhooks.on_payment_recorded)
    events.subscribe(events.PaymentReversed, webhooks.on_payment_reversed)
    events.subscribe(events.PaymentStatusChanged, webhooks.on_payment_status_changed)
    events.subscribe(events.MailSettled, webhooks.on_mail_settled)
    events.subscribe(events.OccurrenceHandled, webhooks.on_occurrence_handled)
    events.subscribe(events.ReminderSent, webhooks.on_reminder_sent)
    # Reminders follow final invoices: scheduled when finalised, their unsent mails withdrawn
    # when paid, and `reminder.sent` once a reminder's mail went out.
    events.subscribe(events.InvoiceFinalized, reminders.schedule_finalized)
    events.subscribe(events.PaymentStatusChanged, reminders.withdraw_when_paid)
    events.subscribe(events.MailSettled, reminders.reminder_mail_settled)


# One batch of each per worker tick, in this order: mails waiting longest matter most.
WORKER_JOBS: tuple[tuple[str, Job], ...] = (
    ("outbox", outbox.outbox_job),
    ("recurrences", runner.recurrences_job),
    ("reminders", reminders_runner.reminders_job),
    ("webhooks", delivery.webhooks_job),
)
