"""Bank transactions imported from CAMT.053 statements, and the IBANs customers paid from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.models.base import Base, ScaledDecimal, UTCDateTime, enum_column, id_column
from app.models.enums import BankTransactionStatus, CreditDebit, MatchRule


class BankTransaction(Base):
    """One movement on the administration's account. `dedup_key` identifies it across
    statements (the bank's reference, else a digest of its facts); the unique index on it is
    what makes importing a statement twice, or two overlapping ones at once, create nothing
    twice."""

    __tablename__ = "bank_transactions"
    __table_args__ = (
        Index(
            "ix_bank_transactions_administration_id_dedup_key",
            "administration_id",
            "dedup_key",
            unique=True,
        ),
        # The list filtered by status, in id order.
        Index("ix_bank_transactions_administration_id_status", "administration_id", "status", "id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "(status = 'matched') = (invoice_id IS NOT NULL)", name="matched_iff_invoice"
        ),
    )

    id: Mapped[str] = id_column("btx")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE")
    )
    dedup_key: Mapped[str] = mapped_column(String(64))
    account_iban: Mapped[str] = mapped_column(String(34))
    message_id: Mapped[str] = mapped_column(String(35))  # GrpHdr/MsgId of the first import
    statement_id: Mapped[str] = mapped_column(String(35))  # Stmt/Id
    direction: Mapped[CreditDebit] = mapped_column(enum_column(CreditDebit))
    status: Mapped[BankTransactionStatus] = mapped_column(enum_column(BankTransactionStatus))
    amount: Mapped[Decimal] = mapped_column(ScaledDecimal(2))  # always positive; see direction
    currency: Mapped[str] = mapped_column(String(3))
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    counterparty_name: Mapped[str | None] = mapped_column(String(140))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    remittance_info: Mapped[str | None] = mapped_column(Text)  # RmtInf/Ustrd, joined
    structured_reference: Mapped[str | None] = mapped_column(Text)  # CdtrRefInf/Ref
    end_to_end_id: Mapped[str | None] = mapped_column(String(35))
    bank_reference: Mapped[str | None] = mapped_column(String(35))  # AcctSvcrRef
    # The transaction's place in its entry (a batch entry holds several).
    detail_index: Mapped[int] = mapped_column(Integer, default=0)
    invoice_id: Mapped[str | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    payment_id: Mapped[str | None] = mapped_column(String(40))
    matched_by: Mapped[MatchRule | None] = mapped_column(enum_column(MatchRule))
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class KnownIban(Base):
    """An IBAN a customer (or a company, for company-level invoices) paid from: learned when a
    credit from it is matched to one of their invoices, automatically or by hand."""

    __tablename__ = "bank_known_ibans"
    __table_args__ = (
        CheckConstraint("(customer_id IS NULL) <> (company_id IS NULL)", name="exactly_one_party"),
        # NULLs never collide: the first index keeps customers' rows unique, the second
        # companies'.
        Index(
            "ix_bank_known_ibans_administration_id_iban_customer_id",
            "administration_id",
            "iban",
            "customer_id",
            unique=True,
        ),
        Index(
            "ix_bank_known_ibans_administration_id_iban_company_id",
            "administration_id",
            "iban",
            "company_id",
            unique=True,
        ),
    )

    id: Mapped[str] = id_column("kib")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE")
    )
    customer_id: Mapped[str | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[str | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    iban: Mapped[str] = mapped_column(String(34))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
