"""The composition root: who reacts to which domain event, and which jobs the worker runs, each
in the order given here. Nothing else subscribes to events or registers jobs.

`subscribe_all()` is called by everything that runs domain code: `create_app` and the
`invoicer` commands (it is idempotent).
"""

from __future__ import annotations

from app import events
from app.documents import service as documents
from app.mails import outbox
from app.mails import service as mails
from app.payments import service as payments
from app.recurrences import runner
from app.webhooks import delivery
from app.webhooks import service as webhooks
from app.worker import Job


def subscribe_all() -> None:
    # A new administration gets its default PDF template first: the default e-mail template
    # attaches it.
    events.subscribe(events.AdministrationCreated, documents.create_default_template)
    events.subscribe(events.AdministrationCreated, mails.create_default_template)
    # A final credit note settles the invoice it credits, and a draft marked paid gets its
    # payment, before anyone is told of the finalisation (its webhook then shows the payment).
    events.subscribe(events.InvoiceFinalized, payments.on_invoice_finalized)
    # Webhook events are written in the transaction of what they report.
    events.subscribe(events.InvoiceFinalized, webhooks.on_invoice_finalized)
    events.subscribe(events.PaymentRecorded, webhooks.on_payment_recorded)
    events.subscribe(events.PaymentReversed, webhooks.on_payment_reversed)
    events.subscribe(events.PaymentStatusChanged, webhooks.on_payment_status_changed)
    events.subscribe(events.MailSettled, webhooks.on_mail_settled)
    events.subscribe(events.OccurrenceHandled, webhooks.on_occurrence_handled)


# One batch of each per worker tick, in this order: mails waiting longest matter most.
WORKER_JOBS: tuple[tuple[str, Job], ...] = (
    ("outbox", outbox.outbox_job),
    ("recurrences", runner.recurrences_job),
    ("webhooks", delivery.webhooks_job),
)
