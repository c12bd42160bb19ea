"""E-mail templates, mails (drafts and the outbox) and their per-recipient delivery log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamps, UTCDateTime, enum_column, id_column
from app.models.enums import MailKind, MailStatus


class EmailTemplate(Timestamps, Base):
    __tablename__ = "email_templates"

    id: Mapped[str] = id_column("emlt")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # Attach the UBL e-invoice next to the PDF(s), for customers whose software reads it.
    attach_ubl: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    attachments: Mapped[list[EmailTemplateAttachment]] = relationship(
        order_by="EmailTemplateAttachment.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class EmailTemplateAttachment(Base):
    """A PDF template whose document is generated and attached when the template is used."""

    __tablename__ = "email_template_attachments"

    email_template_id: Mapped[str] = mapped_column(
        ForeignKey("email_templates.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    pdf_template_id: Mapped[str] = mapped_column(ForeignKey("pdf_templates.id"), index=True)


class Mail(Timestamps, Base):
    """A mail: a draft to edit, or an outbox row the worker delivers after the commit."""

    __tablename__ = "mails"
    __table_args__ = (
        # The worker's claim query: queued mails due for an attempt.
        Index("ix_mails_status_next_attempt_at", "status", "next_attempt_at"),
        # Dead letters, listed and counted (every metrics scrape) by the operator.
        Index("ix_mails_dead_at", "dead_at"),
    )

    id: Mapped[str] = id_column("mail")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[str | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind), default=MailKind.invoice)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.draft)
    email_template_id: Mapped[str | None] = mapped_column(
        ForeignKey("email_templates.id", ondelete="SET NULL")
    )
    sender: Mapped[str] = mapped_column(String(254))
    to: Mapped[list[str]] = mapped_column(JSON, default=list)
    cc: Mapped[list[str]] = mapped_column(JSON, default=list)
    bcc: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # Set when the row is made and reused on every retry, so a resend is recognisable.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    # Bumped on every change of a draft; the ETag clients send back in If-Match.
    version: Mapped[int] = mapped_column(Integer, default=1)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # While set and in the future, a worker owns the mail (is sending it).
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    # Set when the attempts ran out with recipients still deferred (a dead letter): the operator
    # may queue the mail again for those recipients. `status` stays what clients see (sent when
    # anyone accepted it, else failed); a refusal for good never sets it.
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attachments: Mapped[list[MailAttachment]] = relationship(
        order_by="MailAttachment.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    deliveries: Mapped[list[MailDelivery]] = relationship(
        order_by="MailDelivery.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class MailAttachment(Base):
    __tablename__ = "mail_attachments"

    mail_id: Mapped[str] = mapped_column(
        ForeignKey("mails.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )


class MailDelivery(Base):
    """One recipient's outcome of one delivery attempt, with the SMTP server's reply."""

    __tablename__ = "mail_deliveries"

    id: Mapped[str] = id_column("dlv")
    mail_id: Mapped[str] = mapped_column(ForeignKey("mails.id", ondelete="CASCADE"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10))  # accepted, deferred, rejected
    code: Mapped[int | None] = mapped_column(Integer)
    reply: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
