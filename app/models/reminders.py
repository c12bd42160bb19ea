"""Reminders of overdue invoices: each administration's policy, and one row per reminder made."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, ScaledDecimal, Timestamps, UTCDateTime, enum_column, id_column
from app.models.enums import ReminderKind


class ReminderPolicy(Timestamps, Base):
    """An administration's reminder policy; an administration without a row follows the
    default Dutch policy (app/reminders/schemas.DEFAULT_STEPS)."""

    __tablename__ = "reminder_policies"

    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Ordered steps: {"days_after_due", "kind", "email_template_id", "action"}; a step's number
    # is its position (1-based).
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    charge_collection_costs_b2c: Mapped[bool] = mapped_column(Boolean, default=True)
    b2b_fixed_compensation: Mapped[bool] = mapped_column(Boolean, default=False)
    b2b_commercial_interest: Mapped[bool] = mapped_column(Boolean, default=False)
    creditor_deducts_vat: Mapped[bool] = mapped_column(Boolean, default=True)


class Reminder(Base):
    """One reminder of one invoice at one step of the policy. The unique (invoice, step) pair,
    written in the transaction that makes the mail, makes every step happen at most once,
    whatever retries or concurrent workers do. The figures the letter stated are kept here, so
    what was claimed can be shown later exactly as it was sent."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("invoice_id", "step"),)

    id: Mapped[str] = id_column("rem")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind))
    letter_date: Mapped[date] = mapped_column(Date)
    # made (a mail queued or drafted), not_sent (no mail could be made: `detail` says why; the
    # letter is stored), withdrawn (its unsent mail was removed: the invoice was paid or put
    # on hold first).
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text)
    consumer: Mapped[bool] = mapped_column(Boolean)
    days_overdue: Mapped[int] = mapped_column(Integer)
    principal: Mapped[Decimal] = mapped_column(ScaledDecimal(2))  # the amount open at the time
    collection_costs: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    collection_costs_vat: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    # Whether the costs stated are already due (aanmaning) or due after the deadline (letter).
    costs_charged: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_deadline_date: Mapped[date | None] = mapped_column(Date)
    costs_from_date: Mapped[date | None] = mapped_column(Date)
    compensation: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))  # B2B fixed €40
    interest: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))  # commercial interest
    interest_from_date: Mapped[date | None] = mapped_column(Date)
    interest_through_date: Mapped[date | None] = mapped_column(Date)
    total_claimed: Mapped[Decimal] = mapped_column(ScaledDecimal(2))  # what the letter asks now
    mail_id: Mapped[str | None] = mapped_column(
        ForeignKey("mails.id", ondelete="SET NULL"), index=True
    )
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its mail reached someone
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
