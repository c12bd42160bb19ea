"""PDF templates (a layout from pdf_templates/ plus options) and the stored documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.models.base import Base, Timestamps, UTCDateTime, id_column


class PdfTemplate(Timestamps, Base):
    __tablename__ = "pdf_templates"

    id: Mapped[str] = id_column("pdft")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    layout: Mapped[str] = mapped_column(String(40))
    accent_color: Mapped[str | None] = mapped_column(String(7))
    footer_text: Mapped[str | None] = mapped_column(Text)
    labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    logo_content_type: Mapped[str | None] = mapped_column(String(20))
    # Loaded only when rendering; listings never need the bytes.
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))


class Document(Base):
    """A stored, immutable file of a final invoice: served as stored, never re-rendered."""

    __tablename__ = "documents"

    id: Mapped[str] = id_column("doc")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[str] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # "pdf", "ubl" or "reminder" (a letter)
    pdf_template_id: Mapped[str | None] = mapped_column(
        ForeignKey("pdf_templates.id", ondelete="SET NULL")
    )
    template_version: Mapped[str] = mapped_column(String(60))  # e.g. "classic@1"
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
