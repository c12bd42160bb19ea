from enum import StrEnum


class MailStatus(StrEnum):
    DRAFT = "draft"
    FAILED = "failed"
    PARTIALLY_SENT = "partially_sent"
    QUEUED = "queued"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
