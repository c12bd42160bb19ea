from enum import StrEnum


class MailKind(StrEnum):
    INVOICE = "invoice"
    NOTIFICATION = "notification"

    def __str__(self) -> str:
        return str(self.value)
