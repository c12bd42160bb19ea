from enum import StrEnum


class PaymentMethodIn(StrEnum):
    BANK = "bank"
    CARD = "card"
    CASH = "cash"
    DIRECT_DEBIT = "direct_debit"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
