from enum import StrEnum


class MatchRule(StrEnum):
    AMOUNT_IBAN = "amount_iban"
    MANUAL = "manual"
    REFERENCE = "reference"

    def __str__(self) -> str:
        return str(self.value)
