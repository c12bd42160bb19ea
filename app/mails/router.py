"""HTTP routes for e-mail templates and mails (drafts, sending, the outbox status)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response, status

from app.auth.dependencies import MailSender, Reader, SettingsWriter
from app.errors import NotFound, PreconditionFailed, responses
from app.http.dependencies import AppSettings, Pagination, Session
from app.http.routing import api_router
from app.mails import repository as repo
from app.mails import schemas, service
from app.models.enums import MailStatus
from app.shared.pagination import page

templates = api_router("/v1/email-templates", "email_templates")
mails = api_router("/v1/mails", "mails")

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=100,
        description="The ETag of the draft as you read it; a stale one is a 412.",
    ),
]
ETAG = {
    "ETag": {
        "description": "Version of the mail; send it back as If-Match.",
        "required": True,
        "schema": {"type": "string"},
    }
}


@templates.get(
    "", response_model=schemas.EmailTemplatePage, name="list", summary="List e-mail templates"
)
async def list_templates(
    session: Session, principal: Reader, params: Pagination
) -> schemas.EmailTemplatePage:
    rows = await repo.email_templates(session, principal.administration_id, params)
    out = [service.template_out(t, principal.administration) for t in rows]
    return page(schemas.EmailTemplatePage, out, params, lambda t: t.id)


@templates.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.EmailTemplateOut,
    name="create",
    summary="Create an e-mail template (warnings: no PDF attached, unknown placeholders)",
)
async def create_template(
    data: schemas.EmailTemplateCreate, session: Session, principal: SettingsWriter
) -> schemas.EmailTemplateOut:
    template = await service.create_template(session, principal.administration_id, data)
    return service.template_out(template, principal.administration)


@templates.get(
    "/{template_id}",
    response_model=schemas.EmailTemplateOut,
    responses=responses(NotFound),
    name="get",
    summary="An e-mail template",
)
async def get_template(
    template_id: str, session: Session, principal: Reader
) -> schemas.EmailTemplateOut:
    template = await service.get_template(session, principal.administration_id, template_id)
    return service.template_out(template, principal.administration)


@templates.patch(
    "/{template_id}",
    response_model=schemas.EmailTemplateOut,
    responses=responses(NotFound),
    name="update",
    summary="Change an e-mail template",
)
async def update_template(
    template_id: str, data: schemas.EmailTemplateUpdate, session: Session, principal: SettingsWriter
) -> schemas.EmailTemplateOut:
    template = await service.update_template(
        session, principal.administration_id, template_id, data
    )
    return service.template_out(template, principal.administration)


@templates.delete(
    "/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.EmailTemplateIsDefault),
    name="delete",
    summary="Delete an e-mail template (not the default one)",
)
async def delete_template(
    template_id: str, session: Session, principal: SettingsWriter
) -> Response:
    await service.delete_template(session, principal.administration, template_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- mails -------------------------------------------------------------------------------------


@mails.get("", response_model=schemas.MailPage, name="list", summary="List mails")
async def list_mails(
    session: Session,
    principal: Reader,
    params: Pagination,
    status: MailStatus | None = None,
) -> schemas.MailPage:
    rows = await service.list_mails(session, principal.administration_id, params, status=status)
    return page(schemas.MailPage, [service.mail_out(m) for m in rows], params, lambda m: m.id)


@mails.get(
    "/{mail_id}",
    response_model=schemas.MailOut,
    responses=responses(NotFound) | {200: {"description": "The mail", "headers": ETAG}},
    name="get",
    summary="A mail, with its ETag",
)
async def get_mail(
    mail_id: str, response: Response, session: Session, principal: Reader
) -> schemas.MailOut:
    mail = await service.get_mail(session, principal.administration_id, mail_id)
    response.headers["ETag"] = service.etag(mail)
    return service.mail_out(mail)


@mails.patch(
    "/{mail_id}",
    response_model=schemas.MailOut,
    responses=responses(
        NotFound, service.MailNotDraft, PreconditionFailed, service.PreconditionRequired
    )
    | {200: {"description": "The saved draft", "headers": ETAG}},
    name="update",
    summary="Save a draft (partial update; If-Match required; only known addresses)",
)
async def update_mail(
    mail_id: str,
    data: schemas.MailUpdate,
    response: Response,
    session: Session,
    principal: MailSender,
    if_match: IfMatch = None,
) -> schemas.MailOut:
    mail = await service.update_draft(session, principal.administration, mail_id, data, if_match)
    response.headers["ETag"] = service.etag(mail)
    return service.mail_out(mail)


@mails.delete(
    "/{mail_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.MailNotDraft, PreconditionFailed),
    name="delete",
    summary="Delete a draft",
)
async def delete_mail(
    mail_id: str, session: Session, principal: MailSender, if_match: IfMatch = None
) -> Response:
    await service.delete_draft(session, principal.administration_id, mail_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@mails.post(
    "/{mail_id}/send",
    response_model=schemas.MailOut,
    responses=responses(NotFound, service.MailNotDraft, PreconditionFailed)
    | {200: {"description": "The queued mail", "headers": ETAG}},
    name="send",
    summary="Send a draft: it is queued now and becomes `sent` or `failed`",
)
async def send_mail(
    mail_id: str,
    response: Response,
    session: Session,
    principal: MailSender,
    settings: AppSettings,
    if_match: IfMatch = None,
) -> schemas.MailOut:
    mail = await service.send_draft(
        session,
        principal.administration,
        mail_id,
        if_match,
        mail_limit_per_hour=settings.mail_limit_per_hour,
    )
    response.headers["ETag"] = service.etag(mail)
    return service.mail_out(mail)
