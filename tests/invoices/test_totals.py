"""Totals are exact: properties over random lines, and a lossless database round trip."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.invoices.totals import RATES, compute, line_amount, normalize_rate
from tests.support.factories import create_customer

quantities = st.decimals(
    min_value=0, max_value=10_000, places=4, allow_nan=False, allow_infinity=False
)
prices = st.decimals(
    min_value=-10_000, max_value=100_000, places=4, allow_nan=False, allow_infinity=False
)
lines = st.lists(st.tuples(quantities, prices, st.sampled_from(RATES)), max_size=40)


def half_up_cents(value: Fraction) -> Decimal:
    """Independent rounding: exact rational arithmetic, then half away from zero."""
    sign = -1 if value < 0 else 1
    cents = abs(value) * 100
    whole = int(cents)
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(sign * whole) / 100


@given(lines)
def test_total_is_subtotal_plus_vat_and_each_vat_is_rounded_base(
    rows: list[tuple[Decimal, Decimal, str]],
) -> None:
    amounts = [(line_amount(q, p), r) for q, p, r in rows]
    totals = compute(amounts)
    assert totals.total == totals.subtotal + sum((v.amount for v in totals.vat), Decimal(0))
    assert totals.subtotal == sum((a for a, _ in amounts), Decimal(0))
    assert sorted(v.rate for v in totals.vat) == sorted({r for _, r in amounts})
    for vat in totals.vat:
        base = sum((a for a, r in amounts if r == vat.rate), Decimal(0))
        assert vat.base == base
        # Every code that is not a percentage is a zero-VAT treatment.
        percent = Fraction(vat.rate) if vat.rate.isdigit() else 0
        assert vat.amount == half_up_cents(Fraction(base) * percent / 100)
    for (q, p, _), (amount, _) in zip(rows, amounts, strict=True):
        assert amount == half_up_cents(Fraction(q) * Fraction(p))
        assert amount == amount.quantize(Decimal("0.01"))


@given(
    st.sampled_from(
        ["21", "21.0", "21.00", " 21 ", "21%", "9", "9.0", "0", "0.0", "reverse_charge", "verlegd"]
    )
)
def test_rate_spellings_normalise(rate: str) -> None:
    assert normalize_rate(rate) in RATES


def test_half_up_not_bankers_rounding() -> None:
    assert line_amount(Decimal("1"), Decimal("0.125")) == Decimal("0.13")
    assert line_amount(Decimal("1"), Decimal("0.135")) == Decimal("0.14")
    assert line_amount(Decimal("1"), Decimal("-0.125")) == Decimal("-0.13")
    assert compute([(Decimal("0.50"), "9")]).vat[0].amount == Decimal("0.05")  # 0.045 -> 0.05


db_lines = st.lists(
    st.tuples(
        # Up to 8 lines of at most 10^12 each stay below the 10^13 total the API accepts.
        st.decimals(min_value=0, max_value=9_999, places=4, allow_nan=False, allow_infinity=False),
        st.decimals(
            min_value=-99_999_999,
            max_value=99_999_999,
            places=4,
            allow_nan=False,
            allow_infinity=False,
        ),
        st.sampled_from(RATES),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.anyio
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=db_lines)
async def test_nothing_is_lost_on_a_database_round_trip(
    client: httpx.AsyncClient, rows: list[tuple[Decimal, Decimal, str]]
) -> None:
    customer = await create_customer(client)
    body = {
        "customer_id": customer["id"],
        "lines": [
            {"description": f"r{i}", "quantity": str(q), "unit_price": str(p), "vat_rate": r}
            for i, (q, p, r) in enumerate(rows)
        ],
    }
    created = await client.post("/v1/invoices", json=body)
    assert created.status_code == 201, created.text
    stored = (await client.get(f"/v1/invoices/{created.json()['id']}")).json()
    for (q, p, r), line in zip(rows, stored["lines"], strict=True):
        assert Decimal(line["quantity"]) == q
        assert Decimal(line["unit_price"]) == p
        assert line["vat_rate"] == r
        assert Decimal(line["amount"]) == (q * p).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    expected = compute([(line_amount(q, p), r) for q, p, r in rows])
    assert Decimal(stored["totals"]["total"]) == expected.total
    assert Decimal(stored["totals"]["subtotal"]) == expected.subtotal
    assert stored == created.json()
