from enum import StrEnum


class LineOutVatRate(StrEnum):
    EXEMPT = "exempt"
    EXPORT = "export"
    INTRA_COMMUNITY = "intra_community"
    REVERSE_CHARGE = "reverse_charge"
    VALUE_0 = "21"
    VALUE_1 = "9"
    VALUE_2 = "0"

    def __str__(self) -> str:
        return str(self.value)
