"""Request rate limits: requests per API key (a token bucket, per API process). The hourly
mail volume per administration is the mail service's (`app.mails.service.check_volume`)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from app.errors import TooManyRequests
from app.i18n import Message


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


def too_many(retry_after: float, detail: Message) -> TooManyRequests:
    return TooManyRequests(detail, headers={"Retry-After": str(max(1, math.ceil(retry_after)))})
