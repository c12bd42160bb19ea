"""Recurring invoices: the schedule of a base invoice, and one row per handled occurrence."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UTCDateTime, enum_column, id_column
from app.models.enums import Automation, PaymentStatus


class Recurrence(Timestamps, Base):
    __tablename__ = "recurrences"
    __table_args__ = (
        # The worker's query: active recurrences whose next date has come.
        Index("ix_recurrences_active_next_date", "active", "next_date"),
    )

    id: Mapped[str] = id_column("rec")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    base_invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    day_of_month: Mapped[int] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    automation: Mapped[Automation] = mapped_column(enum_column(Automation))
    payment_status: Mapped[PaymentStatus] = mapped_column(
        enum_column(PaymentStatus), default=PaymentStatus.unpaid
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The next occurrence to handle; null when none is left (finished).
    next_date: Mapped[date | None] = mapped_column(Date)
    last_occurrence_date: Mapped[date | None] = mapped_column(Date)


class RecurrenceRun(Base):
    """One handled occurrence. The unique (recurrence, date) pair makes every occurrence happen
    at most once, whatever retries, crashes or concurrent workers do."""

    __tablename__ = "recurrence_runs"
    __table_args__ = (
        UniqueConstraint("recurrence_id", "occurrence_date"),
        # Owner notifications still to send, per administration.
        Index("ix_recurrence_runs_administration_id_notified", "administration_id", "notified"),
    )

    id: Mapped[str] = id_column("run")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE")
    )
    recurrence_id: Mapped[str] = mapped_column(
        ForeignKey("recurrences.id", ondelete="CASCADE"), index=True
    )
    occurrence_date: Mapped[date] = mapped_column(Date)
    # due (notify mode), created, sent, not_sent, failed, skipped
    outcome: Mapped[str] = mapped_column(String(20))
    invoice_id: Mapped[str | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    mail_id: Mapped[str | None] = mapped_column(ForeignKey("mails.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(Text)
    # Whether the owner has been told; notifications of one run are batched into one mail.
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
