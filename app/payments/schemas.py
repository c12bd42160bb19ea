"""Payments in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer

from app.invoices.schemas import InvoiceDate, Money, decimal_string
from app.models.enums import PaymentMethod, PaymentStatus
from app.shared.pagination import Page
from app.shared.schemas import StrictModel


class PaymentMethodIn(StrEnum):
    """How a payment was made (`credit_note` settlements are made by the service only)."""

    bank = "bank"
    cash = "cash"
    card = "card"
    direct_debit = "direct_debit"
    other = "other"


Amount = Annotated[
    Decimal,
    Field(gt=0, le=Decimal(10) ** 11, decimal_places=2, allow_inf_nan=False),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    decimal_string(
        r"^[0-9]{1,11}(\.[0-9]{1,2})?$",
        "What was received (on a credit note: refunded), in euros; more than 0.",
        ["121.00"],
    ),
]


class PaymentIn(StrictModel):
    amount: Amount
    date: InvoiceDate = Field(description="When it was paid (not in the future).")
    method: PaymentMethodIn = PaymentMethodIn.bank
    reference: str | None = Field(default=None, max_length=140)
    note: str | None = Field(default=None, max_length=1000)


class PaymentOut(BaseModel):
    id: str
    invoice_id: str
    amount: Money = Field(
        description="Signed like the invoice's total: positive on an invoice, negative for a "
        "refund on a credit note; a reversal has the opposite sign of what it cancels."
    )
    date: dt.date
    method: PaymentMethod
    reference: str | None
    note: str | None
    reversed: bool = Field(description="A later reversal cancels this payment.")
    reverses_id: str | None
    bank_transaction_id: str | None
    created_at: dt.datetime


class PaymentState(BaseModel):
    """The invoice's side of its payments."""

    payment_status: PaymentStatus
    amount_paid: Money
    amount_due: Money = Field(description="Still to be paid (on a credit note: refunded).")
    overpaid: bool = Field(description="More was paid than the total; the rest is owed back.")


class PaymentRecorded(BaseModel):
    payment: PaymentOut
    invoice: PaymentState


class PaymentPage(Page[PaymentOut]):
    pass
