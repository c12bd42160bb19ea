"""When a recurrence falls due: pure date arithmetic, constant time per step.

A schedule works on dates only. Which date "today" is comes from the administration's time zone
(`local_date`), so a worker ticking in UTC neither skips nor repeats an occurrence around midnight
or a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.i18n import t

MAX_DAY_OF_MONTH = 28
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """Every month (`month` None) or once a year in `month`, on `day_of_month`, from
    `start_date` up to and including `end_date`."""

    start_date: date
    day_of_month: int
    month: int | None = None
    end_date: date | None = None

    def __post_init__(self) -> None:
        for name in ("start_date", "end_date"):
            # A datetime is a date to isinstance but cannot be compared with one.
            if isinstance(getattr(self, name), datetime):
                raise ValueError(t("{name} must be a date, not a datetime", name=name))
        if isinstance(self.day_of_month, bool) or not 1 <= self.day_of_month <= MAX_DAY_OF_MONTH:
            raise ValueError(
                t(
                    "day_of_month must be between 1 and {highest}: the highest day is {highest} "
                    "so that every month, February included, has it",
                    highest=MAX_DAY_OF_MONTH,
                )
            )
        if self.month is not None and (isinstance(self.month, bool) or not 1 <= self.month <= 12):
            raise ValueError(t("month must be between 1 and 12, or empty for every month"))
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError(t("end_date must be on or after start_date"))


def first_on_or_after(schedule: Schedule, day: date) -> date | None:
    """The first occurrence on or after both `day` and the start date; None past the end date."""
    day = max(day, schedule.start_date)
    wanted = schedule.day_of_month
    if schedule.month is None:
        year, month = day.year, day.month
        if day.day > wanted:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        year, month = day.year, schedule.month
        if (month, wanted) < (day.month, day.day):
            year += 1
    if year > MAXYEAR:
        return None
    found = date(year, month, wanted)
    if schedule.end_date is not None and found > schedule.end_date:
        return None
    return found


def next_after(schedule: Schedule, day: date) -> date | None:
    """The first occurrence strictly after `day` (and on or after the start date)."""
    if day == date.max:
        return None
    return first_on_or_after(schedule, day + _ONE_DAY)


def first_occurrence(schedule: Schedule) -> date | None:
    return first_on_or_after(schedule, schedule.start_date)


def next_in_future(schedule: Schedule, today: date) -> date | None:
    """Where `notify` moves the next date: the first occurrence after today, skipping any
    missed ones (seed 004: "de eerst volgende datum in de toekomst")."""
    return next_after(schedule, today)


def upcoming(schedule: Schedule, count: int, from_date: date | None = None) -> list[date]:
    """The first `count` occurrences on or after `from_date` (default: the start date)."""
    if count < 0:
        raise ValueError("count must not be negative")
    found: list[date] = []
    if count == 0:
        return found
    current = first_on_or_after(schedule, schedule.start_date if from_date is None else from_date)
    while current is not None and len(found) < count:
        found.append(current)
        current = next_after(schedule, current)
    return found


def occurrences_until(schedule: Schedule, next_date: date, until: date) -> Iterator[date]:
    """Every occurrence from `next_date` up to and including `until`, oldest first: the missed
    occurrences a catch-up handles one by one, each on its own date."""
    current = first_on_or_after(schedule, next_date)
    while current is not None and current <= until:
        yield current
        current = next_after(schedule, current)


def is_overdue(next_date: date | None, today: date) -> bool:
    return next_date is not None and next_date <= today


def is_finished(schedule: Schedule, next_date: date | None) -> bool:
    """No occurrence is left: the next date is gone or lies past the end date."""
    if next_date is None:
        return True
    return schedule.end_date is not None and next_date > schedule.end_date


def local_date(instant: datetime, timezone: str) -> date:
    """The calendar date at `instant` in an IANA time zone; `instant` must be aware."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(ZoneInfo(timezone)).date()


def due_dates(
    schedule: Schedule, next_date: date | None, now_utc: datetime, timezone: str
) -> list[date]:
    """The occurrences due at `now_utc`: those on or before today in `timezone`."""
    if next_date is None:
        return []
    return list(occurrences_until(schedule, next_date, local_date(now_utc, timezone)))
