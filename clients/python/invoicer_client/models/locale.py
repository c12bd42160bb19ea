from enum import StrEnum


class Locale(StrEnum):
    EN = "en"
    NL = "nl"

    def __str__(self) -> str:
        return str(self.value)
