"""Invoice arithmetic: exact, half-up, per VAT rate. Pure functions, no I/O.

Each line amount is quantity x unit price rounded half-up to cents; the VAT base of a rate is the
sum of its rounded line amounts, and its VAT is base x rate rounded half-up to cents. So the
printed figures always add up: total = subtotal + sum of VAT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from app.i18n import t
from app.shared import vat
from app.shared.vat import REVERSE_CHARGE as REVERSE_CHARGE

CENT = Decimal("0.01")
# The Dutch rates and the zero-VAT treatments (reverse charge, intra-community supply, export,
# exempt): see `app.shared.vat`.
RATES = vat.CODES
# What people also type for a treatment ("BTW verlegd", "ICL", ...).
_ALIASES = {
    "verlegd": vat.REVERSE_CHARGE,
    "btw verlegd": vat.REVERSE_CHARGE,
    "reverse-charge": vat.REVERSE_CHARGE,
    "intra-community": vat.INTRA_COMMUNITY,
    "icl": vat.INTRA_COMMUNITY,
    "vrijgesteld": vat.EXEMPT,
}


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return to_cents(quantity * unit_price)


def rate_percent(rate: str) -> Decimal:
    return vat.percent(rate)


@dataclass(frozen=True)
class VatLine:
    rate: str
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    vat: tuple[VatLine, ...]
    total: Decimal

    @property
    def vat_total(self) -> Decimal:
        return sum((v.amount for v in self.vat), Decimal("0.00"))


def _rate_order(rate: str) -> tuple[int, Decimal]:
    # Highest percentage first, the zero-VAT treatments last: the order a Dutch reader expects.
    if rate in vat.TREATMENTS:
        return (1, Decimal(list(vat.TREATMENTS).index(rate)))
    return (0, -Decimal(rate))


def compute(lines: Iterable[tuple[Decimal, str]]) -> Totals:
    """Totals from (rounded line amount, VAT rate) pairs."""
    bases: dict[str, Decimal] = {}
    for amount, rate in lines:
        bases[rate] = bases.get(rate, Decimal("0.00")) + amount
    vat = tuple(
        VatLine(rate, to_cents(base), to_cents(base * rate_percent(rate) / 100))
        for rate, base in sorted(bases.items(), key=lambda item: _rate_order(item[0]))
    )
    subtotal = to_cents(sum(bases.values(), Decimal("0.00")))
    return Totals(
        subtotal=subtotal, vat=vat, total=subtotal + sum((v.amount for v in vat), Decimal("0.00"))
    )


class Priced(Protocol):
    """A line as the totals see it: an invoice line, or a line of an invoice read for display."""

    @property
    def amount(self) -> Decimal: ...

    @property
    def vat_rate(self) -> str: ...


def of_lines(lines: Iterable[Priced]) -> Totals:
    return compute((line.amount, line.vat_rate) for line in lines)


def normalize_rate(value: str) -> str:
    """'21', '21.0', '21%' -> '21'; a treatment code ('reverse_charge', ...) or one of its aliases
    ('verlegd') -> the code. ValueError for other rates."""
    text = " ".join(value.strip().removesuffix("%").strip().lower().split())
    if text in vat.TREATMENTS:
        return text
    if text in _ALIASES:
        return _ALIASES[text]
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = Decimal(-1)
    if number.is_finite() and number >= 0:
        canonical = format(number.normalize(), "f")
        if canonical in RATES:
            return canonical
    raise ValueError(
        t("VAT rate {value} is not one of {rates}", value=repr(value), rates=", ".join(RATES))
    )
