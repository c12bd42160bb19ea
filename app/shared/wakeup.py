"""Wakes this process's worker when work was committed (a queued mail, a webhook event), so it
looks at once instead of at its next poll. Workers in other processes still find the work at
their next poll.

Services call `on_commit(session)` where they write work for the worker; the worker subscribes
while it runs. A wake-up is only a hint: missing one delays work by at most a poll interval.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from app import db

_subscribers: list[Callable[[], None]] = []


def subscribe(callback: Callable[[], None]) -> Callable[[], None]:
    """Call `callback` after every commit that wrote work; returns the unsubscribe function."""
    _subscribers.append(callback)
    return lambda: _subscribers.remove(callback)


def on_commit(session: AsyncSession) -> None:
    """Wake the worker once this session's transaction has committed (once, however often
    the transaction asks)."""
    if _notify not in session.info.get("after_commit", ()):
        db.on_commit(session, _notify)


def _notify() -> None:
    for callback in list(_subscribers):
        callback()
