from enum import StrEnum


class Automation(StrEnum):
    CREATE = "create"
    CREATE_AND_SEND = "create_and_send"
    NONE = "none"
    NOTIFY = "notify"

    def __str__(self) -> str:
        return str(self.value)
