"""All ORM tables; importing this package registers every table on `Base.metadata` (Alembic)."""

from app.models.base import Base
from app.models.documents import Document, PdfTemplate
from app.models.idempotency import IdempotencyRecord
from app.models.invoices import Invoice, InvoiceLine, NumberCounter
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
from app.models.webhooks import WebhookEndpoint, WebhookEvent

__all__ = [
    "Administration",
    "ApiKey",
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
    "Mail",
    "MailAttachment",
    "MailDelivery",
    "NumberCounter",
    "Payment",
    "PdfTemplate",
    "Recurrence",
    "RecurrenceRun",
    "WebhookEndpoint",
    "WebhookEvent",
]
