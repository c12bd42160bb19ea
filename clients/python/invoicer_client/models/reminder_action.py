from enum import StrEnum


class ReminderAction(StrEnum):
    DRAFT = "draft"
    SEND = "send"

    def __str__(self) -> str:
        return str(self.value)
