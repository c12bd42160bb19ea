"""Payments received on invoices (and refunds on credit notes), kept for good: a reversal is a
row of its own that cancels the payment it names."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.models.base import Base, ScaledDecimal, UTCDateTime, enum_column, id_column
from app.models.enums import PaymentMethod


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[str] = id_column("pay")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id"), index=True)
    # Signed in the invoice's direction: positive on an invoice, negative on a credit note (a
    # refund); a reversal carries the negation of the payment it reverses. The invoice's
    # `amount_paid` is the sum of its rows.
    amount: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    payment_date: Mapped[date] = mapped_column(Date)
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    reference: Mapped[str | None] = mapped_column(String(140))
    note: Mapped[str | None] = mapped_column(Text)
    # Unique: a payment is reversed at most once, whatever requests race (the database decides).
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The bank transaction a matched payment came from (app/banking owns that table).
    bank_transaction_id: Mapped[str | None] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
