"""PDF templates, and turning invoices into printable documents."""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.documents import repository as repo
from app.documents import schemas
from app.documents.layouts import layout_version
from app.documents.pdf import render_async, render_statement_async, validate_logo
from app.documents.viewmodel import InvoiceDocument, StatementDocument, TemplateOptions
from app.errors import AppError, Conflict, Invalid, NotFound
from app.events import AdministrationCreated
from app.i18n import message_of, t
from app.models import Administration, Document, PdfTemplate
from app.models.base import new_id

log = logging.getLogger("invoicer.documents")


class PdfTemplateIsDefault(Conflict):
    type, code = "pdf-template-is-default", "pdf_template_is_default"
    title = t("The PDF template is the administration's default")


class PdfTemplateInUse(Conflict):
    type, code = "pdf-template-in-use", "pdf_template_in_use"
    title = t("The PDF template is still in use")


def to_out(template: PdfTemplate, administration: Administration) -> schemas.PdfTemplateOut:
    return schemas.PdfTemplateOut(
        id=template.id,
        name=template.name,
        layout=template.layout,
        layout_version=layout_version(template.layout),
        accent_color=template.accent_color,
        footer_text=template.footer_text,
        labels=template.labels,
        has_logo=template.logo_content_type is not None,
        logo_content_type=template.logo_content_type,
        is_default=administration.default_pdf_template_id == template.id,
        created_at=template.created_at,
        updated_at=template.updated_at,
    )


async def get_template(
    session: AsyncSession, administration_id: str, template_id: str, *, with_logo: bool = False
) -> PdfTemplate:
    template = await repo.pdf_template(session, administration_id, template_id, with_logo=with_logo)
    if template is None:
        raise NotFound(t("PDF template {id} not found.", id=template_id))
    return template


async def find_template(
    session: AsyncSession, administration_id: str, template_id: str
) -> PdfTemplate | None:
    """The template with its logo, or None."""
    return await repo.pdf_template(session, administration_id, template_id, with_logo=True)


async def create_template(
    session: AsyncSession, administration_id: str, data: schemas.PdfTemplateCreate
) -> PdfTemplate:
    template = PdfTemplate(
        id=new_id("pdft"), administration_id=administration_id, **data.model_dump()
    )
    session.add(template)
    await session.flush()
    return template


async def update_template(
    session: AsyncSession, administration_id: str, template_id: str, data: schemas.PdfTemplateUpdate
) -> PdfTemplate:
    template = await get_template(session, administration_id, template_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(template, name, value)
    await session.flush()
    return template


async def delete_template(
    session: AsyncSession, administration: Administration, template_id: str
) -> None:
    template = await get_template(session, administration.id, template_id)
    if administration.default_pdf_template_id == template.id:
        raise PdfTemplateIsDefault(
            t("This is the administration's default PDF template; choose another default first.")
        )
    attaching = await repo.email_templates_attaching(session, template.id)
    if attaching:
        raise PdfTemplateInUse(
            t(
                "The PDF template is attached to e-mail template(s): {templates}.",
                templates=", ".join(attaching),
            )
        )
    await session.delete(template)
    await session.flush()


async def set_logo(
    session: AsyncSession, administration_id: str, template_id: str, data: bytes
) -> PdfTemplate:
    template = await get_template(session, administration_id, template_id)
    try:
        kind = validate_logo(data)
    except ValueError as exc:
        raise Invalid.field(["body"], message_of(exc), "invalid_image") from exc
    template.logo = data
    template.logo_content_type = f"image/{kind}"
    await session.flush()
    return template


async def delete_logo(
    session: AsyncSession, administration_id: str, template_id: str
) -> PdfTemplate:
    template = await get_template(session, administration_id, template_id)
    template.logo = None
    template.logo_content_type = None
    await session.flush()
    return template


def document_out(document: Document) -> schemas.DocumentOut:
    return schemas.DocumentOut(
        id=document.id,
        invoice_id=document.invoice_id,
        kind=document.kind,
        filename=document.filename,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        template_version=document.template_version,
        pdf_template_id=document.pdf_template_id,
        content_url=content_url(document.id),
        created_at=document.created_at,
    )


def content_url(document_id: str) -> str:
    return f"/v1/documents/{document_id}/content"


async def get_document(
    session: AsyncSession, administration_id: str, document_id: str, *, with_content: bool = False
) -> Document:
    document = await repo.document(
        session, administration_id, document_id, with_content=with_content
    )
    if document is None:
        raise NotFound(t("Document {id} not found.", id=document_id))
    return document


def store(
    session: AsyncSession,
    *,
    administration_id: str,
    invoice_id: str,
    kind: str,
    filename: str,
    content_type: str,
    data: bytes,
    template_version: str,
    pdf_template_id: str | None,
) -> Document:
    """A new immutable document; its checksum is taken here, from the exact stored bytes."""
    document = Document(
        id=new_id("doc"),
        administration_id=administration_id,
        invoice_id=invoice_id,
        kind=kind,
        pdf_template_id=pdf_template_id,
        template_version=template_version,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        created_at=clock.now(),
    )
    session.add(document)
    return document


class DocumentRenderFailed(AppError):
    status, type, code = 422, "document-render-failed", "document_render_failed"
    title = t("The PDF could not be made")


async def render_pdf(document: InvoiceDocument, template: PdfTemplate) -> bytes:
    """Render with a template loaded `with_logo=True`. A template that cannot be rendered (say, a
    logo stored before it was validated) is reported against the template, not as a crash."""
    try:
        return await render_async(document, options_of(template))
    except Exception as exc:
        log.exception("rendering with PDF template %s failed", template.id)
        raise DocumentRenderFailed(
            t(
                "PDF template {name} ({id}) could not be rendered: {reason}; "
                "fix the template (layout, logo, labels) and try again.",
                name=repr(template.name),
                id=template.id,
                reason=message_of(exc),
            ),
            pdf_template_id=template.id,
        ) from exc


async def render_statement(document: StatementDocument, options: TemplateOptions) -> bytes:
    """A statement of open items as PDF; a template that cannot be rendered is reported as
    with invoices."""
    try:
        return await render_statement_async(document, options)
    except Exception as exc:
        log.exception("rendering a statement failed")
        raise DocumentRenderFailed(
            t(
                "The statement could not be rendered: {reason}; fix the default PDF template "
                "(layout, logo) and try again.",
                reason=message_of(exc),
            )
        ) from exc


def options_of(template: PdfTemplate) -> TemplateOptions:
    """Rendering options of a template loaded `with_logo=True`."""
    return TemplateOptions(
        layout=template.layout,
        accent_color=template.accent_color,
        logo=template.logo,
        footer_text=template.footer_text,
        labels=dict(template.labels),
    )


async def create_default_template(session: AsyncSession, event: AdministrationCreated) -> None:
    """A new administration's default PDF template ("Standaard", classic layout)."""
    administration = event.administration
    template = await create_template(
        session,
        administration.id,
        schemas.PdfTemplateCreate(name="Standaard", layout="classic"),
    )
    administration.default_pdf_template_id = template.id
    await session.flush()
