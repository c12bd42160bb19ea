from enum import StrEnum


class DeadLetterKind(StrEnum):
    MAIL = "mail"
    WEBHOOK_EVENT = "webhook_event"

    def __str__(self) -> str:
        return str(self.value)
