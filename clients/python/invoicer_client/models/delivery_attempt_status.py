from enum import StrEnum


class DeliveryAttemptStatus(StrEnum):
    ACCEPTED = "accepted"
    DEFERRED = "deferred"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
