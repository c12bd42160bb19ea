from enum import StrEnum


class WebhookEventType(StrEnum):
    INVOICE_FINALIZED = "invoice.finalized"
    INVOICE_PAID = "invoice.paid"
    MAIL_FAILED = "mail.failed"
    MAIL_PARTIALLY_SENT = "mail.partially_sent"
    MAIL_SENT = "mail.sent"
    PAYMENT_CREATED = "payment.created"
    PAYMENT_REVERSED = "payment.reversed"
    RECURRENCE_DUE = "recurrence.due"
    RECURRENCE_INVOICE_CREATED = "recurrence.invoice_created"
    REMINDER_SENT = "reminder.sent"

    def __str__(self) -> str:
        return str(self.value)
