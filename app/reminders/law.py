"""Dutch law on late payment, as pure functions: what a reminder may charge, and from when.

No I/O and no clock: every function takes the dates and amounts it needs, so the reminder engine
(and the tests) decide what "today" is. The README section "Reminders and Dutch law" lists each
rule with its source; the comments here name the article a piece of code follows.

- Collection costs (buitengerechtelijke incassokosten): the scale of art. 2 of the Besluit
  vergoeding voor buitengerechtelijke incassokosten (Stb. 2012, 141), binding against a consumer
  (art. 6:96 lid 5 BW) and charged only after the 14-day letter (art. 6:96 lid 6 BW).
- The 14-day letter (veertiendagenbrief): the term starts the day after the debtor RECEIVES the
  letter (HR 25 november 2016, ECLI:NL:HR:2016:2704, Fa-Med).
- Statutory interest: wettelijke rente (art. 6:119 BW) and wettelijke handelsrente (art. 6:119a
  BW), from a dated table of rates, compounded per full year (art. 6:119 lid 2, 6:119a lid 3).
- The fixed EUR 40 compensation for a business debtor (art. 6:96 lid 4 BW).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from app.i18n import Text, t
from app.placeholders import format_long_date, format_money

CENT = Decimal("0.01")


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_amount(principal: Decimal) -> None:
    if not isinstance(principal, Decimal) or not principal.is_finite():
        raise ValueError(f"principal must be a finite Decimal, not {principal!r}")
    if principal <= 0:
        raise ValueError(f"principal must be positive, not {principal}")


# --- collection costs (Besluit vergoeding voor buitengerechtelijke incassokosten) -------------

# Art. 2 lid 1: (upper bound of the slice of the principal, percentage over that slice).
WIK_SCALE: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2500"), Decimal("15")),
    (Decimal("5000"), Decimal("10")),
    (Decimal("10000"), Decimal("5")),
    (Decimal("200000"), Decimal("1")),
    (None, Decimal("0.5")),
)
WIK_MINIMUM = Decimal("40.00")  # art. 2 lid 2: "bedraagt ten minste € 40"
WIK_MAXIMUM = Decimal("6775.00")  # art. 2 lid 1: "met een maximum van € 6775"


def collection_costs(principal: Decimal) -> Decimal:
    """The statutory collection costs over `principal` (the hoofdsom: what the debtor owes on
    the claim, interest not added), exclusive of VAT, in euro cents.

    Art. 2 of the decree: 15% over the first EUR 2,500 of the principal, 10% over the next
    2,500, 5% over the next 5,000, 1% over the next 190,000 and 0.5% over the rest, with a
    maximum of EUR 6,775 (lid 1) and a minimum of EUR 40 (lid 2). Both bounds apply to the total.
    The decree gives no rounding rule; the exact sum is rounded half-up to cents."""
    _check_amount(principal)
    total = Decimal(0)
    lower = Decimal(0)
    for upper, percentage in WIK_SCALE:
        top = principal if upper is None else min(principal, upper)
        if top > lower:
            total += (top - lower) * percentage / 100
        if upper is None or principal <= upper:
            break
        lower = upper
    return min(max(_cents(total), WIK_MINIMUM), WIK_MAXIMUM)


@dataclass(frozen=True, slots=True)
class CollectionCosts:
    """Collection costs as claimed: the scale amount, the VAT added to it (zero unless the
    creditor cannot deduct VAT) and their sum."""

    costs: Decimal
    vat: Decimal
    total: Decimal

    @property
    def vat_added(self) -> bool:
        return self.vat != 0


def collection_costs_claim(
    principal: Decimal, *, creditor_deducts_vat: bool, vat_rate: Decimal = Decimal("21")
) -> CollectionCosts:
    """The collection costs over `principal` with VAT where the decree allows it.

    Art. 2 lid 3 of the decree: the costs are increased by the general VAT rate (art. 9 lid 1
    Wet OB 1968, 21%) only when the creditor cannot deduct the VAT charged to him for the
    collection, and says so expressly (the 14-day letter states it: `letter_texts`). A creditor
    who deducts VAT (any VAT-registered business charging VAT on its invoices) adds none."""
    if not isinstance(vat_rate, Decimal) or not vat_rate.is_finite() or vat_rate < 0:
        raise ValueError(f"vat_rate must be a non-negative Decimal, not {vat_rate!r}")
    costs = collection_costs(principal)
    vat = Decimal("0.00") if creditor_deducts_vat else _cents(costs * vat_rate / 100)
    return CollectionCosts(costs=costs, vat=vat, total=costs + vat)


def collection_costs_for_claims(principals: Sequence[Decimal]) -> Decimal:
    """The collection costs when one 14-day letter covers several claims on the same debtor:
    the scale over the principals added up, not the scale per claim.

    That the principals are added up when one letter covers several claims is how the practice
    reads the rules (das.nl, schuldinfo.nl); its statutory basis was not confirmed. It never
    costs the debtor more than separate letters would (the scale is concave and its bounds
    are per letter), up to a cent of rounding."""
    if not principals:
        raise ValueError("a letter covers at least one claim")
    for principal in principals:
        _check_amount(principal)
    return collection_costs(sum(principals, Decimal(0)))


# Since 1 October 2024 the decree limits the stacking of collection costs on small recurring
# claims (Besluit kwaliteit incassodienstverlening, Stb. 2024, 44; Wet kwaliteit
# incassodienstverlening). The announcements speak of claims below EUR 266.67 (where the 15%
# reaches the EUR 40 minimum) and a look-back of six months; the article's text was not read.
SMALL_CLAIM_LIMIT = Decimal("266.67")
SMALL_CLAIMS_WINDOW_MONTHS = 6


def six_months_before(day: date) -> date:
    """The same day six months earlier (the month's last day when it has no such day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - SMALL_CLAIMS_WINDOW_MONTHS, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def small_claim_costs(principal: Decimal, *, charged_in_window: Decimal) -> Decimal:
    """The collection costs a consumer is charged for a claim below `SMALL_CLAIM_LIMIT`, given
    the costs already charged to the same consumer for such claims whose 14-day letters are
    dated in the six months before this one (`six_months_before`).

    The service caps those costs at EUR 40 per six months in all. Whatever the exact text of
    the 2024 rule, no reading found allows less: charging each small claim on its own was what
    the rule curbs, and the scale over the claims together, the highest amount for one claim,
    and the reported EUR 140 per six months are all at least EUR 40. Claims of
    `SMALL_CLAIM_LIMIT` and more get the scale (`collection_costs`)."""
    costs = collection_costs(principal)
    if principal >= SMALL_CLAIM_LIMIT:
        return costs
    if not isinstance(charged_in_window, Decimal) or charged_in_window < 0:
        raise ValueError(f"charged_in_window must be a non-negative Decimal: {charged_in_window!r}")
    return max(Decimal("0.00"), min(costs, WIK_MINIMUM - charged_in_window))


# --- who is a consumer --------------------------------------------------------------------------


def is_consumer(vat_number: str | None, kvk_number: str | None) -> bool:
    """Whether the buyer counts as a consumer for the 14-day letter and the binding scale.

    The law protects "een natuurlijk persoon die niet handelt in de uitoefening van een beroep of
    bedrijf" (art. 6:96 lid 6 BW). The service cannot see that; its proxy, as issue 17 defines
    it, is a buyer with neither a VAT number nor a KvK (Chamber of Commerce) number. Blank
    values count as missing. A self-employed buyer without either number is treated as a
    consumer: the safe side, since the consumer rules only add a letter and cap the costs."""
    return not (vat_number or "").strip() and not (kvk_number or "").strip()


# --- the 14-day letter and its deadline ---------------------------------------------------------

FOURTEEN_DAYS = 14  # art. 6:96 lid 6 BW: "binnen een termijn van veertien dagen"
POST_DELIVERY_DAYS = 2


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The generally recognised holidays of the Algemene termijnenwet in `year`: art. 3 lid 1
    (New Year's Day, Easter Monday, Whit Monday, Christmas Day and Boxing Day, Ascension Day,
    the day the King's birthday is celebrated and 5 May) and Good Friday, which art. 3 lid 2
    equates with them. King's Day is 27 April, or 26 April when the 27th is a Sunday. Easter
    Sunday and Whit Sunday are Sundays anyway."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter - timedelta(days=2),  # Good Friday (art. 3 lid 2)
            easter + timedelta(days=1),
            easter + timedelta(days=39),  # Ascension Day
            easter + timedelta(days=50),  # Whit Monday
            kings_day,
            date(year, 5, 5),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


@cache
def equated_days(year: int) -> frozenset[date]:
    """Bridge days in `year` that the service also treats as holidays.

    Art. 3 lid 3 Algemene termijnenwet lets the government equate further days with holidays,
    by a decree taken every few years. The decrees themselves were not read; the service
    follows the usual pattern they are described to have: the Friday after Ascension Day; the
    Monday before New Year's Day, King's Day, 5 May and Christmas Day when those fall on a
    Tuesday; the Friday after New Year's Day, King's Day, 5 May and Boxing Day when those fall on
    a Thursday; and 6 May when Ascension Day falls on 7 May. Treating a day as a holiday only
    ever makes the debtor's term longer, so a day too many is harmless and a day too few is
    not: the pattern errs on the long side."""
    days: set[date] = set()
    for holiday_year in (year, year + 1):
        easter = easter_sunday(holiday_year)
        ascension = easter + timedelta(days=39)
        days.add(ascension + timedelta(days=1))
        if ascension == date(holiday_year, 5, 7):
            days.add(date(holiday_year, 5, 6))
        kings_day = min(
            day for day in public_holidays(holiday_year) if day.month == 4 and day.day in (26, 27)
        )
        for holiday in (date(holiday_year, 1, 1), kings_day, date(holiday_year, 5, 5)):
            if holiday.weekday() == 1:
                days.add(holiday - timedelta(days=1))
            if holiday.weekday() == 3:
                days.add(holiday + timedelta(days=1))
        christmas = date(holiday_year, 12, 25)
        if christmas.weekday() == 1:
            days.add(christmas - timedelta(days=1))
        boxing_day = date(holiday_year, 12, 26)
        if boxing_day.weekday() == 3:
            days.add(boxing_day + timedelta(days=1))
    return frozenset(day for day in days if day.year == year)


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday, a holiday of the Algemene termijnenwet or a bridge day the
    service treats as one (`equated_days`)."""
    return (
        day.weekday() < 5
        and day not in public_holidays(day.year)
        and day not in equated_days(day.year)
    )


def _next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _is_post_day(day: date) -> bool:
    """A day the service counts towards the delivery of a letter: a working day, and not a
    Monday (the question put to the Hoge Raad in 2016 notes that PostNL delivers no letters to
    private addresses on Sundays and Mondays; Saturdays are working days for no one here)."""
    return is_working_day(day) and day.weekday() != 0


def received_on(letter_date: date, *, by_post: bool) -> date:
    """The day the debtor is taken to receive the letter sent on `letter_date`.

    The term of art. 6:96 lid 6 BW starts the day after receipt (HR 25 november 2016,
    ECLI:NL:HR:2016:2704), and the creditor must take into account the days on which no post
    is delivered. An e-mail is received the day it is sent (it reaches the debtor that day,
    art. 3:37 lid 3 BW). For a letter by post no legal presumption of the delivery day was
    found; the service assumes receipt on the second day after posting that is a Tuesday to
    Friday and not a holiday: deliberately late, so the stated term is never shorter than the
    law's."""
    if not by_post:
        return letter_date
    day = letter_date
    for _ in range(POST_DELIVERY_DAYS):
        day += timedelta(days=1)
        while not _is_post_day(day):
            day += timedelta(days=1)
    return day


def payment_deadline(letter_date: date, *, by_post: bool) -> date:
    """The last day the debtor can pay without collection costs after the 14-day letter.

    Fourteen days counted from the day after receipt (art. 6:96 lid 6 BW; HR 25 november 2016,
    ECLI:NL:HR:2016:2704): received on day R, the term runs from R+1 through R+14. A last day
    on a Saturday, Sunday or holiday moves to the next working day (art. 1 lid 1 Algemene
    termijnenwet: a term set by law that ends on such a day runs through the next day that is
    not one). Whether the courts apply the Act to this term was not confirmed; the extra days
    only lengthen the term, so the letter is valid on either view."""
    received = received_on(letter_date, by_post=by_post)
    return _next_working_day(received + timedelta(days=FOURTEEN_DAYS))


def earliest_costs_date(letter_date: date, *, by_post: bool) -> date:
    """The first day the collection costs may be charged: the day after the deadline."""
    return payment_deadline(letter_date, by_post=by_post) + timedelta(days=1)


# --- business debtors: the fixed compensation and statutory interest -------------------------

# Art. 6:96 lid 4 BW (Directive 2011/7/EU, art. 6): in a commercial transaction (art. 6:119a
# lid 1 or 6:119b lid 1) the compensation for collection costs is at least EUR 40, owed without
# a reminder from the day after the payment deadline.
FIXED_B2B_COMPENSATION = Decimal("40.00")


@dataclass(frozen=True, slots=True)
class Rate:
    """A statutory interest rate (percent per year) in force from `start` until the next one,
    with where the figure was read (or how it was derived)."""

    start: date
    percent: Decimal
    source: str


# Wettelijke rente (art. 6:119 BW), set by AMvB (Besluit vaststelling wettelijke rente), changed
# when needed per 1 January / 1 July. Only changes are listed; a rate runs until the next one.
STATUTORY_RATES: tuple[Rate, ...] = (
    Rate(date(2020, 1, 1), Decimal("2"), "2% since 1 Jan 2015 (schuldinfo.nl, fintool.nl)"),
    Rate(date(2023, 1, 1), Decimal("4"), "KB of 15 Dec 2022 (abenslag.nl, wieringa-advocaten.nl)"),
    Rate(date(2023, 7, 1), Decimal("6"), "watsonlaw.nl, wieringa-advocaten.nl"),
    Rate(date(2024, 1, 1), Decimal("7"), "AMvB of 20 Dec 2023 (wieringa-advocaten.nl)"),
    Rate(date(2025, 1, 1), Decimal("6"), "vvoadvocatuur.nl; still 6% per Kamerbrief 2025D31696"),
)

# Wettelijke handelsrente (art. 6:119a BW): the ECB main refinancing rate of the most recent
# operation before 1 January / 1 July plus 8 percentage points (art. 6:120 lid 2 BW), for the
# half year that follows. Every half year is listed, changed or not.
COMMERCIAL_RATES: tuple[Rate, ...] = (
    Rate(date(2020, 1, 1), Decimal("8"), "ECB refi 0.00% + 8 (rijksoverheid.nl: 8.00%)"),
    Rate(date(2020, 7, 1), Decimal("8"), "ECB refi 0.00% + 8"),
    Rate(date(2021, 1, 1), Decimal("8"), "ECB refi 0.00% + 8"),
    Rate(date(2021, 7, 1), Decimal("8"), "ECB refi 0.00% + 8"),
    Rate(date(2022, 1, 1), Decimal("8"), "ECB refi 0.00% + 8 (watsonlaw.nl: 8% on 1 Jan 2022)"),
    Rate(date(2022, 7, 1), Decimal("8"), "ECB refi 0.00% + 8 (0.50% from 27 Jul 2022)"),
    Rate(date(2023, 1, 1), Decimal("10.5"), "ECB refi 2.50% + 8 (abenslag.nl)"),
    Rate(date(2023, 7, 1), Decimal("12"), "ECB refi 4.00% + 8 (watsonlaw.nl)"),
    Rate(date(2024, 1, 1), Decimal("12.5"), "ECB refi 4.50% + 8 (wieringa-advocaten.nl)"),
    Rate(date(2024, 7, 1), Decimal("12.25"), "ECB refi 4.25% + 8 (metaalunie.nl)"),
    Rate(date(2025, 1, 1), Decimal("11.15"), "ECB refi 3.15% + 8 (vvoadvocatuur.nl)"),
    Rate(date(2025, 7, 1), Decimal("10.15"), "derived: ECB refi 2.15% since June 2025 + 8"),
    Rate(date(2026, 1, 1), Decimal("10.15"), "derived: ECB refi held at 2.15% on 18 Dec 2025 + 8"),
)

# The last day each table is known to cover. After it a rate may have changed without the table
# knowing: `rate_on` refuses rather than guess. Extend the table (with its source) to move these.
STATUTORY_RATES_KNOWN_THROUGH = date(2025, 12, 31)
COMMERCIAL_RATES_KNOWN_THROUGH = date(2026, 6, 30)


class RateUnknown(ValueError):
    """A day outside the dated rate table."""


def rates_known_through(*, commercial: bool) -> date:
    return COMMERCIAL_RATES_KNOWN_THROUGH if commercial else STATUTORY_RATES_KNOWN_THROUGH


def _table(commercial: bool) -> tuple[Rate, ...]:
    return COMMERCIAL_RATES if commercial else STATUTORY_RATES


def rate_on(day: date, *, commercial: bool) -> Rate:
    """The statutory (or commercial) interest rate in force on `day`."""
    table = _table(commercial)
    known_through = rates_known_through(commercial=commercial)
    if day < table[0].start or day > known_through:
        raise RateUnknown(
            f"no {'commercial' if commercial else 'statutory'} interest rate is known for {day} "
            f"(the table covers {table[0].start} through {known_through})"
        )
    return next(rate for rate in reversed(table) if rate.start <= day)


def _add_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: the year is complete at the end of 28 February
        return date(day.year + 1, 3, 1)


def _simple_interest(base: Decimal, start: date, end: date, *, commercial: bool) -> Decimal:
    """Interest on `base` for the days start <= d < end, each day at the rate in force that day,
    actual days / 365."""
    changes = [rate.start for rate in _table(commercial)]
    interest = Decimal(0)
    day = start
    while day < end:
        rate = rate_on(day, commercial=commercial)
        stop = min([end, *(change for change in changes if change > day)])
        interest += base * rate.percent / 100 * (stop - day).days / 365
        day = stop
    return interest


def statutory_interest(
    principal: Decimal, from_date: date, to_date: date, *, commercial: bool
) -> Decimal:
    """Statutory interest on `principal` for the days `from_date` through `to_date`, both
    included, in cents.

    Art. 6:119a lid 1 BW: commercial interest runs from the day after the agreed last day of
    payment through the day the debtor pays; art. 6:119 lid 1 BW: statutory interest runs over
    the time the debtor is in default. Each day bears the rate in force that day (`rate_on`),
    actual days / 365. After each full year the interest of that year is added to the sum on
    which interest runs (art. 6:119 lid 2, art. 6:119a lid 3), rounded to cents when added.
    `to_date` the day before `from_date` is an empty period (0.00). Raises `RateUnknown` for a
    day the rate table does not cover (see `statutory_interest_claim`)."""
    _check_amount(principal)
    end = to_date + timedelta(days=1)
    if end < from_date:
        raise ValueError(f"to_date {to_date} is before from_date {from_date}")
    if end > from_date:  # the table has no gaps: both ends known means every day is
        rate_on(from_date, commercial=commercial)
        rate_on(to_date, commercial=commercial)
    base = principal
    total = Decimal(0)
    start = from_date
    while start < end:
        anniversary = _add_year(start)
        stop = min(anniversary, end)
        interest = _simple_interest(base, start, stop, commercial=commercial)
        if stop == anniversary:
            interest = _cents(interest)
            base += interest
        total += interest
        start = stop
    return _cents(total)


@dataclass(frozen=True, slots=True)
class InterestClaim:
    """Interest as a letter states it: the amount for the days `from_date` through
    `through_date`."""

    amount: Decimal
    from_date: date
    through_date: date


def statutory_interest_claim(
    principal: Decimal, from_date: date, to_date: date, *, commercial: bool
) -> InterestClaim | None:
    """The interest from `from_date` through `to_date`, or through the last day the rate table
    covers when that is earlier (a letter then states the shorter period rather than guess a
    rate). None when the table covers none of those days."""
    through = min(to_date, rates_known_through(commercial=commercial))
    if through < from_date or from_date < _table(commercial)[0].start:
        return None
    amount = statutory_interest(principal, from_date, through, commercial=commercial)
    return InterestClaim(amount=amount, from_date=from_date, through_date=through)


# --- the 14-day letter's legal text ------------------------------------------------------------


def letter_texts(
    claim: CollectionCosts,
    *,
    principal: Decimal,
    letter_date: date,
    by_post: bool,
    locale: str,
    currency: str = "EUR",
) -> tuple[Text, ...]:
    """The legal paragraphs of the 14-day letter, as texts to render in `locale` (amounts and
    dates are formatted for it; render the texts in the same locale).

    Art. 6:96 lid 6 BW and HR 25 november 2016 (ECLI:NL:HR:2016:2704): the letter gives 14 days
    counted from the day after receipt, names the consequence of not paying in time including
    the exact amount of collection costs, and says whether VAT is added (art. 2 lid 3 of the
    decree requires the creditor to declare that he cannot deduct it). The term is stated the
    way the Hoge Raad accepts, relative to receipt; the computed last day is given only together
    with the day of receipt it assumes, so the letter never states a shorter term than the
    law's (a confusing or misleading term makes the letter ineffective, ECLI:NL:HR:2016:2704)."""
    deadline = payment_deadline(letter_date, by_post=by_post)
    money = {
        "principal": format_money(principal, currency, locale),
        "costs": format_money(claim.costs, currency, locale),
        "vat": format_money(claim.vat, currency, locale),
        "total": format_money(claim.total, currency, locale),
        "amount_with_costs": format_money(principal + claim.total, currency, locale),
    }
    texts = [
        t(
            "Please pay {principal} within 14 days, counted from the day after you receive this "
            "letter.",
            principal=money["principal"],
        ),
        t(
            "If you receive this letter on {received}, the term ends at the end of {deadline}.",
            received=format_long_date(received_on(letter_date, by_post=by_post), locale),
            deadline=format_long_date(deadline, locale),
        ),
        t(
            "If you have not paid in full within this term, you also owe collection costs of "
            "{costs}, calculated according to the Besluit vergoeding voor buitengerechtelijke "
            "incassokosten.",
            costs=money["costs"],
        ),
    ]
    if claim.vat_added:
        texts.append(
            t(
                "We cannot deduct VAT, so VAT of {vat} is added to the collection costs: "
                "{total} in all.",
                vat=money["vat"],
                total=money["total"],
            )
        )
    else:
        texts.append(t("No VAT is added to the collection costs."))
    texts.append(
        t(
            "You would then owe {amount_with_costs}. Paying within the term costs you nothing "
            "extra.",
            amount_with_costs=money["amount_with_costs"],
        )
    )
    return tuple(texts)
