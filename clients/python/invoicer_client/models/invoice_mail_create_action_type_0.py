from enum import StrEnum


class InvoiceMailCreateActionType0(StrEnum):
    EDIT = "edit"
    SEND = "send"

    def __str__(self) -> str:
        return str(self.value)
