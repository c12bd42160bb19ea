"""The one clock. Tests replace it with `set_clock` to pin "now"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Aware UTC timestamp."""
    return _clock()


def today_in(timezone: str) -> date:
    """Today's date in an IANA time zone (every "today" of an administration)."""
    return now().astimezone(ZoneInfo(timezone)).date()


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Pin the clock (tests); `None` restores the real one."""
    global _clock
    _clock = clock if clock is not None else (lambda: datetime.now(UTC))
