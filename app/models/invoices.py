"""Invoices (drafts and final), their lines, and the per-series number counters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, ScaledDecimal, Timestamps, UTCDateTime, enum_column, id_column
from app.models.enums import DeliveryMethod, InvoiceKind, InvoiceStatus, PaymentStatus
from app.models.parties import Company, Customer

# What the reminder sweep may pick (kept in step with app/reminders/repository.due, whose WHERE
# repeats it so that PostgreSQL and SQLite use the partial index).
REMINDABLE = text(
    "status = 'final' AND kind = 'invoice' AND payment_status <> 'paid' "
    "AND reminders_paused_at IS NULL AND next_reminder_date IS NOT NULL"
)
# What the receivables call open (app.receivables.repository), for the partial index; the
# query's own conditions imply it, so both databases use the index.
OPEN_INVOICE = "status = 'final' AND payment_status IN ('unpaid', 'partially_paid')"


class Invoice(Timestamps, Base):
    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("customer_id IS NOT NULL OR company_id IS NOT NULL", name="has_a_party"),
        CheckConstraint("(status = 'draft') = (number IS NULL)", name="number_iff_final"),
        # Dutch law: numbers are unique within an administration and series.
        UniqueConstraint("administration_id", "series", "number"),
        # ... and across its series: an invoice and a credit note never share a number, whatever
        # the formats. Drafts have no number, and NULLs never collide in a unique index.
        Index("ix_invoices_administration_id_number", "administration_id", "number", unique=True),
        Index("ix_invoices_administration_id_status", "administration_id", "status"),
        # Receivables: open invoices per administration in due-date order (the list's pages, a
        # range per aging bucket). Partial: paid invoices, the bulk of a long-lived book, are
        # not in it; total and amount_paid make the aging totals an index-only scan.
        Index(
            "ix_invoices_receivables",
            "administration_id",
            "due_date",
            "id",
            "total",
            "amount_paid",
            postgresql_where=text(OPEN_INVOICE),
            sqlite_where=text(OPEN_INVOICE),
        ),
        # The reminder sweep's query (app/reminders/repository.due): open final invoices whose
        # next reminder date has come. Partial, so it holds only what the sweep may pick.
        Index(
            "ix_invoices_next_reminder_date",
            "next_reminder_date",
            postgresql_where=REMINDABLE,
            sqlite_where=REMINDABLE,
        ),
    )

    id: Mapped[str] = id_column("inv")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE")
    )
    kind: Mapped[InvoiceKind] = mapped_column(enum_column(InvoiceKind), default=InvoiceKind.invoice)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), index=True)
    # Set only on company-level invoices; a customer's company is found through the customer.
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_column(InvoiceStatus), default=InvoiceStatus.draft
    )
    payment_status: Mapped[PaymentStatus] = mapped_column(
        enum_column(PaymentStatus), default=PaymentStatus.unpaid
    )
    invoice_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    # When the goods or services were delivered, printed ("Leveringsdatum") when given.
    delivery_date: Mapped[date | None] = mapped_column(Date)
    # False while the due date follows invoice date + payment term; True once given explicitly.
    due_date_fixed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    # The notes as written (placeholders and all), kept when `notes` is frozen resolved at
    # finalisation, so recurring copies start from the placeholders again.
    notes_source: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    subtotal: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal(0))
    vat_total: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal(0))
    credited_invoice_id: Mapped[str | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    # The sum of the invoice's payments (app/payments keeps it in the payment's transaction, so
    # lists and sweeps read it without summing rows).
    amount_paid: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal(0))

    # Filled at finalisation, never changed afterwards.
    series: Mapped[str | None] = mapped_column(String(20))
    sequence: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(64))
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivery_method: Mapped[DeliveryMethod | None] = mapped_column(enum_column(DeliveryMethod))
    delivery_method_source: Mapped[str | None] = mapped_column(String(10))
    # Seller and buyer as printed on the final invoice (parties may change later).
    parties_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Reminders (app/reminders): the last policy step made (0: none), the day the next step is
    # due (null: nothing more to remind, or not followed), and a hold (a dispute, say).
    reminder_step: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    next_reminder_date: Mapped[date | None] = mapped_column(Date)
    reminders_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminders_pause_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def amount_due(self) -> Decimal:
        """What is still to be paid (negative on a credit note: still to be refunded)."""
        return self.total - self.amount_paid

    customer: Mapped[Customer | None] = relationship(lazy="raise")
    company: Mapped[Company | None] = relationship(lazy="raise")
    lines: Mapped[list[InvoiceLine]] = relationship(
        order_by="InvoiceLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (UniqueConstraint("invoice_id", "position"),)

    id: Mapped[str] = id_column("lin")
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(ScaledDecimal(4))
    unit: Mapped[str | None] = mapped_column(String(20))
    unit_price: Mapped[Decimal] = mapped_column(ScaledDecimal(4))
    vat_rate: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    delivery_date: Mapped[date | None] = mapped_column(Date)  # this line's own, when it differs


class NumberCounter(Base):
    """The last number used per administration and series; bumped in the finalising transaction,
    so a rollback never burns a number."""

    __tablename__ = "number_counters"

    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), primary_key=True
    )
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)


class PublicLink(Base):
    """The customer's link to a final invoice's page: an unguessable token (256 bits). An
    invoice has at most one link that is not revoked; revoking or renewing keeps the old row
    with its `revoked_at`, so what was handed out and when it stopped working stays known."""

    __tablename__ = "public_links"
    __table_args__ = (
        Index(
            "ix_public_links_one_active_per_invoice",
            "invoice_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[str] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
