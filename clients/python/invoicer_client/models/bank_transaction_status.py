from enum import StrEnum


class BankTransactionStatus(StrEnum):
    IGNORED = "ignored"
    MATCHED = "matched"
    UNMATCHED = "unmatched"

    def __str__(self) -> str:
        return str(self.value)
