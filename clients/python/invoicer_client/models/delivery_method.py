from enum import StrEnum


class DeliveryMethod(StrEnum):
    EMAIL = "email"
    NONE = "none"
    POST = "post"

    def __str__(self) -> str:
        return str(self.value)
