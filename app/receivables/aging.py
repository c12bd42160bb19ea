"""Aging of receivables: which bucket an open item falls in on a given day. Pure.

An item is `d` days overdue on `as_of` when its due date lies `d` days before it (0 on the due
date itself and before it: not yet due). The buckets are those Dutch bookkeeping packages show
("ouderdomsanalyse"): not yet due, 1-30, 31-60, 61-90 and over 90 days overdue. The database
groups by the same buckets with a CASE over the due date (`cutoffs`), so a bucket is a range of
due dates and both sides agree by construction (tested against each other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Bucket(StrEnum):
    not_due = "not_due"
    overdue_1_30 = "overdue_1_30"
    overdue_31_60 = "overdue_31_60"
    overdue_61_90 = "overdue_61_90"
    overdue_over_90 = "overdue_over_90"


# The least number of days overdue of each bucket after the first, in order.
_FROM_DAYS = ((Bucket.overdue_1_30, 1), (Bucket.overdue_31_60, 31), (Bucket.overdue_61_90, 61))


def days_overdue(due_date: date, as_of: date) -> int:
    """Days past the due date on `as_of`; 0 when not yet due."""
    return max(0, (as_of - due_date).days)


def bucket_of(days: int) -> Bucket:
    if days <= 0:
        return Bucket.not_due
    if days <= 30:
        return Bucket.overdue_1_30
    if days <= 60:
        return Bucket.overdue_31_60
    if days <= 90:
        return Bucket.overdue_61_90
    return Bucket.overdue_over_90


@dataclass(frozen=True, slots=True)
class Cutoff:
    """Items whose due date is on or after `due_on_or_after` (and in no earlier cutoff) fall in
    `bucket`; the last bucket (over 90) takes the rest."""

    bucket: Bucket
    due_on_or_after: date


def cutoffs(as_of: date) -> tuple[tuple[Cutoff, ...], Bucket]:
    """The buckets as due-date ranges on `as_of`, newest first, and the bucket of the rest."""
    return (
        (
            Cutoff(Bucket.not_due, as_of),
            *(Cutoff(bucket, as_of - timedelta(days=days + 29)) for bucket, days in _FROM_DAYS),
        ),
        Bucket.overdue_over_90,
    )
