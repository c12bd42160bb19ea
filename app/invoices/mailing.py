"""The mails of a final invoice: the e-mail choice of a request (template, known recipients,
send or edit), the plan of a recurrence's automatic mail, and making the mail. One way an
invoice mail is made, at finalisation (`app.invoices.finalize`) and any time after
(`mail_final_invoice`), always attaching the documents stored at finalisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, placeholders
from app.documents import repository as documents_repo
from app.errors import Conflict, FieldError, Invalid, NotFound, TooManyRequests
from app.i18n import render, t
from app.invoices import delivery, printing
from app.invoices import repository as repo
from app.mails import repository as mails_repo
from app.mails import schemas as mail_schemas
from app.mails import service as mails
from app.models import Administration, Document, EmailTemplate, Invoice, Mail
from app.models.enums import InvoiceStatus, MailKind, MailStatus
from app.shared import links
from app.shared.schemas import StrictModel


class MailChoice(StrictModel):
    """The e-mail part of finalising, and the body of a new mail for a final invoice: the
    template, the selected recipients and what to do with the mail."""

    email_template_id: str | None = Field(
        default=None, max_length=40, description="Default: the administration's default template."
    )
    recipients: mail_schemas.Recipients | None = Field(
        default=None, description="Default: all default recipients of GET .../delivery, as To."
    )
    action: Literal["send", "edit"] | None = Field(
        default=None,
        description="`send`: the mail goes out at once; `edit`: it is kept as a draft to edit.",
    )


class InvoiceMailCreate(MailChoice):
    """A new mail for a final invoice, whatever its delivery method: the template, the selected
    recipients and `send` or `edit`. The mail attaches the documents stored at finalisation."""


class InvoiceIsDraft(Conflict):
    type, code = "invoice-is-draft", "invoice_is_draft"
    title = t("A draft invoice is not mailed; finalise it first")


async def email_plan(
    session: AsyncSession, administration: Administration, invoice: Invoice, data: MailChoice
) -> tuple[EmailTemplate, mail_schemas.Recipients, Literal["send", "edit"]]:
    errors = []
    template_id = data.email_template_id or administration.default_email_template_id
    template = None
    if template_id is None:
        errors.append(
            FieldError(
                loc=["body", "email_template_id"],
                msg=t("choose an e-mail template"),
                type="missing",
            )
        )
    else:
        try:
            template = await mails.get_template(session, administration.id, template_id)
        except NotFound:
            errors.append(
                FieldError(
                    loc=["body", "email_template_id"],
                    msg=t("e-mail template {id} does not exist", id=template_id),
                    type="value_error",
                )
            )
    if data.action is None:
        errors.append(
            FieldError(
                loc=["body", "action"],
                msg=t("delivery is by e-mail: say `send` or `edit`"),
                type="missing",
            )
        )
    recipients = data.recipients
    if recipients is None:
        defaults = [r.address for r in delivery.default_recipients(invoice)]
        if defaults:
            recipients = mail_schemas.Recipients(to=defaults)
        else:
            errors.append(
                FieldError(
                    loc=["body", "recipients"],
                    msg=t("no default recipients; give recipients.to"),
                    type="missing",
                )
            )
    if errors:
        raise Invalid(errors[0].msg, errors=errors)
    assert template is not None
    assert data.action is not None
    assert recipients is not None
    await mails.check_known(
        session,
        administration,
        {
            ("body", "recipients", "to"): recipients.to,
            ("body", "recipients", "cc"): recipients.cc,
            ("body", "recipients", "bcc"): recipients.bcc,
        },
    )
    return template, recipients, data.action


@dataclass(frozen=True)
class MailPlan:
    """The mail made at finalisation: template, recipients, and send at once or keep a draft."""

    template: EmailTemplate
    to: list[str]
    cc: list[str]
    bcc: list[str]
    send: bool
    attach_ubl: bool = False


async def automatic_mail_plan(
    session: AsyncSession, administration: Administration, invoice: Invoice, mail_limit: int
) -> MailPlan | str:
    """The mail of a recurring `create_and_send`: the customer's one valid address (seed 004:
    "een geldig enkelvoudig emailadres"), the default e-mail template, a copy to the owner.
    Returns why no mail can be sent instead, when one cannot (the invoice is made anyway)."""
    party = invoice.customer if invoice.customer is not None else invoice.company
    address = party.email if party is not None else None
    template = None
    if administration.default_email_template_id:
        template = await mails_repo.email_template(
            session, administration.id, administration.default_email_template_id
        )
    if address is None:
        return "the customer has no valid e-mail address"
    if template is None:
        return "no default e-mail template is set"
    if not administration.sender_email:
        return "no sender e-mail address is set"
    try:
        await mails.check_volume(session, administration.id, mail_limit)
    except TooManyRequests as exc:
        # Told to the owner in the recurrence's own texts, which are English here.
        return render(exc.detail, "en") if exc.detail else "the hourly mail limit is reached"
    copy_to = [administration.owner_email] if administration.owner_email else []
    return MailPlan(
        template, to=[address], cc=[], bcc=copy_to, send=True, attach_ubl=template.attach_ubl
    )


async def invoice_mail(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    plan: MailPlan,
    attached: list[Document],
) -> Mail:
    """The mail of `plan` for a final invoice, its template's placeholders resolved (today in
    the administration's time zone), attaching `attached`: queued, or a draft to edit. The one
    way an invoice mail is made, at finalisation and later (`mail_final_invoice`)."""
    template = plan.template
    public_url = links.public_url(await repo.active_token(session, invoice.id))
    values = placeholders.mail_values(
        today=clock.today_in(administration.timezone),
        locale=administration.locale.value,
        facts=printing.facts_of(invoice, administration, public_url),
    )
    return await mails.create_mail(
        session,
        administration,
        invoice_id=invoice.id,
        kind=MailKind.invoice,
        status=MailStatus.queued if plan.send else MailStatus.draft,
        to=plan.to,
        cc=plan.cc,
        bcc=plan.bcc,
        subject=placeholders.render(template.subject, values),
        body=placeholders.render(template.body, values),
        body_html=placeholders.render_html(template.body_html, values)
        if template.body_html
        else None,
        document_ids=[d.id for d in attached],
        email_template_id=template.id,
    )


def stored_attachments(
    template: EmailTemplate, stored: list[Document], *, attach_ubl: bool
) -> list[Document]:
    """What a mail made after finalisation attaches: the invoice's stored documents, never a new
    rendering (a final invoice's documents do not change). Each PDF template of the e-mail
    template gives the PDF stored with it, or else the invoice's own PDF (made with another
    template, say for delivery by post); the UBL when the template asks for it."""
    pdfs = [d for d in stored if d.kind == "pdf"]
    chosen: list[Document] = []
    for attachment in template.attachments:
        match = [d for d in pdfs if d.pdf_template_id == attachment.pdf_template_id]
        document = match[0] if match else (pdfs[0] if pdfs else None)
        if document is not None and document not in chosen:
            chosen.append(document)
    if attach_ubl:
        chosen.extend(d for d in stored if d.kind == "ubl")
    return chosen


async def mail_final_invoice(
    session: AsyncSession,
    administration: Administration,
    invoice_id: str,
    data: InvoiceMailCreate,
    *,
    mail_limit_per_hour: int,
) -> Mail:
    """A new mail for a final invoice, whatever its delivery method (again after a failed or
    deleted mail, or for the first time after a delivery by post or none). The same rules as the
    mail of finalisation: known addresses only, and a mail sent at once counts against the
    hourly mail limit. Earlier mails stay as they are."""
    if data.action == "send":
        await mails.check_volume(session, administration.id, mail_limit_per_hour)
    invoice = await repo.invoice(session, administration.id, invoice_id, contacts=True)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    if invoice.status is not InvoiceStatus.final:
        raise InvoiceIsDraft(
            t("The invoice is a draft; finalise it first (that makes its mail, or send it later).")
        )
    template, recipients, action = await email_plan(session, administration, invoice, data)
    stored = sorted(
        await documents_repo.documents_of(session, [invoice.id]),
        key=lambda d: (d.created_at, d.id),
    )
    plan = MailPlan(
        template,
        to=list(recipients.to),
        cc=list(recipients.cc),
        bcc=list(recipients.bcc),
        send=action == "send",
        attach_ubl=template.attach_ubl,
    )
    attached = stored_attachments(template, stored, attach_ubl=plan.attach_ubl)
    return await invoice_mail(session, administration, invoice, plan, attached)
