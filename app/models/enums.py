"""Status and kind enumerations shared by the tables and the API."""

from __future__ import annotations

from enum import StrEnum


class DeliveryMethod(StrEnum):
    none = "none"
    post = "post"
    email = "email"


class Locale(StrEnum):
    nl = "nl"
    en = "en"


class Scope(StrEnum):
    """Permissions an API key can carry."""

    read = "read"
    parties_write = "parties:write"
    invoices_write = "invoices:write"
    invoices_finalize = "invoices:finalize"
    payments_write = "payments:write"
    mails_send = "mails:send"
    recurrences_write = "recurrences:write"
    settings_write = "settings:write"


class InvoiceStatus(StrEnum):
    draft = "draft"
    final = "final"


class PaymentStatus(StrEnum):
    """Follows the invoice's payments: nothing, part or all of its total paid (for a credit
    note: refunded or settled)."""

    unpaid = "unpaid"
    partially_paid = "partially_paid"
    paid = "paid"


class PaymentMethod(StrEnum):
    bank = "bank"
    cash = "cash"
    card = "card"
    direct_debit = "direct_debit"
    other = "other"
    # Settled by a credit note against the invoice it credits; made by the service only.
    credit_note = "credit_note"


class InvoiceKind(StrEnum):
    invoice = "invoice"
    credit_note = "credit_note"


class PartyLevel(StrEnum):
    customer = "customer"
    company = "company"


class MailStatus(StrEnum):
    draft = "draft"
    queued = "queued"
    sent = "sent"
    # Accepted by some recipients and refused for good (SMTP 5xx) by others.
    partially_sent = "partially_sent"
    failed = "failed"


class MailKind(StrEnum):
    invoice = "invoice"  # the invoice to the customer
    notification = "notification"  # to the owner ("mij")


class Automation(StrEnum):
    """What happens on a recurrence's date (seed 004 "Automatisch")."""

    none = "none"  # nothing: the recurrence shows as overdue until copied and acknowledged
    notify = "notify"  # a mail to the owner
    create = "create"  # a final invoice, nothing sent to the customer, the owner is told
    create_and_send = "create_and_send"  # as create, and the PDF mailed to the customer


class WebhookStatus(StrEnum):
    """A webhook event's delivery to one endpoint."""

    pending = "pending"  # waiting for its (next) attempt
    delivered = "delivered"  # the endpoint answered 2xx
    failed = "failed"  # attempts exhausted, or the endpoint was disabled
