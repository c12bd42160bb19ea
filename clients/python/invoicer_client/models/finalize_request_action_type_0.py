from enum import StrEnum


class FinalizeRequestActionType0(StrEnum):
    EDIT = "edit"
    SEND = "send"

    def __str__(self) -> str:
        return str(self.value)
