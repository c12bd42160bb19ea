"""HTTP routes for PDF layouts and an administration's PDF templates."""

from __future__ import annotations

from fastapi import Request, Response, status

from app.auth.dependencies import Reader, SettingsWriter
from app.documents import repository as repo
from app.documents import schemas, service
from app.documents.layouts import LABEL_KEYS, available_layouts, load_layout
from app.documents.pdf import MAX_LOGO_BYTES
from app.errors import Invalid, NotFound, UnsupportedMediaType, responses
from app.http.dependencies import Pagination, Session
from app.http.routing import api_router
from app.i18n import t
from app.shared.pagination import page

templates = api_router("/v1/pdf-templates", "pdf_templates")
documents = api_router("/v1/documents", "documents")
layouts = api_router("/v1/pdf-layouts", "pdf_layouts")


@layouts.get("", response_model=schemas.LayoutPage, name="list", summary="Available layouts")
async def list_layouts(principal: Reader, params: Pagination) -> schemas.LayoutPage:
    # A list like every other (`{data, next_cursor}`), paged by name.
    out: list[schemas.LayoutOut] = []
    for name in sorted(available_layouts()):
        if params.after_id is not None and name <= params.after_id:
            continue
        if len(out) > params.limit:
            break
        layout = load_layout(name)
        out.append(
            schemas.LayoutOut(
                name=name, title=layout.title, version=layout.version, label_keys=sorted(LABEL_KEYS)
            )
        )
    return page(schemas.LayoutPage, out, params, lambda item: item.name)


@templates.get(
    "", response_model=schemas.PdfTemplatePage, name="list", summary="List PDF templates"
)
async def list_templates(
    session: Session, principal: Reader, params: Pagination
) -> schemas.PdfTemplatePage:
    rows = await repo.pdf_templates(session, principal.administration_id, params)
    out = [service.to_out(t, principal.administration) for t in rows]
    return page(schemas.PdfTemplatePage, out, params, lambda t: t.id)


@templates.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.PdfTemplateOut,
    name="create",
    summary="Create a PDF template",
)
async def create_template(
    data: schemas.PdfTemplateCreate, session: Session, principal: SettingsWriter
) -> schemas.PdfTemplateOut:
    template = await service.create_template(session, principal.administration_id, data)
    return service.to_out(template, principal.administration)


@templates.get(
    "/{template_id}",
    response_model=schemas.PdfTemplateOut,
    responses=responses(NotFound),
    name="get",
    summary="A PDF template",
)
async def get_template(
    template_id: str, session: Session, principal: Reader
) -> schemas.PdfTemplateOut:
    template = await service.get_template(session, principal.administration_id, template_id)
    return service.to_out(template, principal.administration)


@templates.patch(
    "/{template_id}",
    response_model=schemas.PdfTemplateOut,
    responses=responses(NotFound),
    name="update",
    summary="Change a PDF template",
)
async def update_template(
    template_id: str, data: schemas.PdfTemplateUpdate, session: Session, principal: SettingsWriter
) -> schemas.PdfTemplateOut:
    template = await service.update_template(
        session, principal.administration_id, template_id, data
    )
    return service.to_out(template, principal.administration)


@templates.delete(
    "/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.PdfTemplateIsDefault, service.PdfTemplateInUse),
    name="delete",
    summary="Delete a PDF template that is not in use",
)
async def delete_template(
    template_id: str, session: Session, principal: SettingsWriter
) -> Response:
    await service.delete_template(session, principal.administration, template_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


LOGO_TYPES = ("image/png", "image/jpeg")


@templates.put(
    "/{template_id}/logo",
    response_model=schemas.PdfTemplateOut,
    responses=responses(NotFound, UnsupportedMediaType),
    name="set_logo",
    summary=f"Upload the logo: the raw PNG or JPEG bytes, at most {MAX_LOGO_BYTES // 1024} KB",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in LOGO_TYPES},
        }
    },
)
async def set_logo(
    template_id: str, request: Request, session: Session, principal: SettingsWriter
) -> schemas.PdfTemplateOut:
    # Not found comes first: another administration's template is a 404 whatever the body.
    await service.get_template(session, principal.administration_id, template_id)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in LOGO_TYPES:
        raise UnsupportedMediaType(t("Send the logo as {types}.", types=" or ".join(LOGO_TYPES)))
    data = await request.body()
    if len(data) > MAX_LOGO_BYTES:
        raise Invalid.field(
            ["body"], t("logo is larger than {size} KB", size=MAX_LOGO_BYTES // 1024), "too_large"
        )
    template = await service.set_logo(session, principal.administration_id, template_id, data)
    return service.to_out(template, principal.administration)


@templates.delete(
    "/{template_id}/logo",
    response_model=schemas.PdfTemplateOut,
    responses=responses(NotFound),
    name="delete_logo",
    summary="Remove the logo",
)
async def delete_logo(
    template_id: str, session: Session, principal: SettingsWriter
) -> schemas.PdfTemplateOut:
    template = await service.delete_logo(session, principal.administration_id, template_id)
    return service.to_out(template, principal.administration)


@documents.get(
    "/{document_id}",
    response_model=schemas.DocumentOut,
    responses=responses(NotFound),
    name="get",
    summary="A stored document",
)
async def get_document(
    document_id: str, session: Session, principal: Reader
) -> schemas.DocumentOut:
    document = await service.get_document(session, principal.administration_id, document_id)
    return service.document_out(document)


@documents.get(
    "/{document_id}/content",
    response_class=Response,
    responses=responses(NotFound)
    | {
        200: {
            "description": "The stored bytes, exactly as made at finalisation",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/xml": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    name="content",
    summary="Download a stored document (the PDF as stored; never re-rendered)",
)
async def content(document_id: str, session: Session, principal: Reader) -> Response:
    document = await service.get_document(
        session, principal.administration_id, document_id, with_content=True
    )
    return Response(
        document.content,
        media_type=document.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "ETag": f'"{document.sha256}"',
            "Cache-Control": "private, max-age=31536000, immutable",
        },
    )
