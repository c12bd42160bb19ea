from enum import StrEnum


class NotRetriedReason(StrEnum):
    NOT_DEAD = "not_dead"
    NOT_ELIGIBLE = "not_eligible"
    NOT_FOUND = "not_found"

    def __str__(self) -> str:
        return str(self.value)
