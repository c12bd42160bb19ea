from enum import StrEnum


class PaymentMethod(StrEnum):
    BANK = "bank"
    CARD = "card"
    CASH = "cash"
    CREDIT_NOTE = "credit_note"
    DIRECT_DEBIT = "direct_debit"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
