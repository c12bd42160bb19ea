from enum import StrEnum


class ReminderKind(StrEnum):
    FINAL_NOTICE = "final_notice"
    FOURTEEN_DAY_LETTER = "fourteen_day_letter"
    REMINDER = "reminder"

    def __str__(self) -> str:
        return str(self.value)
