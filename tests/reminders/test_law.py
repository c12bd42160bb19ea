"""The Dutch rules on late payment (app/reminders/law.py) against hand-computed figures and an
independent oracle: the WIK scale, VAT on the costs, the 14-day letter's deadline, statutory
interest from the dated table, and the letter's legal text in both languages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import render
from app.reminders import law
from app.reminders.law import (
    FIXED_B2B_COMPENSATION,
    CollectionCosts,
    RateUnknown,
    collection_costs,
    collection_costs_claim,
    earliest_costs_date,
    is_consumer,
    letter_texts,
    payment_deadline,
    public_holidays,
    rate_on,
    received_on,
    statutory_interest,
)

D = Decimal


# --- the scale ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "costs"),
    [
        ("0.01", "40.00"),  # minimum
        ("100", "40.00"),  # 15.00 -> minimum
        ("266.66", "40.00"),  # 39.999 rounds to 40.00
        ("266.67", "40.00"),  # 40.0005 -> 40.00
        ("266.70", "40.01"),  # first amount above the minimum (40.005 rounds half-up)
        ("300", "45.00"),
        ("2500", "375.00"),  # 15% of 2,500
        ("3000", "425.00"),  # 375 + 10% of 500
        ("5000", "625.00"),  # 375 + 250
        ("7500", "750.00"),  # 625 + 5% of 2,500
        ("10000", "875.00"),  # 625 + 250
        ("10000.01", "875.00"),  # + 1% of a cent
        ("20000", "975.00"),  # 875 + 1% of 10,000
        ("200000", "2775.00"),  # 875 + 1,900
        ("500000", "4275.00"),  # 2,775 + 0.5% of 300,000
        ("1000000", "6775.00"),  # 2,775 + 4,000: exactly the maximum
        ("1000000.01", "6775.00"),
        ("5000000", "6775.00"),  # cap
        ("1234.56", "185.18"),  # 185.184
        ("2500.10", "375.01"),  # 375 + 0.01
    ],
)
def test_the_scale_at_hand_computed_amounts(principal: str, costs: str) -> None:
    assert collection_costs(D(principal)) == D(costs)


def _oracle(principal: Decimal) -> Decimal:
    """Art. 2 of the decree as written, with exact fractions and an explicit bracket table."""
    p = Fraction(principal)
    brackets = [
        (Fraction(0), Fraction(2500), Fraction(15, 100)),
        (Fraction(2500), Fraction(5000), Fraction(10, 100)),
        (Fraction(5000), Fraction(10000), Fraction(5, 100)),
        (Fraction(10000), Fraction(200000), Fraction(1, 100)),
        (Fraction(200000), p if p > 200000 else Fraction(200000), Fraction(5, 1000)),
    ]
    exact = sum((max(Fraction(0), min(p, hi) - lo) * pct for lo, hi, pct in brackets), Fraction(0))
    cents = exact * 100
    whole, rest = divmod(cents, 1)
    rounded = Fraction(whole + (1 if rest >= Fraction(1, 2) else 0), 100)
    bounded = min(max(rounded, Fraction(40)), Fraction(6775))
    return D(bounded.numerator) / D(bounded.denominator)


amounts = st.decimals(min_value=D("0.01"), max_value=D("3000000"), places=2)


@given(amounts)
def test_the_scale_matches_an_independent_oracle(principal: Decimal) -> None:
    assert collection_costs(principal) == _oracle(principal)


@given(amounts, amounts)
def test_the_scale_is_monotonic_and_bounded(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert collection_costs(low) <= collection_costs(high)
    assert D("40.00") <= collection_costs(high) <= D("6775.00")
    assert collection_costs(low).as_tuple().exponent == -2


@pytest.mark.parametrize("bad", [D(0), D("-10"), D("NaN"), D("Infinity")])
def test_the_scale_refuses_a_principal_that_is_no_claim(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="principal"):
        collection_costs(bad)


def test_vat_is_added_only_when_the_creditor_cannot_deduct_it() -> None:
    deducts = collection_costs_claim(D("1000"), creditor_deducts_vat=True)
    assert deducts == CollectionCosts(D("150.00"), D("0.00"), D("150.00"))
    assert not deducts.vat_added
    cannot = collection_costs_claim(D("1000"), creditor_deducts_vat=False)
    assert cannot == CollectionCosts(D("150.00"), D("31.50"), D("181.50"))
    assert cannot.vat_added
    minimum = collection_costs_claim(D("10"), creditor_deducts_vat=False)
    assert minimum == CollectionCosts(D("40.00"), D("8.40"), D("48.40"))
    cap = collection_costs_claim(D("2000000"), creditor_deducts_vat=False)
    assert cap == CollectionCosts(D("6775.00"), D("1422.75"), D("8197.75"))
    nine = collection_costs_claim(D("1234.56"), creditor_deducts_vat=False, vat_rate=D("9"))
    assert nine == CollectionCosts(D("185.18"), D("16.67"), D("201.85"))
    with pytest.raises(ValueError, match="vat_rate"):
        collection_costs_claim(D("100"), creditor_deducts_vat=False, vat_rate=D("-1"))


@pytest.mark.parametrize(
    ("vat", "kvk", "consumer"),
    [
        (None, None, True),
        ("", "  ", True),
        ("NL123456789B01", None, False),
        (None, "12345678", False),
        ("NL123456789B01", "12345678", False),
    ],
)
def test_a_consumer_is_a_buyer_without_vat_or_kvk_number(
    vat: str | None, kvk: str | None, consumer: bool
) -> None:
    assert is_consumer(vat, kvk) is consumer


def test_the_fixed_business_compensation_is_forty_euro() -> None:
    assert D("40.00") == FIXED_B2B_COMPENSATION


# --- the 14-day term ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "deadline"),
    [
        (date(2026, 12, 1), date(2026, 12, 15)),  # Tuesday -> Tuesday two weeks later
        (date(2026, 1, 20), date(2026, 2, 3)),  # across a month end
        (date(2024, 2, 20), date(2024, 3, 5)),  # leap year: through 29 February
        (date(2025, 2, 20), date(2025, 3, 6)),  # no 29 February
        (date(2026, 12, 19), date(2027, 1, 4)),  # Saturday 2 January -> Monday 4 January
        (date(2026, 12, 12), date(2026, 12, 28)),  # Saturday 26 Dec (holiday) -> Monday 28
        (date(2026, 12, 11), date(2026, 12, 28)),  # Friday 25 December -> Monday 28 (26 is Sat)
        (date(2026, 3, 23), date(2026, 4, 7)),  # Easter Monday 6 April 2026 -> Tuesday 7
        (date(2026, 4, 13), date(2026, 4, 28)),  # Monday 27 April (King's Day) -> Tuesday 28
        (date(2026, 4, 21), date(2026, 5, 6)),  # Tuesday 5 May (Liberation Day) -> Wednesday 6
    ],
)
def test_by_email_the_term_ends_fourteen_days_after_sending(letter: date, deadline: date) -> None:
    assert received_on(letter, by_post=False) == letter
    assert payment_deadline(letter, by_post=False) == deadline
    assert earliest_costs_date(letter, by_post=False) == deadline + timedelta(days=1)


@pytest.mark.parametrize(
    ("letter", "received", "deadline"),
    [
        (date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 17)),  # Tue -> Thu
        (date(2026, 12, 3), date(2026, 12, 7), date(2026, 12, 21)),  # Thu -> Mon
        (date(2026, 12, 4), date(2026, 12, 8), date(2026, 12, 22)),  # Fri -> Tue
        (date(2026, 12, 23), date(2026, 12, 28), date(2027, 1, 11)),  # Christmas: Wed -> Mon
        (date(2026, 4, 30), date(2026, 5, 4), date(2026, 5, 18)),  # 1 May is no holiday
    ],
)
def test_by_post_the_letter_is_taken_to_arrive_on_the_second_working_day(
    letter: date, received: date, deadline: date
) -> None:
    assert received_on(letter, by_post=True) == received
    assert payment_deadline(letter, by_post=True) == deadline
    assert earliest_costs_date(letter, by_post=True) == deadline + timedelta(days=1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_the_term_is_never_shorter_than_fourteen_days_after_receipt(
    letter: date, by_post: bool
) -> None:
    received = received_on(letter, by_post=by_post)
    deadline = payment_deadline(letter, by_post=by_post)
    assert received >= letter
    assert 14 <= (deadline - received).days <= 14 + 4  # at most Christmas + a weekend
    assert deadline.weekday() < 5
    assert deadline not in public_holidays(deadline.year)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {"01-01", "04-06", "04-27", "05-05", "05-14", "05-25", "12-25", "12-26"},
        ),
        # 27 April 2025 is a Sunday: King's Day on Saturday 26 April.
        (
            2025,
            {"01-01", "04-21", "04-26", "05-05", "05-29", "06-09", "12-25", "12-26"},
        ),
        (
            2024,
            {"01-01", "04-01", "04-27", "05-05", "05-09", "05-20", "12-25", "12-26"},
        ),
    ],
)
def test_the_holidays_of_the_algemene_termijnenwet(year: int, expected: set[str]) -> None:
    assert {day.strftime("%m-%d") for day in public_holidays(year)} == expected


# --- statutory interest -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "commercial", "percent"),
    [
        (date(2020, 1, 1), False, "2"),
        (date(2022, 12, 31), False, "2"),
        (date(2023, 1, 1), False, "4"),
        (date(2023, 6, 30), False, "4"),
        (date(2023, 7, 1), False, "6"),
        (date(2024, 1, 1), False, "7"),
        (date(2024, 12, 31), False, "7"),
        (date(2025, 1, 1), False, "6"),
        (date(2022, 12, 31), True, "8"),
        (date(2023, 1, 1), True, "10.5"),
        (date(2023, 7, 1), True, "12"),
        (date(2024, 1, 1), True, "12.5"),
        (date(2024, 7, 1), True, "12.25"),
        (date(2025, 1, 1), True, "11.15"),
    ],
)
def test_the_rate_table_changes_on_its_dates(day: date, commercial: bool, percent: str) -> None:
    rate = rate_on(day, commercial=commercial)
    assert rate.percent == D(percent)
    assert rate.source


@pytest.mark.parametrize("commercial", [False, True])
def test_the_rate_table_refuses_days_it_does_not_cover(commercial: bool) -> None:
    with pytest.raises(RateUnknown):
        rate_on(date(2019, 12, 31), commercial=commercial)
    if commercial:
        through = law.COMMERCIAL_RATES_KNOWN_THROUGH
    else:
        through = law.STATUTORY_RATES_KNOWN_THROUGH
    rate_on(through, commercial=commercial)
    with pytest.raises(RateUnknown):
        rate_on(through + timedelta(days=1), commercial=commercial)


def test_interest_within_one_rate() -> None:
    # 1,000 at 2% for 2021-03-01 .. 2021-06-09: 100 days -> 1000 * 0.02 * 100 / 365 = 5.479
    assert statutory_interest(D("1000"), date(2021, 3, 1), date(2021, 6, 9), commercial=False) == D(
        "5.48"
    )
    assert statutory_interest(D("1000"), date(2021, 3, 1), date(2021, 3, 1), commercial=False) == D(
        "0.00"
    )


def test_interest_across_a_rate_change() -> None:
    # 10,000 from 2023-06-01 to 2023-08-01: 30 days at 4% + 31 days at 6%
    # = 10000 * (0.04 * 30 + 0.06 * 31) / 365 = 32.877 + 50.959 = 83.84
    assert statutory_interest(
        D("10000"), date(2023, 6, 1), date(2023, 8, 1), commercial=False
    ) == D("83.84")
    # commercial: 30 days at 10.5% + 31 at 12% = 86.301 + 101.918 = 188.22
    assert statutory_interest(D("10000"), date(2023, 6, 1), date(2023, 8, 1), commercial=True) == D(
        "188.22"
    )


def test_interest_compounds_after_each_full_year() -> None:
    # Year 1 (2023): 181 days at 10.5% + 184 at 12% = 52.068 + 60.493 = 112.56, added to 1,000.
    # Year 2 (2024, leap): on 1,112.56: 182 days at 12.5% + 184 at 12.25%
    # = 69.345 + 68.706 = 138.05. Total 250.61 (simple interest would be 1000 * ... = 236.74).
    assert statutory_interest(D("1000"), date(2023, 1, 1), date(2025, 1, 1), commercial=True) == D(
        "250.61"
    )
    # Consumer: 2020-01-01 .. 2022-01-01 at 2%: 20.00 + 2% of 1,020.00 for 366/365... 2021 has
    # 365 days: year 1 (2020, 366 days) = 20.05, year 2 on 1,020.05 = 20.40; total 40.45.
    assert statutory_interest(D("1000"), date(2020, 1, 1), date(2022, 1, 1), commercial=False) == D(
        "40.45"
    )


def test_interest_refuses_reversed_dates_and_unknown_days() -> None:
    with pytest.raises(ValueError, match="before"):
        statutory_interest(D("10"), date(2024, 2, 1), date(2024, 1, 1), commercial=False)
    with pytest.raises(RateUnknown):
        statutory_interest(D("10"), date(2019, 6, 1), date(2020, 6, 1), commercial=False)


# --- the letter's legal text --------------------------------------------------------------------


def test_the_letter_states_the_amount_the_vat_and_the_term_in_dutch() -> None:
    claim = collection_costs_claim(D("1000"), creditor_deducts_vat=False)
    texts = [
        render(text, "nl")
        for text in letter_texts(
            claim, principal=D("1000"), letter_date=date(2026, 12, 4), by_post=False, locale="nl"
        )
    ]
    joined = "\n".join(texts).replace("\xa0", " ")
    assert "binnen veertien dagen, te rekenen vanaf de dag nadat u deze brief heeft ontvangen" in (
        joined
    )
    assert "4 december 2026" in joined
    assert "18 december 2026" in joined
    assert "incassokosten verschuldigd van € 150,00" in joined
    assert "€ 31,50 btw" in joined
    assert "€ 1.181,50" in joined


def test_the_letter_says_no_vat_is_added_when_none_is() -> None:
    claim = collection_costs_claim(D("100"), creditor_deducts_vat=True)
    texts = letter_texts(
        claim, principal=D("100"), letter_date=date(2026, 12, 4), by_post=True, locale="en"
    )
    joined = "\n".join(render(text, "en") for text in texts)
    assert "No VAT is added to the collection costs." in joined
    assert "collection costs of €40.00" in joined
    assert "8 December 2026" in joined  # received on the second working day after Friday
    assert "22 December 2026" in joined
    assert "€140.00" in joined
