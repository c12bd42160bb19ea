"""Wakes the workers when work was committed (a queued mail, a webhook event), so they look at
once instead of at their next poll.

Services call `await work_added(session)` where they write work for the worker. This process's
worker is told after the commit; on PostgreSQL the transaction also sends `NOTIFY`, which
PostgreSQL delivers only if and when it commits, to every worker process that listens (see
`Worker`). A wake-up is only a hint: a missed one delays work by at most a poll interval.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app import db

CHANNEL = "invoicer_work"
_NOTIFY = text(f"NOTIFY {CHANNEL}")
_SENT = "wakeup_sent"  # session.info flag: once per transaction

_subscribers: list[Callable[[], None]] = []


def subscribe(callback: Callable[[], None]) -> Callable[[], None]:
    """Call `callback` after every commit in this process that wrote work; returns the
    unsubscribe function."""
    _subscribers.append(callback)
    return lambda: _subscribers.remove(callback)


async def work_added(session: AsyncSession) -> None:
    """Wake the workers once this session's transaction has committed (once, however often
    the transaction asks)."""
    if session.info.get(_SENT):
        return
    session.info[_SENT] = True
    db.on_commit(session, _notify)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(_NOTIFY)


def _notify() -> None:
    for callback in list(_subscribers):
        callback()
