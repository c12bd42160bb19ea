"""All ORM tables; importing this package registers every table on `Base.metadata` (Alembic)."""

from app.models.banking import BankTransaction, KnownIban
from app.models.base import Base
from app.models.documents import Document, PdfTemplate
from app.models.idempotency import IdempotencyRecord
from app.models.invoices import Invoice, InvoiceLine, NumberCounter, PublicLink
from app.models.mails import (
    EmailTemplate,
    EmailTemplateAttachment,
    Mail,
    MailAttachment,
    MailDelivery,
)
from app.models.parties import Administration, ApiKey, Company, ContactDetail, Customer
from app.models.payments import Payment
from app.models.recurrences import Recurrence, RecurrenceRun
from app.models.reminders import Reminder, ReminderPolicy
from app.models.webhooks import WebhookEndpoint, WebhookEvent

__all__ = [
    "Administration",
    "ApiKey",
    "BankTransaction",
    "Base",
    "Company",
    "ContactDetail",
    "Customer",
    "Document",
    "EmailTemplate",
    "EmailTemplateAttachment",
    "IdempotencyRecord",
    "Invoice",
    "InvoiceLine",
    "KnownIban",
    "Mail",
    "MailAttachment",
    "MailDelivery",
    "NumberCounter",
    "Payment",
    "PdfTemplate",
    "PublicLink",
    "Recurrence",
    "RecurrenceRun",
    "Reminder",
    "ReminderPolicy",
    "WebhookEndpoint",
    "WebhookEvent",
]
