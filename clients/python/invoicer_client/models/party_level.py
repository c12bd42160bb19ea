from enum import StrEnum


class PartyLevel(StrEnum):
    COMPANY = "company"
    CUSTOMER = "customer"

    def __str__(self) -> str:
        return str(self.value)
