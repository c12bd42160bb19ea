"""Next-date arithmetic of recurrences, checked against a day-by-day reference, and the time zone
interplay: a worker ticking in UTC handles every occurrence exactly once, on its local day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import islice, pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import clock
from app.recurrences.schedule import (
    MAX_DAY_OF_MONTH,
    Schedule,
    due_dates,
    first_occurrence,
    first_on_or_after,
    is_finished,
    is_overdue,
    local_date,
    next_after,
    next_in_future,
    occurrences_until,
    upcoming,
)

DAY = timedelta(days=1)
AMSTERDAM = "Europe/Amsterdam"


def monthly(day: int, start: date, end: date | None = None) -> Schedule:
    return Schedule(start_date=start, day_of_month=day, end_date=end)


def yearly(month: int, day: int, start: date, end: date | None = None) -> Schedule:
    return Schedule(start_date=start, day_of_month=day, month=month, end_date=end)


def is_occurrence(schedule: Schedule, day: date) -> bool:
    return (
        day.day == schedule.day_of_month
        and (schedule.month is None or day.month == schedule.month)
        and schedule.start_date <= day
        and (schedule.end_date is None or day <= schedule.end_date)
    )


def reference(schedule: Schedule, count: int, from_date: date, horizon_days: int) -> list[date]:
    """Occurrences found by walking day by day: slow, obviously right."""
    found: list[date] = []
    day = from_date
    for _ in range(horizon_days):
        if len(found) == count:
            break
        if is_occurrence(schedule, day):
            found.append(day)
        day += DAY
    return found


# --- first and next dates, exhaustively over day and month ----------------------------------

START_DATES = [
    date(2026, 1, 1),
    date(2026, 1, 31),
    date(2026, 2, 28),
    date(2026, 3, 14),
    date(2026, 3, 15),
    date(2026, 3, 16),
    date(2026, 12, 31),
    date(2024, 2, 28),
    date(2024, 2, 29),
    date(2023, 2, 28),
]


@pytest.mark.parametrize("day", range(1, MAX_DAY_OF_MONTH + 1))
def test_monthly_on_every_day(day: int) -> None:
    for start in START_DATES:
        schedule = monthly(day, start)
        expected = reference(schedule, 25, start, 800)
        assert upcoming(schedule, 25) == expected, start
        assert first_occurrence(schedule) == expected[0]
        assert expected[0] - start < timedelta(days=31)


@pytest.mark.parametrize("month", range(1, 13))
def test_yearly_in_every_month_on_every_day(month: int) -> None:
    for day in range(1, MAX_DAY_OF_MONTH + 1):
        for start in START_DATES:
            schedule = yearly(month, day, start)
            expected = reference(schedule, 3, start, 3 * 366 + 1)
            assert upcoming(schedule, 3) == expected, (day, start)
            assert first_occurrence(schedule) == expected[0]


@pytest.mark.parametrize(
    ("schedule", "first"),
    [
        (monthly(28, date(2026, 1, 31)), date(2026, 2, 28)),
        (monthly(1, date(2026, 1, 31)), date(2026, 2, 1)),
        (monthly(28, date(2026, 2, 28)), date(2026, 2, 28)),
        (monthly(27, date(2026, 2, 28)), date(2026, 3, 27)),
        (monthly(15, date(2026, 12, 16)), date(2027, 1, 15)),
        (monthly(28, date(2024, 2, 29)), date(2024, 3, 28)),
        (monthly(1, date(2024, 2, 29)), date(2024, 3, 1)),
        (yearly(2, 28, date(2024, 2, 29)), date(2025, 2, 28)),
        (yearly(2, 28, date(2024, 2, 28)), date(2024, 2, 28)),
        (yearly(3, 1, date(2024, 2, 29)), date(2024, 3, 1)),
        (yearly(1, 1, date(2026, 1, 2)), date(2027, 1, 1)),
        (yearly(12, 28, date(2026, 12, 29)), date(2027, 12, 28)),
        (yearly(6, 10, date(2026, 1, 1)), date(2026, 6, 10)),
    ],
)
def test_first_occurrence_from_month_ends_and_leap_days(schedule: Schedule, first: date) -> None:
    assert first_occurrence(schedule) == first


def test_upcoming_monthly_across_the_year_end() -> None:
    schedule = monthly(15, date(2026, 11, 1))
    assert upcoming(schedule, 4) == [
        date(2026, 11, 15),
        date(2026, 12, 15),
        date(2027, 1, 15),
        date(2027, 2, 15),
    ]


def test_four_yearly_recurrences_make_a_quarterly_rhythm() -> None:
    start = date(2026, 1, 1)
    dates = sorted(d for month in (1, 4, 7, 10) for d in upcoming(yearly(month, 5, start), 2))
    assert dates == [date(year, month, 5) for year in (2026, 2027) for month in (1, 4, 7, 10)]


def test_upcoming_from_a_given_date() -> None:
    schedule = monthly(10, date(2026, 1, 1))
    assert upcoming(schedule, 2, date(2026, 5, 10)) == [date(2026, 5, 10), date(2026, 6, 10)]
    assert upcoming(schedule, 2, date(2026, 5, 11)) == [date(2026, 6, 10), date(2026, 7, 10)]
    # Never before the start date, whatever the caller asks.
    assert upcoming(schedule, 1, date(2020, 1, 1)) == [date(2026, 1, 10)]


def test_upcoming_count_zero_and_negative() -> None:
    schedule = monthly(10, date(2026, 1, 1))
    assert upcoming(schedule, 0) == []
    with pytest.raises(ValueError, match="count"):
        upcoming(schedule, -1)


# --- end dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (date(2026, 3, 14), [date(2026, 1, 15), date(2026, 2, 15)]),
        (date(2026, 3, 15), [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)]),
        (date(2026, 3, 16), [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)]),
        (date(2026, 1, 15), [date(2026, 1, 15)]),
        (date(2026, 1, 14), []),
        (date(2026, 1, 1), []),
    ],
)
def test_end_date_is_inclusive(end: date, expected: list[date]) -> None:
    schedule = monthly(15, date(2026, 1, 1), end)
    assert upcoming(schedule, 10) == expected
    last = expected[-1] if expected else None
    assert first_occurrence(schedule) == (expected[0] if expected else None)
    if last is not None:
        assert next_after(schedule, last) is None
        assert is_finished(schedule, next_after(schedule, last))


def test_yearly_end_date_on_and_off_the_occurrence() -> None:
    on = yearly(6, 1, date(2026, 1, 1), date(2028, 6, 1))
    off = yearly(6, 1, date(2026, 1, 1), date(2028, 5, 31))
    assert upcoming(on, 10) == [date(2026, 6, 1), date(2027, 6, 1), date(2028, 6, 1)]
    assert upcoming(off, 10) == [date(2026, 6, 1), date(2027, 6, 1)]


def test_start_equal_to_end_on_an_occurrence() -> None:
    schedule = monthly(15, date(2026, 1, 15), date(2026, 1, 15))
    assert upcoming(schedule, 3) == [date(2026, 1, 15)]


def test_window_without_an_occurrence_is_finished_at_once() -> None:
    schedule = monthly(15, date(2026, 1, 16), date(2026, 2, 14))
    assert first_occurrence(schedule) is None
    assert is_finished(schedule, first_occurrence(schedule))


def test_finished() -> None:
    schedule = monthly(15, date(2026, 1, 1), date(2026, 3, 31))
    assert not is_finished(schedule, date(2026, 1, 15))
    assert not is_finished(schedule, date(2026, 3, 31))
    assert is_finished(schedule, None)
    # A next date beyond a shortened end date: nothing is left to do.
    assert is_finished(schedule, date(2026, 4, 15))
    assert not is_finished(monthly(15, date(2026, 1, 1)), date(9999, 12, 15))


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [29, 30, 31, 0, -1, 100])
def test_day_outside_1_to_28_is_rejected_because_of_february(day: int) -> None:
    with pytest.raises(ValueError, match="every month, February included") as info:
        monthly(day, date(2026, 1, 1))
    assert "between 1 and 28" in str(info.value)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_outside_1_to_12_is_rejected(month: int) -> None:
    with pytest.raises(ValueError, match="month must be between 1 and 12"):
        yearly(month, 1, date(2026, 1, 1))


def test_end_before_start_is_rejected() -> None:
    with pytest.raises(ValueError, match="end_date must be on or after start_date"):
        monthly(1, date(2026, 2, 1), date(2026, 1, 31))


def test_booleans_are_not_days_or_months() -> None:
    with pytest.raises(ValueError, match="day_of_month"):
        monthly(True, date(2026, 1, 1))
    with pytest.raises(ValueError, match="month must be"):
        yearly(True, 1, date(2026, 1, 1))


def test_datetimes_are_not_dates() -> None:
    with pytest.raises(ValueError, match="start_date must be a date"):
        monthly(1, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="end_date must be a date"):
        monthly(1, date(2026, 1, 1), datetime(2026, 2, 1, tzinfo=UTC))


def test_schedule_is_immutable_and_hashable() -> None:
    schedule = monthly(1, date(2026, 1, 1))
    with pytest.raises(AttributeError):
        schedule.day_of_month = 2  # type: ignore[misc]
    assert {schedule, monthly(1, date(2026, 1, 1))} == {schedule}


# --- next date, overdue, notify, catch-up ----------------------------------------------------


def test_next_after_is_strictly_after() -> None:
    schedule = monthly(15, date(2026, 1, 1))
    assert next_after(schedule, date(2026, 1, 15)) == date(2026, 2, 15)
    assert next_after(schedule, date(2026, 1, 14)) == date(2026, 1, 15)
    assert next_after(schedule, date(2025, 6, 1)) == date(2026, 1, 15)
    assert first_on_or_after(schedule, date(2026, 1, 15)) == date(2026, 1, 15)


def test_the_end_of_the_calendar() -> None:
    assert next_after(monthly(1, date(2026, 1, 1)), date.max) is None
    assert next_after(monthly(1, date(2026, 1, 1)), date(9999, 12, 1)) is None
    assert next_after(monthly(28, date(2026, 1, 1)), date(9999, 12, 1)) == date(9999, 12, 28)
    assert next_after(yearly(1, 1, date(2026, 1, 1)), date(9999, 1, 1)) is None
    assert first_on_or_after(yearly(12, 28, date(9999, 12, 29)), date(9999, 12, 29)) is None


@pytest.mark.parametrize(
    ("next_date", "today", "overdue"),
    [
        (None, date(2026, 3, 1), False),
        (date(2026, 3, 1), date(2026, 2, 28), False),
        (date(2026, 3, 1), date(2026, 3, 1), True),
        (date(2026, 3, 1), date(2026, 3, 2), True),
        (date(2025, 3, 1), date(2026, 3, 2), True),
    ],
)
def test_overdue_means_today_or_earlier(next_date: date | None, today: date, overdue: bool) -> None:
    assert is_overdue(next_date, today) is overdue


def test_notify_moves_to_the_first_occurrence_in_the_future() -> None:
    schedule = monthly(15, date(2026, 1, 1))
    # Missed occurrences are not announced one by one: the next date jumps past today.
    assert next_in_future(schedule, date(2026, 4, 20)) == date(2026, 5, 15)
    assert next_in_future(schedule, date(2026, 4, 15)) == date(2026, 5, 15)
    assert next_in_future(schedule, date(2026, 4, 14)) == date(2026, 4, 15)
    assert next_in_future(schedule, date(2025, 1, 1)) == date(2026, 1, 15)
    assert (
        next_in_future(monthly(15, date(2026, 1, 1), date(2026, 4, 30)), date(2026, 4, 15)) is None
    )


def test_catch_up_yields_every_missed_occurrence_in_order() -> None:
    schedule = monthly(15, date(2026, 1, 1))
    assert list(occurrences_until(schedule, date(2026, 1, 15), date(2026, 4, 20))) == [
        date(2026, 1, 15),
        date(2026, 2, 15),
        date(2026, 3, 15),
        date(2026, 4, 15),
    ]
    assert list(occurrences_until(schedule, date(2026, 1, 15), date(2026, 4, 15)))[-1] == date(
        2026, 4, 15
    )
    assert list(occurrences_until(schedule, date(2026, 1, 15), date(2026, 1, 14))) == []


def test_catch_up_stops_at_the_end_date() -> None:
    schedule = yearly(3, 1, date(2020, 1, 1), date(2023, 3, 1))
    assert list(occurrences_until(schedule, date(2021, 3, 1), date(2026, 1, 1))) == [
        date(2021, 3, 1),
        date(2022, 3, 1),
        date(2023, 3, 1),
    ]


def test_catch_up_from_a_date_that_is_no_occurrence_starts_at_the_next_one() -> None:
    schedule = monthly(15, date(2026, 1, 1))
    assert list(occurrences_until(schedule, date(2026, 1, 16), date(2026, 3, 1))) == [
        date(2026, 2, 15)
    ]


def test_catch_up_is_lazy() -> None:
    endless = occurrences_until(monthly(1, date(2026, 1, 1)), date(2026, 1, 1), date.max)
    assert list(islice(endless, 3)) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


# --- properties ------------------------------------------------------------------------------


@st.composite
def schedules(draw: st.DrawFn, latest_start: date = date(2100, 12, 31)) -> Schedule:
    start = draw(st.dates(min_value=date(1990, 1, 1), max_value=latest_start))
    end = draw(st.none() | st.integers(0, 4000).map(lambda days: start + timedelta(days=days)))
    return Schedule(
        start_date=start,
        day_of_month=draw(st.integers(1, MAX_DAY_OF_MONTH)),
        month=draw(st.none() | st.integers(1, 12)),
        end_date=end,
    )


DATES = st.dates(min_value=date(1985, 1, 1), max_value=date(2110, 12, 31))


@given(schedules(), DATES)
def test_upcoming_dates_fall_on_the_schedule(schedule: Schedule, from_date: date) -> None:
    dates = upcoming(schedule, 30, from_date)
    assert dates == sorted(set(dates))
    for day in dates:
        assert is_occurrence(schedule, day)
        assert day >= from_date


@given(schedules(), DATES)
def test_upcoming_equals_iterating_next_after(schedule: Schedule, from_date: date) -> None:
    expected: list[date] = []
    current = first_on_or_after(schedule, from_date)
    while current is not None and len(expected) < 20:
        expected.append(current)
        current = next_after(schedule, current)
    assert upcoming(schedule, 20, from_date) == expected


@given(schedules(), DATES)
def test_first_on_or_after_is_the_earliest_occurrence(schedule: Schedule, day: date) -> None:
    found = first_on_or_after(schedule, day)
    start = max(day, schedule.start_date)
    if found is None:
        assert reference(schedule, 1, start, 367) == []
    else:
        assert is_occurrence(schedule, found)
        assert found >= start
        assert reference(schedule, 1, start, (found - start).days + 1) == [found]
    assert (found == day) == is_occurrence(schedule, day)


@given(schedules(), DATES)
def test_next_after_is_later_and_skips_nothing(schedule: Schedule, day: date) -> None:
    found = next_after(schedule, day)
    assert found == first_on_or_after(schedule, day + DAY)
    if found is not None:
        assert found > day
        assert found >= schedule.start_date
        between = reference(schedule, 1, day + DAY, (found - day).days - 1)
        assert between == []


@given(schedules())
def test_gaps_are_one_month_or_one_year(schedule: Schedule) -> None:
    dates = upcoming(schedule, 30)
    for earlier, later in pairwise(dates):
        gap = (later - earlier).days
        if schedule.month is None:
            assert 28 <= gap <= 31
            assert (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month) == 1
        else:
            assert gap in (365, 366)
            assert later.year == earlier.year + 1


@given(schedules())
def test_never_before_start_never_after_end(schedule: Schedule) -> None:
    dates = upcoming(schedule, 60)
    assert all(schedule.start_date <= d for d in dates)
    if schedule.end_date is not None:
        assert all(d <= schedule.end_date for d in dates)
        if len(dates) < 60:
            assert is_finished(schedule, next_after(schedule, dates[-1]) if dates else None)
    else:
        assert len(dates) == 60


@given(schedules(), DATES, st.integers(-40, 2500))
def test_catch_up_is_upcoming_cut_at_until(schedule: Schedule, next_date: date, days: int) -> None:
    until = next_date + timedelta(days=days)
    caught_up = list(occurrences_until(schedule, next_date, until))
    assert caught_up == [d for d in upcoming(schedule, 100, next_date) if d <= until]


@given(schedules(), DATES)
def test_notify_lands_in_the_future(schedule: Schedule, today: date) -> None:
    moved = next_in_future(schedule, today)
    assert not is_overdue(moved, today)
    assert moved is None or is_occurrence(schedule, moved)


# --- which day is today: time zones, midnight and daylight saving ----------------------------


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


def local_midnight_in_utc(day: date, timezone: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def run_worker(
    schedule: Schedule, ticks: Iterable[datetime], timezone: str
) -> list[tuple[date, datetime]]:
    """A worker waking at each tick, handling what is due and storing the next date."""
    next_date = first_occurrence(schedule)
    handled: list[tuple[date, datetime]] = []
    for tick in ticks:
        for due in due_dates(schedule, next_date, tick, timezone):
            handled.append((due, tick))
            next_date = next_after(schedule, due)
    return handled


def every(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    ticks = []
    while start <= end:
        ticks.append(start)
        start += step
    return ticks


def test_half_past_eleven_utc_is_already_tomorrow_in_amsterdam() -> None:
    assert local_date(utc(2026, 3, 28, 23, 30), AMSTERDAM) == date(2026, 3, 29)
    assert local_date(utc(2026, 3, 28, 22, 59, 59), AMSTERDAM) == date(2026, 3, 28)
    # Summer time: midnight in Amsterdam is 22:00 UTC.
    assert local_date(utc(2026, 7, 14, 22, 0), AMSTERDAM) == date(2026, 7, 15)
    assert local_date(utc(2026, 7, 14, 21, 59), AMSTERDAM) == date(2026, 7, 14)


def test_local_date_agrees_with_the_clock() -> None:
    instant = utc(2026, 3, 28, 23, 30)
    clock.set_clock(lambda: instant)
    try:
        assert clock.today_in(AMSTERDAM) == local_date(instant, AMSTERDAM) == date(2026, 3, 29)
        assert clock.today_in("UTC") == date(2026, 3, 28)
    finally:
        clock.set_clock(None)


def test_local_date_needs_an_aware_instant() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 3, 28, 23, 30), AMSTERDAM)  # noqa: DTZ001


def test_local_date_of_an_instant_in_another_offset() -> None:
    instant = datetime.fromisoformat("2026-03-29T04:30:00+05:00")
    assert local_date(instant, AMSTERDAM) == date(2026, 3, 29)
    assert local_date(instant, "America/New_York") == date(2026, 3, 28)


def test_due_at_local_midnight_not_at_utc_midnight() -> None:
    schedule = monthly(28, date(2026, 1, 1))
    winter = date(2026, 3, 28)
    assert due_dates(schedule, winter, utc(2026, 3, 27, 22, 59, 59), AMSTERDAM) == []
    assert due_dates(schedule, winter, utc(2026, 3, 27, 23, 0), AMSTERDAM) == [winter]
    assert due_dates(schedule, winter, utc(2026, 3, 27, 23, 30), "UTC") == []
    summer = date(2026, 6, 28)
    assert due_dates(schedule, summer, utc(2026, 6, 27, 21, 59, 59), AMSTERDAM) == []
    assert due_dates(schedule, summer, utc(2026, 6, 27, 22, 0), AMSTERDAM) == [summer]
    assert due_dates(schedule, None, utc(2026, 6, 27, 22, 0), AMSTERDAM) == []


def test_due_dates_catch_up_after_downtime() -> None:
    schedule = monthly(1, date(2026, 1, 1))
    assert due_dates(schedule, date(2026, 1, 1), utc(2026, 3, 31, 22, 0), AMSTERDAM) == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]


@pytest.mark.parametrize(
    ("day", "due_at"),
    [
        # Spring forward on Sunday 29 March 2026 (02:00 CET -> 03:00 CEST). Day 29 cannot be
        # scheduled, so the days around it, and 28 March 2027, when the change falls on a 28th.
        (date(2026, 3, 27), utc(2026, 3, 26, 23, 0)),
        (date(2026, 3, 28), utc(2026, 3, 27, 23, 0)),
        (date(2026, 4, 1), utc(2026, 3, 31, 22, 0)),
        (date(2027, 3, 28), utc(2027, 3, 27, 23, 0)),
        # Fall back on Sunday 25 October 2026 (03:00 CEST -> 02:00 CET).
        (date(2026, 10, 24), utc(2026, 10, 23, 22, 0)),
        (date(2026, 10, 25), utc(2026, 10, 24, 22, 0)),
        (date(2026, 10, 26), utc(2026, 10, 25, 23, 0)),
    ],
)
@pytest.mark.parametrize("step_minutes", [1, 7, 60])
def test_worker_across_daylight_saving_handles_each_date_once_at_local_midnight(
    day: date, due_at: datetime, step_minutes: int
) -> None:
    assert local_midnight_in_utc(day, AMSTERDAM) == due_at
    schedule = yearly(day.month, day.day, date(day.year, 1, 1))
    step = timedelta(minutes=step_minutes)
    ticks = every(due_at - timedelta(days=2), due_at + timedelta(days=2), step)
    handled = run_worker(schedule, ticks, AMSTERDAM)
    assert [d for d, _ in handled] == [day]
    handled_at = handled[0][1]
    assert due_at <= handled_at < due_at + step


def test_the_repeated_hour_in_october_runs_nothing_twice() -> None:
    # 00:30 and 01:30 UTC are both 02:30 in Amsterdam on 25 October 2026.
    first, second = utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)
    amsterdam = ZoneInfo(AMSTERDAM)
    assert first.astimezone(amsterdam).replace(tzinfo=None) == second.astimezone(amsterdam).replace(
        tzinfo=None
    )
    schedule = monthly(25, date(2026, 10, 1))
    handled = run_worker(schedule, [first, second, utc(2026, 10, 25, 2, 30)], AMSTERDAM)
    assert handled == [(date(2026, 10, 25), first)]


def test_the_missing_hour_in_march_runs_nothing_twice() -> None:
    # 00:59 UTC is 01:59 CET and 01:00 UTC is 03:00 CEST on 28 March 2027: the clock jumps, the
    # date does not.
    schedule = monthly(28, date(2027, 3, 1))
    ticks = [utc(2027, 3, 28, 0, 59), utc(2027, 3, 28, 1, 0), utc(2027, 3, 28, 21, 59)]
    assert run_worker(schedule, ticks, AMSTERDAM) == [(date(2027, 3, 28), ticks[0])]


def test_monthly_through_both_changes_of_2026() -> None:
    schedule = monthly(28, date(2026, 3, 1))
    ticks = every(utc(2026, 3, 1), utc(2026, 11, 30), timedelta(minutes=30))
    handled = run_worker(schedule, ticks, AMSTERDAM)
    assert handled == [
        (date(2026, month, 28), local_midnight_in_utc(date(2026, month, 28), AMSTERDAM))
        for month in range(3, 12)
    ]
    # Winter months due at 23:00 UTC the evening before, summer months at 22:00 UTC.
    assert [tick.hour for _, tick in handled] == [23, 22, 22, 22, 22, 22, 22, 23, 23]


ZONES = [
    AMSTERDAM,
    "UTC",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
YEAR_START = utc(2026, 1, 1)


@given(
    schedules(latest_start=date(2026, 12, 31)),
    st.lists(st.integers(0, 366 * 24 * 60), min_size=1, max_size=60),
    st.sampled_from(ZONES),
)
def test_worker_handles_every_occurrence_once_at_its_first_chance(
    schedule: Schedule, minutes: list[int], timezone: str
) -> None:
    ticks = [YEAR_START + timedelta(minutes=m) for m in sorted(minutes)]
    handled = run_worker(schedule, ticks, timezone)
    today = local_date(ticks[-1], timezone)
    expected = list(occurrences_until(schedule, date.min, today))
    assert [d for d, _ in handled] == expected
    for day, tick in handled:
        # Due on its own local day or later, never at a tick before that day began there.
        first_chance = next(t for t in ticks if local_date(t, timezone) >= day)
        assert tick == first_chance
