"""E-mail templates and mails: drafts are edited under optimistic locking; only known addresses
may be used; sending queues the mail for the worker (never SMTP inside a request)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, placeholders
from app.errors import AppError, Conflict, FieldError, Invalid, NotFound, PreconditionFailed
from app.events import AdministrationCreated
from app.i18n import join, t
from app.invoices import printing
from app.invoices import repository as invoices_repo
from app.mails import repository as repo
from app.mails import schemas
from app.models import (
    Administration,
    EmailTemplate,
    EmailTemplateAttachment,
    Mail,
    MailAttachment,
    PdfTemplate,
)
from app.models.base import new_id
from app.models.enums import MailKind, MailStatus
from app.parties import repository as parties_repo
from app.ratelimit import too_many
from app.repository import get_owned
from app.shared import links, wakeup
from app.shared.pagination import PageParams


class MailNotDraft(Conflict):
    type, code = "mail-not-draft", "mail_not_draft"
    title = t("The mail is no longer a draft")


class PreconditionRequired(AppError):
    status, type, code = 428, "precondition-required", "precondition_required"
    title = t("If-Match is required")


class EmailTemplateIsDefault(Conflict):
    type, code = "email-template-is-default", "email_template_is_default"
    title = t("The e-mail template is the administration's default")


# --- e-mail templates --------------------------------------------------------------------------


def template_warnings(
    subject: str, body: str, body_html: str | None, attachments: Sequence[str]
) -> list[schemas.TemplateWarning]:
    warnings = []
    if not attachments:  # the UBL alone is no invoice a person can read
        warnings.append(
            schemas.TemplateWarning(
                code="no_pdf_attachment",
                message="This template attaches no PDF: the invoice itself would not be sent.",
                field="attachments",
            )
        )
    for field, text in (("subject", subject), ("body", body), ("body_html", body_html or "")):
        for name in placeholders.unknown_placeholders(text, placeholders.ALLOWED_IN_MAIL):
            warnings.append(
                schemas.TemplateWarning(
                    code="unknown_placeholder",
                    message=f"[{name}] is not a known placeholder and will be sent as written.",
                    field=field,
                )
            )
    return warnings


def template_out(
    template: EmailTemplate, administration: Administration
) -> schemas.EmailTemplateOut:
    attachments = [a.pdf_template_id for a in template.attachments]
    return schemas.EmailTemplateOut(
        id=template.id,
        name=template.name,
        subject=template.subject,
        body=template.body,
        body_html=template.body_html,
        attachments=attachments,
        attach_ubl=template.attach_ubl,
        is_default=administration.default_email_template_id == template.id,
        warnings=template_warnings(
            template.subject, template.body, template.body_html, attachments
        ),
        created_at=template.created_at,
        updated_at=template.updated_at,
    )


def template_choice(
    template: EmailTemplate, administration: Administration
) -> schemas.EmailTemplateChoice:
    out = template_out(template, administration)
    return schemas.EmailTemplateChoice(
        id=out.id,
        name=out.name,
        subject=out.subject,
        attachments=out.attachments,
        is_default=out.is_default,
        warnings=out.warnings,
    )


async def get_template(
    session: AsyncSession, administration_id: str, template_id: str
) -> EmailTemplate:
    template = await repo.email_template(session, administration_id, template_id)
    if template is None:
        raise NotFound(t("E-mail template {id} not found.", id=template_id))
    return template


async def _attachments(
    session: AsyncSession, administration_id: str, ids: list[str]
) -> list[EmailTemplateAttachment]:
    errors = []
    for i, template_id in enumerate(ids):
        if await get_owned(session, PdfTemplate, template_id, administration_id) is None:
            errors.append(
                FieldError(
                    loc=["body", "attachments", i],
                    msg=t("PDF template {id} does not exist", id=template_id),
                    type="value_error",
                )
            )
    if len(set(ids)) != len(ids):
        errors.append(
            FieldError(
                loc=["body", "attachments"],
                msg=t("a PDF template is listed twice"),
                type="value_error",
            )
        )
    if errors:
        raise Invalid(errors[0].msg, errors=errors)
    return [EmailTemplateAttachment(position=i, pdf_template_id=t) for i, t in enumerate(ids)]


async def create_template(
    session: AsyncSession, administration_id: str, data: schemas.EmailTemplateCreate
) -> EmailTemplate:
    template = EmailTemplate(
        id=new_id("emlt"),
        administration_id=administration_id,
        name=data.name,
        subject=data.subject,
        body=data.body,
        body_html=data.body_html,
        attach_ubl=data.attach_ubl,
        attachments=await _attachments(session, administration_id, data.attachments),
    )
    session.add(template)
    await session.flush()
    return template


async def update_template(
    session: AsyncSession,
    administration_id: str,
    template_id: str,
    data: schemas.EmailTemplateUpdate,
) -> EmailTemplate:
    template = await get_template(session, administration_id, template_id)
    values = data.model_dump(exclude_unset=True)
    if "attachments" in values:
        new = await _attachments(session, administration_id, values.pop("attachments"))
        template.attachments.clear()
        await session.flush()
        template.attachments.extend(new)
    for name, value in values.items():
        setattr(template, name, value)
    template.updated_at = clock.now()
    await session.flush()
    return template


async def delete_template(
    session: AsyncSession, administration: Administration, template_id: str
) -> None:
    template = await get_template(session, administration.id, template_id)
    if administration.default_email_template_id == template.id:
        raise EmailTemplateIsDefault(
            t("This is the default e-mail template; choose another default first.")
        )
    await session.delete(template)
    await session.flush()


DEFAULT_SUBJECT = "Factuur [factuurnummer] van [administratie_naam]"
DEFAULT_BODY = """Beste [klant_naam],

In de bijlage vindt u factuur [factuurnummer] van [factuurdatum] voor een bedrag van [totaal].
Wij verzoeken u dit bedrag vóór [vervaldatum] over te maken op [iban]
onder vermelding van [betaalkenmerk].

Met vriendelijke groet,
[administratie_naam]
"""


async def create_default_template(session: AsyncSession, event: AdministrationCreated) -> None:
    """A new administration's default e-mail template, attaching its default PDF template
    (made first: see app/wiring.py)."""
    administration = event.administration
    attachments = (
        [administration.default_pdf_template_id] if administration.default_pdf_template_id else []
    )
    template = await create_template(
        session,
        administration.id,
        schemas.EmailTemplateCreate(
            name="Factuur (standaard)",
            subject=DEFAULT_SUBJECT,
            body=DEFAULT_BODY,
            attachments=attachments,
        ),
    )
    administration.default_email_template_id = template.id
    await session.flush()


# --- mails -------------------------------------------------------------------------------------


def etag(mail: Mail) -> str:
    return f'"{mail.version}"'


def mail_out(mail: Mail) -> schemas.MailOut:
    return schemas.MailOut(
        id=mail.id,
        invoice_id=mail.invoice_id,
        kind=mail.kind,
        status=mail.status,
        sender=mail.sender,
        to=list(mail.to),
        cc=list(mail.cc),
        bcc=list(mail.bcc),
        subject=mail.subject,
        body=mail.body,
        body_html=mail.body_html,
        attachments=[a.document_id for a in mail.attachments],
        email_template_id=mail.email_template_id,
        message_id=mail.message_id,
        attempts=mail.attempts,
        next_attempt_at=mail.next_attempt_at,
        queued_at=mail.queued_at,
        sent_at=mail.sent_at,
        error=mail.error,
        deliveries=[
            schemas.DeliveryAttempt(
                attempt=d.attempt,
                recipient=d.recipient,
                status=d.status,
                code=d.code,
                reply=d.reply,
                at=d.created_at,
            )
            for d in mail.deliveries
        ],
        version=mail.version,
        created_at=mail.created_at,
        updated_at=mail.updated_at,
    )


async def get_mail(
    session: AsyncSession, administration_id: str, mail_id: str, *, for_update: bool = False
) -> Mail:
    mail = await repo.mail(session, administration_id, mail_id, for_update=for_update)
    if mail is None:
        raise NotFound(t("Mail {id} not found.", id=mail_id))
    return mail


async def check_known(
    session: AsyncSession,
    administration: Administration,
    fields: dict[tuple[str, ...], list[str]],
) -> None:
    """422 naming every address (by its location) that is not known to the administration."""
    errors = []
    everyone = [address for addresses in fields.values() for address in addresses]
    unknown = set(await parties_repo.unknown_addresses(session, administration, everyone))
    for loc, addresses in fields.items():
        for i, address in enumerate(addresses):
            if address in unknown:
                errors.append(
                    FieldError(
                        loc=[*loc, i],
                        msg=t(
                            "{address} is not a known address of this administration",
                            address=address,
                        ),
                        type="unknown_address",
                    )
                )
    if errors:
        raise Invalid(join(e.msg for e in errors), errors=errors)


# A host name in ASCII: the only domain a Message-ID may carry (RFC 5322 dot-atom).
_HOST_NAME = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)


def message_id(mail_id: str, sender: str) -> str:
    """`<mail id@sender's domain>`. The domain in its ASCII (IDNA) form: senders are stored so
    since addresses are normalised, but an older row may still hold `bücher.example`, and a
    non-ASCII Message-ID is refused by the transport, failing every mail of the administration.
    """
    domain = sender.rpartition("@")[2]
    try:
        # The transport's own conversion (`parse_address`), so both name the same domain.
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    if not _HOST_NAME.fullmatch(domain):
        domain = "invoicer.invalid"
    return f"<{mail_id}@{domain}>"


async def create_mail(
    session: AsyncSession,
    administration: Administration,
    *,
    invoice_id: str | None,
    kind: MailKind,
    status: MailStatus,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    subject: str,
    body: str,
    body_html: str | None,
    document_ids: list[str],
    email_template_id: str | None = None,
) -> Mail:
    """A draft, or a queued mail the worker delivers after this transaction commits."""
    if not administration.sender_email:
        raise Invalid.field(
            ["administration", "sender_email"], t("set a sender e-mail address first")
        )
    mail_id = new_id("mail")
    now = clock.now()
    mail = Mail(
        id=mail_id,
        administration_id=administration.id,
        invoice_id=invoice_id,
        kind=kind,
        status=status,
        email_template_id=email_template_id,
        sender=administration.sender_email,
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        body=body,
        body_html=body_html,
        message_id=message_id(mail_id, administration.sender_email),
        version=1,
        attempts=0,
        queued_at=now if status is MailStatus.queued else None,
        next_attempt_at=now if status is MailStatus.queued else None,
        attachments=[],
        deliveries=[],
    )
    mail.attachments.extend(
        MailAttachment(position=i, document_id=d) for i, d in enumerate(document_ids)
    )
    session.add(mail)
    await session.flush()
    if status is MailStatus.queued:
        await wakeup.work_added(session)
    return mail


def _check_version(mail: Mail, if_match: str | None, *, required: bool) -> None:
    if if_match is None:
        if required:
            raise PreconditionRequired(
                t(
                    "Send the mail's ETag as If-Match (currently {etag}), "
                    "so edits never overwrite each other.",
                    etag=etag(mail),
                )
            )
        return
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if "*" not in tags and etag(mail) not in tags:
        raise PreconditionFailed(
            t(
                "The draft changed since you read it (now {etag}); "
                "reload it and apply your edits again.",
                etag=etag(mail),
            ),
            headers={"ETag": etag(mail)},
        )


def _draft(mail: Mail) -> None:
    if mail.status is not MailStatus.draft:
        raise MailNotDraft(
            t(
                "Mail {id} is {status}; only drafts can be changed.",
                id=mail.id,
                status=mail.status.value,
            )
        )


async def update_draft(
    session: AsyncSession,
    administration: Administration,
    mail_id: str,
    data: schemas.MailUpdate,
    if_match: str | None,
) -> Mail:
    mail = await get_mail(session, administration.id, mail_id, for_update=True)
    _draft(mail)
    _check_version(mail, if_match, required=True)
    values = data.model_dump(exclude_unset=True)
    await check_known(
        session,
        administration,
        {("body", k): values[k] for k in ("to", "cc", "bcc") if k in values},
    )
    for name, value in values.items():
        setattr(mail, name, value)
    mail.version += 1
    mail.updated_at = clock.now()
    await session.flush()
    return mail


async def delete_draft(
    session: AsyncSession, administration_id: str, mail_id: str, if_match: str | None
) -> None:
    mail = await get_mail(session, administration_id, mail_id, for_update=True)
    _draft(mail)
    _check_version(mail, if_match, required=False)
    await session.delete(mail)
    await session.flush()


HOUR = timedelta(hours=1)


async def check_volume(
    session: AsyncSession, administration_id: str, limit: int, adding: int = 1
) -> None:
    """429 when queueing `adding` more mails would pass the administration's hourly limit
    (`INVOICER_MAIL_LIMIT_PER_HOUR`; counted in the database, so it holds across processes).
    Every path that queues a customer's mail asks here: sending a draft, finalise-and-send,
    e-mailing a final invoice again and recurring create-and-send."""
    count, oldest = await repo.queued_since(session, administration_id, clock.now() - HOUR)
    if count + adding > limit:
        wait = ((oldest + HOUR) - clock.now()).total_seconds() if oldest else 3600
        raise too_many(
            wait,
            t(
                "This administration may queue {limit} mails per hour; try again later.",
                limit=limit,
            ),
        )


async def send_draft(
    session: AsyncSession,
    administration: Administration,
    mail_id: str,
    if_match: str | None,
    *,
    mail_limit_per_hour: int,
) -> Mail:
    """Queue a draft; the worker sends it after this transaction commits."""
    await check_volume(session, administration.id, mail_limit_per_hour)
    mail = await get_mail(session, administration.id, mail_id, for_update=True)
    _draft(mail)
    _check_version(mail, if_match, required=False)
    if not mail.to:
        raise Invalid.field(["to"], t("a mail needs at least one To address"))
    # Addresses may have been removed since the draft was saved.
    await check_known(
        session, administration, {("to",): mail.to, ("cc",): mail.cc, ("bcc",): mail.bcc}
    )
    await resolve_placeholders(session, administration, mail)
    now = clock.now()
    mail.status = MailStatus.queued
    mail.queued_at = now
    mail.next_attempt_at = now
    mail.version += 1
    mail.updated_at = now
    await session.flush()
    await wakeup.work_added(session)
    return mail


async def resolve_placeholders(
    session: AsyncSession, administration: Administration, mail: Mail
) -> None:
    """Resolve the placeholders typed into a draft (subject, body, HTML body) as it is sent:
    the mail placeholders relative to today in the administration's time zone (the day the
    mail goes out, as the manual says), the invoice's own ones from its invoice. Unknown
    placeholders stay as written (the template warnings name them)."""
    facts = None
    if mail.invoice_id is not None:
        invoice = await invoices_repo.invoice(session, administration.id, mail.invoice_id)
        if invoice is not None:
            token = await invoices_repo.active_token(session, invoice.id)
            facts = printing.facts_of(invoice, administration, links.public_url(token))
    values = placeholders.mail_values(
        today=clock.today_in(administration.timezone),
        locale=administration.locale.value,
        facts=facts,
    )
    mail.subject = placeholders.render(mail.subject, values)
    mail.body = placeholders.render(mail.body, values)
    if mail.body_html is not None:
        mail.body_html = placeholders.render_html(mail.body_html, values)


async def list_mails(
    session: AsyncSession, administration_id: str, params: PageParams, **filters: object
) -> list[Mail]:
    return await repo.mails(session, administration_id, params, **filters)  # type: ignore[arg-type]
