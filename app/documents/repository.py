"""All SQL of the documents package."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app.models import Document, EmailTemplate, EmailTemplateAttachment, Invoice, PdfTemplate
from app.models.enums import DeliveryMethod, InvoiceStatus
from app.repository import get_owned, page_of
from app.shared.pagination import PageParams

_WITH_LOGO = (undefer(PdfTemplate.logo),)
_WITH_CONTENT = (undefer(Document.content),)


async def pdf_template(
    session: AsyncSession, administration_id: str, template_id: str, *, with_logo: bool = False
) -> PdfTemplate | None:
    options = _WITH_LOGO if with_logo else ()
    return await get_owned(session, PdfTemplate, template_id, administration_id, *options)


async def pdf_templates(
    session: AsyncSession, administration_id: str, params: PageParams
) -> list[PdfTemplate]:
    stmt = select(PdfTemplate).where(PdfTemplate.administration_id == administration_id)
    return await page_of(session, stmt, PdfTemplate.id, params)


async def document(
    session: AsyncSession, administration_id: str, document_id: str, *, with_content: bool = False
) -> Document | None:
    options = _WITH_CONTENT if with_content else ()
    return await get_owned(session, Document, document_id, administration_id, *options)


async def documents_of(session: AsyncSession, invoice_ids: list[str]) -> list[Document]:
    if not invoice_ids:
        return []
    rows = await session.scalars(
        select(Document).where(Document.invoice_id.in_(invoice_ids)).order_by(Document.id)
    )
    return list(rows.all())


async def documents_page(
    session: AsyncSession, administration_id: str, invoice_id: str, params: PageParams
) -> list[Document]:
    stmt = select(Document).where(
        Document.administration_id == administration_id, Document.invoice_id == invoice_id
    )
    return await page_of(session, stmt, Document.id, params)


async def post_documents(
    session: AsyncSession, administration_id: str, start: datetime, end: datetime
) -> list[Document]:
    """The printable PDF of each invoice delivered by post and finalised in [start, end)."""
    rows = await session.scalars(
        select(Document)
        .join(Invoice, Invoice.id == Document.invoice_id)
        .where(
            Invoice.administration_id == administration_id,
            Invoice.status == InvoiceStatus.final,
            Invoice.delivery_method == DeliveryMethod.post,
            Invoice.finalized_at >= start,
            Invoice.finalized_at < end,
            Document.kind == "pdf",
        )
        .order_by(Invoice.series, Invoice.sequence, Document.id)
        .options(undefer(Document.content))
    )
    seen: set[str] = set()
    out = []
    for document in rows.all():
        if document.invoice_id not in seen:
            seen.add(document.invoice_id)
            out.append(document)
    return out


async def email_templates_attaching(session: AsyncSession, pdf_template_id: str) -> list[str]:
    """Names of the e-mail templates that attach this PDF template."""
    rows = await session.scalars(
        select(EmailTemplate.name)
        .join(EmailTemplateAttachment)
        .where(EmailTemplateAttachment.pdf_template_id == pdf_template_id)
    )
    return list(rows.all())
