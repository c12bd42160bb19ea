"""Finalising: the irreversible step. One transaction claims the draft, takes the next number,
freezes what was printed, stores the documents and (for e-mail delivery) makes the mail.

If anything fails the transaction rolls back: the invoice stays a draft and the number counter is
unchanged, so no number is ever burnt.

A final invoice can be e-mailed again later (`mail_final_invoice`): the same mail path
(`_email_plan`, `invoice_mail`) with the documents stored here, never a new rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from app import clock, events, placeholders
from app.db import on_commit
from app.documents import repository as documents_repo
from app.documents import service as documents
from app.documents.layouts import layout_version
from app.documents.print_view import invoice_document
from app.documents.snapshot import InvoiceSnapshot
from app.errors import Conflict, FieldError, Invalid, NotFound, TooManyRequests
from app.i18n import join, render, t
from app.invoices import checks, credit_notes, delivery, printing, schemas, service, totals
from app.invoices import repository as repo
from app.invoices.ubl import Attachment, render_ubl, ubl_document
from app.mails import repository as mails_repo
from app.mails import schemas as mail_schemas
from app.mails import service as mails
from app.models import (
    Administration,
    Document,
    EmailTemplate,
    Invoice,
    Mail,
    PdfTemplate,
)
from app.models.enums import (
    DeliveryMethod,
    InvoiceKind,
    InvoiceStatus,
    MailKind,
    MailStatus,
    PartyLevel,
    PaymentStatus,
)
from app.observability import INVOICES_FINALIZED
from app.parties.identifiers import format_number, number_fields
from app.shared.schemas import StrictModel

FILENAME_LABEL = {
    ("nl", InvoiceKind.invoice): "factuur",
    ("nl", InvoiceKind.credit_note): "creditnota",
    ("en", InvoiceKind.invoice): "invoice",
    ("en", InvoiceKind.credit_note): "credit-note",
}


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


class FinalizeRequest(MailChoice):
    """`{}` for delivery by post or none. For e-mail: the template, the selected recipients and
    what to do with the mail."""


class InvoiceMailCreate(MailChoice):
    """A new mail for a final invoice, whatever its delivery method: the template, the selected
    recipients and `send` or `edit`. The mail attaches the documents stored at finalisation."""


class NumberInUse(Conflict):
    type, code = "number-in-use", "number_in_use"
    title = t("The invoice number is already in use")


class InvoiceIsDraft(Conflict):
    type, code = "invoice-is-draft", "invoice_is_draft"
    title = t("A draft invoice is not mailed; finalise it first")


class InvoiceNotReady(Invalid):
    type, code = "invoice-not-ready", "invoice_not_ready"
    title = t("The invoice cannot be finalised yet")


@dataclass
class Finalized:
    invoice: Invoice
    documents: list[Document]
    mail: Mail | None


def series_for(administration: Administration, invoice: Invoice) -> tuple[str, str]:
    """(series key, number format). A format with the {year} field numbers each year from 1
    again; the fields come from the parsed format, so a literal `{{year}}` (the text `{year}` in
    every number) is one series that never restarts. {month} never restarts a series: without
    {year} in the number, a restart would repeat numbers (formats with {month} but no {year} are
    refused since; one stored before counts on, so its numbers stay unique)."""
    separate = invoice.kind is InvoiceKind.credit_note and administration.credit_note_number_format
    fmt = administration.credit_note_number_format if separate else administration.number_format
    assert fmt is not None
    key = "credit" if separate else "invoice"
    if "year" in number_fields(fmt):
        key = f"{key}-{invoice.invoice_date.year}"
    return key, fmt


# The generator's version, stored on each UBL document; the profile is named inside it.
UBL_VERSION = "ubl-2.1-en16931-peppol-nlcius-2"
PDF_DESCRIPTION = {"nl": "Factuur als PDF", "en": "Invoice as PDF"}


def _ubl(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    snapshot: InvoiceSnapshot,
    pdf: Document,
) -> Document:
    """The UBL e-invoice, stored beside the PDF: the same snapshot, for bookkeeping software.
    It carries that PDF unless the administration turned this off: Dutch bookkeeping packages
    import the UBL and show the PDF from inside it."""
    attachment = None
    if administration.ubl_embeds_pdf:
        attachment = Attachment(
            filename=pdf.filename,
            mime_type="application/pdf",
            data=pdf.content,
            description=PDF_DESCRIPTION[administration.locale.value],
        )
    data = render_ubl(ubl_document(snapshot, attachment))
    assert invoice.number is not None
    return documents.store(
        session,
        administration_id=administration.id,
        invoice_id=invoice.id,
        kind="ubl",
        filename=_filename(administration, invoice, invoice.number).removesuffix(".pdf") + ".xml",
        content_type="application/xml",
        data=data,
        template_version=UBL_VERSION,
        pdf_template_id=None,
    )


def _filename(
    administration: Administration, invoice: Invoice, number: str, suffix: str = ""
) -> str:
    label = FILENAME_LABEL[(administration.locale.value, invoice.kind)]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-") or "document"
    return f"{label}-{safe}{suffix}.pdf"


async def _render(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    template: PdfTemplate,
    snapshot: InvoiceSnapshot,
    *,
    letter: bool,
    suffix: str,
) -> Document:
    data = await documents.render_pdf(invoice_document(snapshot, letter=letter), template)
    assert invoice.number is not None
    return documents.store(
        session,
        administration_id=administration.id,
        invoice_id=invoice.id,
        kind="pdf",
        filename=_filename(administration, invoice, invoice.number, suffix),
        content_type="application/pdf",
        data=data,
        template_version=f"{template.layout}@{layout_version(template.layout)}",
        pdf_template_id=template.id,
    )


async def _email_plan(
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


async def _pdf_templates(
    session: AsyncSession, administration: Administration, plan: MailPlan | None
) -> list[tuple[PdfTemplate, bool]]:
    """The PDF templates to render, each with whether the mail attaches it: the e-mail
    template's attachments, or else (none/post delivery, or an e-mail template without PDF) the
    archive copy in the default template, so every final invoice has its document."""
    chosen = []
    if plan is not None:
        for attachment in plan.template.attachments:
            template = await documents.get_template(
                session, administration.id, attachment.pdf_template_id, with_logo=True
            )
            chosen.append((template, True))
    if not chosen:
        if administration.default_pdf_template_id is None:
            raise InvoiceNotReady(t("The administration has no default PDF template."))
        template = await documents.get_template(
            session, administration.id, administration.default_pdf_template_id, with_logo=True
        )
        chosen.append((template, False))
    return chosen


@dataclass(frozen=True)
class MailPlan:
    """The mail made at finalisation: template, recipients, and send at once or keep a draft."""

    template: EmailTemplate
    to: list[str]
    cc: list[str]
    bcc: list[str]
    send: bool
    attach_ubl: bool = False


# Problems that do not block an automatic finalisation (recurrences): nothing is delivered
# (create), or the mail goes to the customer's own address whatever the delivery method says
# (create_and_send).
DELIVERY_PROBLEMS = frozenset({"missing_email", "missing_address", "missing_sender"})


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


def blocking(check: schemas.CheckOut, ignore: frozenset[str] = frozenset()) -> None:
    """Raise the 422 listing the check's errors (except the codes in `ignore`)."""
    problems = [p for p in check.problems if p.severity == "error" and p.code not in ignore]
    if problems:
        raise InvoiceNotReady(
            join(p.message for p in problems),
            errors=[
                FieldError(loc=[p.field or "invoice"], msg=p.message, type=p.code) for p in problems
            ],
            problems=[p.model_dump() for p in problems],
        )


async def finalize(
    session: AsyncSession,
    administration: Administration,
    invoice_id: str,
    data: FinalizeRequest,
    *,
    mail_limit_per_hour: int,
) -> Finalized:
    """The API's finalisation: the check must pass, and the request must fit the delivery. A
    mail sent at once counts against the hourly mail limit (429 before anything changes)."""
    if data.action == "send":
        await mails.check_volume(session, administration.id, mail_limit_per_hour)
    invoice = await service.draft_for_update(session, administration.id, invoice_id, contacts=True)
    check = checks.check(administration, invoice)
    blocking(check)
    method, source = check.delivery_method, check.delivery_method_source
    plan = None
    if method is DeliveryMethod.email:
        template, recipients, action = await _email_plan(session, administration, invoice, data)
        plan = MailPlan(
            template,
            to=list(recipients.to),
            cc=list(recipients.cc),
            bcc=list(recipients.bcc),
            send=action == "send",
            attach_ubl=template.attach_ubl,
        )
    elif data.model_fields_set - {"action"} or data.action is not None:
        raise Invalid.field(
            ["body"],
            t("delivery is {method}: finalise with an empty body {{}}", method=method.value),
            "not_email_delivery",
        )
    return await finalize_draft(session, administration, invoice, method, source, plan)


async def finalize_draft(
    session: AsyncSession,
    administration: Administration,
    invoice: Invoice,
    method: DeliveryMethod,
    source: PartyLevel,
    plan: MailPlan | None,
) -> Finalized:
    """Finalise a draft loaded for update (checks are the caller's): number, freeze, documents,
    and the mail of `plan` (none: only the archive PDF of the default template)."""
    credited_number, credited_date = None, None
    if invoice.credited_invoice_id:
        # The lines may have been edited since the draft was made, and other credit notes of the
        # invoice finalised: check again, with the credited invoice locked until commit.
        credited = await credit_notes.check_credit_left(
            session, invoice.credited_invoice_id, totals.of_lines(invoice.lines).total, ["lines"]
        )
        credited_number, credited_date = credited.number, credited.invoice_date

    # Everything that does not need the number is read before it is taken: the counter row stays
    # locked from the bump until commit, and other finalisations of the series wait that long.
    layouts = await _pdf_templates(session, administration, plan)

    series, fmt = series_for(administration, invoice)
    sequence = await repo.next_sequence(session, administration.id, series)
    number = format_number(
        fmt, year=invoice.invoice_date.year, month=invoice.invoice_date.month, seq=sequence
    )
    buyer = delivery.buyer_of(invoice)
    notes = printing.resolved_notes(
        invoice, administration, printing.facts_of(invoice, administration)
    )
    now = clock.now()
    final_values: dict[str, Any] = {
        "status": InvoiceStatus.final,
        "series": series,
        "sequence": sequence,
        "number": number,
        "notes": notes,
        "notes_source": invoice.notes,
        "finalized_at": now,
        "updated_at": now,
        "delivery_method": method,
        "delivery_method_source": source.value,
        "due_date_fixed": True,
        "parties_snapshot": {
            "buyer": {
                "name": buyer.name,
                "attention": buyer.attention,
                "address": buyer.address.model_dump(),
                "vat_number": buyer.vat_number,
                "email": buyer.email,
                "kvk_number": buyer.kvk_number,
                "peppol_id": buyer.peppol_id,
            }
        },
    }
    if invoice.payment_status is PaymentStatus.paid and invoice.paid_at is None:
        # A draft made as paid without a date (a recurrence's copy): paid when it is issued.
        final_values["paid_at"] = now
    try:
        claimed = await repo.claim_draft(session, invoice.id, final_values)
    except IntegrityError as exc:
        # The unique index on (administration, number) over all series: formats that overlap
        # (stored before overlapping ones were refused, or changed within a year). The
        # transaction rolls back: the counter is not consumed and the invoice stays a draft.
        raise NumberInUse(
            t(
                "Number {number} is already used by another invoice or credit note: the number "
                "formats overlap (number_format {number_format}, "
                "credit_note_number_format {credit_note_number_format}). "
                "Change one of them in the settings; nothing was finalised and no number was used.",
                number=number,
                number_format=repr(administration.number_format),
                credit_note_number_format=repr(administration.credit_note_number_format),
            ),
            number=number,
        ) from exc
    if not claimed:
        raise service.InvoiceNotDraft(t("The invoice was finalised by another request."))
    # The row now holds exactly these values: mirror them instead of reading the row back.
    for name, value in final_values.items():
        set_committed_value(invoice, name, value)

    # One snapshot of the final invoice feeds every PDF and the e-invoice alike.
    snapshot = printing.snapshot_of(
        invoice,
        administration,
        credited_invoice_number=credited_number,
        credited_invoice_date=credited_date,
    )
    stored: list[Document] = []
    attached: list[Document] = []
    for i, (pdf_template, attach) in enumerate(layouts):
        document = await _render(
            session,
            administration,
            invoice,
            pdf_template,
            snapshot,
            letter=method is DeliveryMethod.post and not attach,
            suffix="" if i == 0 else f"-{i + 1}",
        )
        stored.append(document)
        if attach:
            attached.append(document)
    ubl = _ubl(session, administration, invoice, snapshot, stored[0])
    stored.append(ubl)
    if plan is not None and plan.attach_ubl:
        attached.append(ubl)
    await session.flush()

    mail = None
    if plan is not None:
        mail = await invoice_mail(session, administration, invoice, plan, attached)
    await events.publish(session, events.InvoiceFinalized(administration, invoice))
    on_commit(session, INVOICES_FINALIZED.inc)
    return Finalized(invoice, stored, mail)


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
    values = placeholders.mail_values(
        today=clock.today_in(administration.timezone),
        locale=administration.locale.value,
        facts=printing.facts_of(invoice, administration),
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
    template, recipients, action = await _email_plan(session, administration, invoice, data)
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
