from enum import StrEnum


class Bucket(StrEnum):
    NOT_DUE = "not_due"
    OVERDUE_1_30 = "overdue_1_30"
    OVERDUE_31_60 = "overdue_31_60"
    OVERDUE_61_90 = "overdue_61_90"
    OVERDUE_OVER_90 = "overdue_over_90"

    def __str__(self) -> str:
        return str(self.value)
