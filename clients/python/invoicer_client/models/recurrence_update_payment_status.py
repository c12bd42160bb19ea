from enum import StrEnum


class RecurrenceUpdatePaymentStatus(StrEnum):
    PAID = "paid"
    UNPAID = "unpaid"

    def __str__(self) -> str:
        return str(self.value)
