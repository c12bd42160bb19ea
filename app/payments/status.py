"""What an invoice's payments make of its payment status (pure)."""

from __future__ import annotations

from decimal import Decimal

from app.models.enums import PaymentStatus


def status_of(total: Decimal, amount_paid: Decimal) -> PaymentStatus | None:
    """The status that `amount_paid` of `total` gives, in the invoice's direction (a credit
    note's total and payments are negative). None for a zero total: nothing is ever due, so the
    status stays whatever it was marked."""
    if total == 0:
        return None
    paid = amount_paid if total > 0 else -amount_paid
    due = abs(total)
    if paid <= 0:
        return PaymentStatus.unpaid
    if paid < due:
        return PaymentStatus.partially_paid
    return PaymentStatus.paid


def overpaid(total: Decimal, amount_paid: Decimal) -> bool:
    """More was paid (or refunded) than the total: the difference is owed back."""
    return total != 0 and (amount_paid > total if total > 0 else amount_paid < total)
