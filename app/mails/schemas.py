"""Request and response models for e-mail templates and mails."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from app.i18n import t
from app.models.enums import MailKind, MailStatus
from app.parties.identifiers import Email, Name
from app.shared.pagination import Page
from app.shared.schemas import StrictModel, UpdateModel


def _subject(value: str) -> str:
    # A subject is one header line: CR/LF would let user text add headers.
    if any(c in value for c in "\r\n\0"):
        raise ValueError(t("the subject must be a single line"))
    return value


def _text(value: str) -> str:
    if "\0" in value:
        raise ValueError(t("NUL characters are not allowed"))
    return value


Subject = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_subject),
]
Body = Annotated[str, StringConstraints(max_length=100_000), AfterValidator(_text)]
Addresses = Annotated[list[Email], Field(max_length=50)]


class EmailTemplateCreate(StrictModel):
    name: Name
    subject: Subject = Field(examples=["Factuur [factuurnummer] van [administratie_naam]"])
    body: Body = Field(description="Plain text with [placeholders].")
    body_html: Body | None = Field(default=None, description="Optional HTML alternative.")
    attachments: list[Annotated[str, StringConstraints(max_length=40)]] = Field(
        default_factory=list,
        max_length=10,
        description="PDF template ids; each is generated as a document and attached.",
    )
    attach_ubl: bool = Field(
        default=False, description="Also attach the UBL e-invoice (Peppol BIS 3) as XML."
    )


class EmailTemplateUpdate(UpdateModel):
    not_nullable = ("name", "subject", "body", "attachments", "attach_ubl")

    name: Name | None = None
    subject: Subject | None = None
    body: Body | None = None
    body_html: Body | None = None
    attachments: list[Annotated[str, StringConstraints(max_length=40)]] | None = Field(
        default=None, max_length=10
    )
    attach_ubl: bool | None = None


class TemplateWarning(BaseModel):
    code: Literal["no_pdf_attachment", "unknown_placeholder"]
    message: str
    field: str | None = None


class EmailTemplateOut(BaseModel):
    id: str
    name: str
    subject: str
    body: str
    body_html: str | None
    attachments: list[str]
    attach_ubl: bool
    is_default: bool = Field(description="Used by `create_and_send` recurrences.")
    warnings: list[TemplateWarning]
    created_at: datetime
    updated_at: datetime


class EmailTemplatePage(Page[EmailTemplateOut]):
    pass


class DeliveryAttempt(BaseModel):
    attempt: int
    recipient: str
    status: Literal["accepted", "deferred", "rejected"]
    code: int | None
    reply: str
    at: datetime


class MailOut(BaseModel):
    id: str
    invoice_id: str | None
    kind: MailKind
    status: MailStatus
    sender: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    body: str
    body_html: str | None
    attachments: list[str] = Field(description="Document ids.")
    email_template_id: str | None
    message_id: str
    attempts: int
    next_attempt_at: datetime | None
    queued_at: datetime | None
    sent_at: datetime | None
    error: str | None
    deliveries: list[DeliveryAttempt]
    version: int = Field(description="Also the ETag; send it as If-Match when saving a draft.")
    created_at: datetime
    updated_at: datetime


class MailPage(Page[MailOut]):
    pass


class MailUpdate(UpdateModel):
    """Partial update of a draft: only the fields given change."""

    not_nullable = ("to", "cc", "bcc", "subject", "body")

    to: Addresses | None = None
    cc: Addresses | None = None
    bcc: Addresses | None = None
    subject: Subject | None = None
    body: Body | None = None
    body_html: Body | None = None


class Recipients(StrictModel):
    to: Addresses = Field(min_length=1)
    cc: Addresses = Field(default_factory=list)
    bcc: Addresses = Field(default_factory=list)


class EmailTemplateChoice(BaseModel):
    id: str
    name: str
    subject: str
    attachments: list[str]
    is_default: bool
    warnings: list[TemplateWarning]
