from enum import StrEnum


class KnownAddressSource(StrEnum):
    ADMINISTRATION = "administration"
    COMPANY = "company"
    CONTACT_DETAIL = "contact_detail"
    CUSTOMER = "customer"

    def __str__(self) -> str:
        return str(self.value)
