"""The Dutch rules on late payment (app/reminders/law.py) against hand-computed figures and an
independent oracle: the WIK scale, VAT on the costs, the 14-day letter's deadline, statutory
interest from the dated table, and the letter's legal text in both languages."""

from __future__ import annotations

import itertools
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
    InterestClaim,
    RateUnknown,
    collection_costs,
    collection_costs_claim,
    collection_costs_for_claims,
    earliest_costs_date,
    equated_days,
    is_consumer,
    is_working_day,
    letter_texts,
    payment_deadline,
    public_holidays,
    rate_on,
    received_on,
    six_months_before,
    small_claim_costs,
    statutory_interest,
    statutory_interest_claim,
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
        (date(2026, 3, 20), date(2026, 4, 7)),  # Good Friday 3 April, Easter Monday -> Tuesday 7
        (date(2026, 4, 20), date(2026, 5, 6)),  # Monday 4 May (bridge day), 5 May -> Wednesday 6
        (date(2026, 4, 30), date(2026, 5, 18)),  # Thursday 14 May (Ascension) + bridge Friday
        (date(2025, 12, 19), date(2026, 1, 5)),  # New Year's Day Thursday, bridge Friday 2 Jan
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
        (date(2026, 12, 3), date(2026, 12, 8), date(2026, 12, 22)),  # Thu -> Fri, (Mon) Tue
        (date(2026, 12, 4), date(2026, 12, 9), date(2026, 12, 23)),  # Fri -> Tue, Wed
        (date(2026, 12, 5), date(2026, 12, 9), date(2026, 12, 23)),  # Sat -> Tue, Wed
        (date(2026, 12, 23), date(2026, 12, 29), date(2027, 1, 12)),  # Christmas: Thu 24, Tue 29
        # 1 May is no holiday; Monday 4 May a bridge day, 5 May a holiday
        (date(2026, 4, 30), date(2026, 5, 6), date(2026, 5, 20)),
    ],
)
def test_by_post_the_letter_is_taken_to_arrive_on_the_second_delivery_day(
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
    # The longest run of days off: a weekend, 5 May, a bridge day and Ascension (Atw, 9 days).
    assert 14 <= (deadline - received).days <= 14 + 9
    assert is_working_day(deadline)
    assert deadline.weekday() < 5
    assert deadline not in public_holidays(deadline.year)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {"01-01", "04-03", "04-06", "04-27", "05-05", "05-14", "05-25", "12-25", "12-26"},
        ),
        # 27 April 2025 is a Sunday: King's Day on Saturday 26 April.
        (
            2025,
            {"01-01", "04-18", "04-21", "04-26", "05-05", "05-29", "06-09", "12-25", "12-26"},
        ),
        (
            2024,
            {"01-01", "03-29", "04-01", "04-27", "05-05", "05-09", "05-20", "12-25", "12-26"},
        ),
    ],
)
def test_the_holidays_of_the_algemene_termijnenwet(year: int, expected: set[str]) -> None:
    assert {day.strftime("%m-%d") for day in public_holidays(year)} == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # New Year's Day on a Thursday, 5 May on a Tuesday, the Friday after Ascension.
        (2026, {date(2026, 1, 2), date(2026, 5, 4), date(2026, 5, 15)}),
        (2025, {date(2025, 5, 30)}),
        # Christmas Day 2029 on a Tuesday, and New Year's Day 2030 too: Monday 31 December.
        (2029, {date(2029, 5, 11), date(2029, 12, 24), date(2029, 12, 31)}),
    ],
)
def test_the_usual_bridge_days_are_treated_as_holidays(year: int, expected: set[date]) -> None:
    assert equated_days(year) == expected
    for day in expected:
        assert not is_working_day(day)


def test_ascension_on_seven_may_also_takes_six_may() -> None:
    years = [y for y in range(2000, 2100) if law.easter_sunday(y) + timedelta(39) == date(y, 5, 7)]
    assert years == [2043, 2054, 2065]
    year = years[0]
    assert date(year, 5, 6) in equated_days(year)
    assert date(year, 5, 8) in equated_days(year)


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
        (date(2025, 12, 31), False, "6"),
        (date(2020, 1, 1), True, "8"),
        (date(2022, 12, 31), True, "8"),
        (date(2023, 1, 1), True, "10.5"),
        (date(2023, 7, 1), True, "12"),
        (date(2024, 1, 1), True, "12.5"),
        (date(2024, 7, 1), True, "12.25"),
        (date(2025, 1, 1), True, "11.15"),
        (date(2025, 6, 30), True, "11.15"),
        (date(2025, 7, 1), True, "10.15"),
        (date(2026, 6, 30), True, "10.15"),
    ],
)
def test_the_rate_table_changes_on_its_dates(day: date, commercial: bool, percent: str) -> None:
    rate = rate_on(day, commercial=commercial)
    assert rate.percent == D(percent)
    assert rate.source


def test_the_commercial_table_lists_every_half_year() -> None:
    starts = [rate.start for rate in law.COMMERCIAL_RATES]
    assert starts == sorted(starts)
    for earlier, later in itertools.pairwise(starts):
        assert (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month) == 6
        assert later.day == 1
    last = starts[-1]
    next_half_year = date(last.year + last.month // 7, 1 if last.month == 7 else 7, 1)
    assert law.COMMERCIAL_RATES_KNOWN_THROUGH == next_half_year - timedelta(days=1)


@pytest.mark.parametrize("commercial", [False, True])
def test_the_rate_table_refuses_days_it_does_not_cover(commercial: bool) -> None:
    with pytest.raises(RateUnknown):
        rate_on(date(2019, 12, 31), commercial=commercial)
    through = law.rates_known_through(commercial=commercial)
    rate_on(through, commercial=commercial)
    with pytest.raises(RateUnknown):
        rate_on(through + timedelta(days=1), commercial=commercial)


def test_interest_within_one_rate() -> None:
    # 1,000 at 2% for 1 March .. 8 June 2021 inclusive: 100 days -> 1000 * 0.02 * 100 / 365 = 5.479
    assert statutory_interest(D("1000"), date(2021, 3, 1), date(2021, 6, 8), commercial=False) == D(
        "5.48"
    )
    # One day: 1000 * 0.02 / 365 = 0.0548
    assert statutory_interest(D("1000"), date(2021, 3, 1), date(2021, 3, 1), commercial=False) == D(
        "0.05"
    )
    # The day before the first day: nothing yet.
    assert statutory_interest(
        D("1000"), date(2021, 3, 1), date(2021, 2, 28), commercial=False
    ) == D("0.00")


def test_interest_across_a_rate_change() -> None:
    # 10,000 from 1 June through 31 July 2023: 30 days at 4% + 31 days at 6%
    # = 10000 * (0.04 * 30 + 0.06 * 31) / 365 = 32.877 + 50.959 = 83.84
    assert statutory_interest(
        D("10000"), date(2023, 6, 1), date(2023, 7, 31), commercial=False
    ) == D("83.84")
    # commercial: 30 days at 10.5% + 31 at 12% = 86.301 + 101.918 = 188.22
    assert statutory_interest(
        D("10000"), date(2023, 6, 1), date(2023, 7, 31), commercial=True
    ) == D("188.22")


def test_interest_compounds_after_each_full_year() -> None:
    # Year 1 (2023): 181 days at 10.5% + 184 at 12% = 52.068 + 60.493 = 112.56, added to 1,000.
    # Year 2 (2024, leap): on 1,112.56: 182 days at 12.5% + 184 at 12.25%
    # = 69.345 + 68.706 = 138.05. Total 250.61 (without compounding: 236.74).
    assert statutory_interest(
        D("1000"), date(2023, 1, 1), date(2024, 12, 31), commercial=True
    ) == D("250.61")
    # Consumer, 2% over 2020 (366 days) = 20.05, added; 2021 on 1,020.05 = 20.40; total 40.45.
    assert statutory_interest(
        D("1000"), date(2020, 1, 1), date(2021, 12, 31), commercial=False
    ) == D("40.45")
    # schuldinfo.nl's worked example of the yearly addition: 1,000 at 2% from 1 September 2016,
    # 20.00 in the first year, then 2% of 1,020 for 122 days = 6.82. Our table starts in 2020,
    # so the same figures one could check four years later: 1 September 2020 .. 31 December 2021.
    assert statutory_interest(
        D("1000"), date(2020, 9, 1), date(2021, 12, 31), commercial=False
    ) == D("26.82")


def test_interest_refuses_reversed_dates_and_unknown_days() -> None:
    with pytest.raises(ValueError, match="before"):
        statutory_interest(D("10"), date(2024, 2, 1), date(2024, 1, 30), commercial=False)
    with pytest.raises(RateUnknown):
        statutory_interest(D("10"), date(2019, 6, 1), date(2020, 6, 1), commercial=False)
    with pytest.raises(RateUnknown):
        statutory_interest(D("10"), date(2026, 6, 1), date(2026, 12, 4), commercial=True)


def test_an_interest_claim_stops_at_the_last_known_day() -> None:
    claim = statutory_interest_claim(
        D("1000"), date(2026, 6, 1), date(2026, 12, 4), commercial=True
    )
    # 30 days at 10.15%: 1000 * 0.1015 * 30 / 365 = 8.342
    assert claim == InterestClaim(D("8.34"), date(2026, 6, 1), date(2026, 6, 30))
    within = statutory_interest_claim(
        D("1000"), date(2026, 6, 1), date(2026, 6, 10), commercial=True
    )
    assert within == InterestClaim(D("2.78"), date(2026, 6, 1), date(2026, 6, 10))
    assert (
        statutory_interest_claim(D("1000"), date(2026, 7, 1), date(2026, 12, 4), commercial=True)
        is None
    )
    assert (
        statutory_interest_claim(D("1000"), date(2019, 7, 1), date(2026, 1, 4), commercial=True)
        is None
    )


# --- several claims, and small recurring claims ---------------------------------------------------


def test_one_letter_for_several_claims_charges_the_scale_over_their_sum() -> None:
    assert collection_costs_for_claims([D("20"), D("20"), D("20")]) == D("40.00")  # not 3 x 40
    assert collection_costs_for_claims([D("2000"), D("1000")]) == D("425.00")  # not 300 + 150
    assert collection_costs_for_claims([D("1000")]) == collection_costs(D("1000"))
    with pytest.raises(ValueError, match="at least one"):
        collection_costs_for_claims([])
    with pytest.raises(ValueError, match="principal"):
        collection_costs_for_claims([D("10"), D("-5")])


@given(st.lists(amounts, min_size=1, max_size=6))
def test_one_letter_never_costs_more_than_separate_letters(principals: list[Decimal]) -> None:
    separate = sum((collection_costs(p) for p in principals), D(0))
    assert collection_costs_for_claims(principals) <= separate + D("0.01")


@pytest.mark.parametrize(
    ("principal", "charged", "costs"),
    [
        (D("20"), D("0"), D("40.00")),  # the first small claim in six months: the minimum
        (D("20"), D("40.00"), D("0.00")),  # a second one within six months: nothing more
        (D("20"), D("15.00"), D("25.00")),  # what is left of the EUR 40
        (D("266.66"), D("40.00"), D("0.00")),
        (D("266.67"), D("40.00"), D("40.00")),  # not a small claim: the scale
        (D("1000"), D("40.00"), D("150.00")),
    ],
)
def test_small_recurring_claims_share_forty_euro_per_six_months(
    principal: Decimal, charged: Decimal, costs: Decimal
) -> None:
    assert small_claim_costs(principal, charged_in_window=charged) == costs


def test_small_claim_costs_refuse_a_negative_history() -> None:
    with pytest.raises(ValueError, match="charged_in_window"):
        small_claim_costs(D("20"), charged_in_window=D("-1"))


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (date(2026, 12, 4), date(2026, 6, 4)),
        (date(2026, 3, 15), date(2025, 9, 15)),
        (date(2026, 8, 31), date(2026, 2, 28)),
        (date(2024, 8, 31), date(2024, 2, 29)),
        (date(2026, 6, 30), date(2025, 12, 30)),
    ],
)
def test_six_months_before(day: date, before: date) -> None:
    assert six_months_before(day) == before


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
    assert "9 December 2026" in joined  # received on the second delivery day after Friday
    assert "23 December 2026" in joined
    assert "€140.00" in joined
