"""Rate limits: requests per API key (token bucket, per API process) and mails queued per
administration per hour (counted in the database, so it holds across processes)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.errors import TooManyRequests
from app.models import Mail


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class KeyLimiter:
    """A token bucket per key: `burst` requests at once, refilled at `per_minute`."""

    per_minute: int
    burst: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, key: str) -> float | None:
        """None when the request may go ahead; else the seconds until it may."""
        now = time.monotonic()
        rate = self.per_minute / 60
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) / rate


def too_many(retry_after: float, detail: str) -> TooManyRequests:
    return TooManyRequests(detail, headers={"Retry-After": str(max(1, math.ceil(retry_after)))})


async def check_mail_volume(
    session: AsyncSession, administration_id: str, limit: int, adding: int = 1
) -> None:
    """429 when queueing `adding` more mails would pass the administration's hourly limit."""
    since = clock.now() - timedelta(hours=1)
    rows = (
        await session.execute(
            select(func.count(Mail.id), func.min(Mail.queued_at)).where(
                Mail.administration_id == administration_id, Mail.queued_at >= since
            )
        )
    ).one()
    count, oldest = int(rows[0] or 0), rows[1]
    if count + adding > limit:
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)  # SQLite hands aggregates back naive
        wait = ((oldest + timedelta(hours=1)) - clock.now()).total_seconds() if oldest else 3600
        raise too_many(
            wait,
            f"This administration may queue {limit} mails per hour; try again later.",
        )
