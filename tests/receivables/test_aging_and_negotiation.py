"""Pure parts of receivables: the aging buckets (day by day against their due-date ranges, which
the database groups by) and the choice between JSON and PDF by `Accept`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.http.negotiation import preferred
from app.receivables.aging import Bucket, bucket_of, cutoffs, days_overdue

JSON, PDF = "application/json", "application/pdf"


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-400, Bucket.not_due),
        (0, Bucket.not_due),
        (1, Bucket.overdue_1_30),
        (30, Bucket.overdue_1_30),
        (31, Bucket.overdue_31_60),
        (60, Bucket.overdue_31_60),
        (61, Bucket.overdue_61_90),
        (90, Bucket.overdue_61_90),
        (91, Bucket.overdue_over_90),
        (10_000, Bucket.overdue_over_90),
    ],
)
def test_the_bucket_edges(days: int, bucket: Bucket) -> None:
    assert bucket_of(days) is bucket


def test_days_overdue_count_from_the_day_after_the_due_date() -> None:
    assert days_overdue(date(2026, 12, 4), date(2026, 12, 4)) == 0
    assert days_overdue(date(2026, 12, 5), date(2026, 12, 4)) == 0
    assert days_overdue(date(2026, 12, 3), date(2026, 12, 4)) == 1
    assert days_overdue(date(2026, 2, 28), date(2026, 3, 1)) == 1  # over a month end


@given(
    as_of=st.dates(min_value=date(1971, 1, 1), max_value=date(2999, 1, 1)),
    offset=st.integers(min_value=-400, max_value=400),
)
def test_the_due_date_ranges_the_database_groups_by_give_the_same_bucket(
    as_of: date, offset: int
) -> None:
    due = as_of - timedelta(days=offset)
    ranges, rest = cutoffs(as_of)
    by_range = next((c.bucket for c in ranges if due >= c.due_on_or_after), rest)
    assert by_range is bucket_of(days_overdue(due, as_of))


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (PDF, PDF),
        ("application/PDF", PDF),
        ("application/pdf, application/json;q=0.5", PDF),
        ("application/pdf;q=0.5, application/json", JSON),
        ("*/*;q=0.1, application/pdf", PDF),  # the most specific range decides
        ("application/*, application/json;q=0", PDF),
        ("text/html, application/pdf;q=0.2", PDF),
        ("text/html", None),
        ("application/xml, text/*", None),
        ("application/pdf;q=0", None),
        ("application/pdf;q=abc", None),  # a malformed q-value is "not wanted"
        ("application/pdf;q=nan", None),
        ("application/pdf;q=2", None),
        ("garbage", None),
        (";;;,,,", None),
    ],
)
def test_accept_chooses_json_or_pdf_or_nothing(accept: str | None, chosen: str | None) -> None:
    assert preferred(accept, (JSON, PDF)) == chosen
