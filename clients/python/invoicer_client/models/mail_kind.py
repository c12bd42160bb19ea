from enum import StrEnum


class MailKind(StrEnum):
    INVOICE = "invoice"
    NOTIFICATION = "notification"
    REMINDER = "reminder"

    def __str__(self) -> str:
        return str(self.value)
