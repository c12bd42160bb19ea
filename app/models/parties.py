"""Administrations (tenants), their API keys, companies, customers and contact details."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamps, UTCDateTime, enum_column, id_column
from app.models.enums import DeliveryMethod, Locale


class Administration(Timestamps, Base):
    __tablename__ = "administrations"

    id: Mapped[str] = id_column("adm")
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    sender_email: Mapped[str | None] = mapped_column(String(254))
    owner_email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[Locale] = mapped_column(enum_column(Locale), default=Locale.nl)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    payment_term_days: Mapped[int] = mapped_column(Integer, default=30)
    number_format: Mapped[str] = mapped_column(String(64), default="{year}-{seq:05}")
    credit_note_number_format: Mapped[str | None] = mapped_column(String(64))
    # Kleineondernemersregeling: no VAT is charged, every line is exempt and says why.
    small_business_scheme: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # Tag e-invoices as NLCIUS where the buyer allows it (see app.invoices.ubl.profiles).
    prefer_nlcius: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Carry the invoice PDF inside the UBL (cac:AdditionalDocumentReference).
    ubl_embeds_pdf: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The account holder's name as the bank knows it (Dutch banks check it against the IBAN
    # since October 2025); None: the administration's name. See parties.service.payee_name.
    payee_name: Mapped[str | None] = mapped_column(String(70))
    default_email_template_id: Mapped[str | None] = mapped_column(
        ForeignKey(
            "email_templates.id",
            use_alter=True,
            name="fk_administrations_default_email_template_id_email_templates",
            ondelete="SET NULL",
        )
    )
    default_pdf_template_id: Mapped[str | None] = mapped_column(
        ForeignKey(
            "pdf_templates.id",
            use_alter=True,
            name="fk_administrations_default_pdf_template_id_pdf_templates",
            ondelete="SET NULL",
        )
    )


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = id_column("key")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    administration: Mapped[Administration] = relationship(lazy="joined")


class Company(Timestamps, Base):
    __tablename__ = "companies"

    id: Mapped[str] = id_column("cmp")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    vat_number: Mapped[str | None] = mapped_column(String(20))
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    peppol_id: Mapped[str | None] = mapped_column(String(60))  # "scheme:value", at most 4+1+50
    delivery_method: Mapped[DeliveryMethod] = mapped_column(
        enum_column(DeliveryMethod), default=DeliveryMethod.none
    )

    contact_details: Mapped[list[ContactDetail]] = relationship(
        order_by="ContactDetail.id",
        foreign_keys="ContactDetail.company_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class Customer(Timestamps, Base):
    __tablename__ = "customers"

    id: Mapped[str] = id_column("cus")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    vat_number: Mapped[str | None] = mapped_column(String(20))
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    peppol_id: Mapped[str | None] = mapped_column(String(60))  # "scheme:value", at most 4+1+50
    delivery_method: Mapped[DeliveryMethod] = mapped_column(
        enum_column(DeliveryMethod), default=DeliveryMethod.none
    )

    company: Mapped[Company | None] = relationship(lazy="raise")
    contact_details: Mapped[list[ContactDetail]] = relationship(
        order_by="ContactDetail.id",
        foreign_keys="ContactDetail.customer_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class ContactDetail(Base):
    __tablename__ = "contact_details"
    __table_args__ = (
        CheckConstraint("(customer_id IS NULL) <> (company_id IS NULL)", name="exactly_one_owner"),
    )

    id: Mapped[str] = id_column("cd")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[str | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[str | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(254))
    invoice: Mapped[bool] = mapped_column(Boolean, default=False)
