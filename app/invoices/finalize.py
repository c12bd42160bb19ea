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
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from app import clock, events
from app.db import on_commit
from app.documents import service as documents
from app.documents.layouts import layout_version
from app.documents.print_view import invoice_document
from app.documents.snapshot import InvoiceSnapshot
from app.errors import Conflict, FieldError, Invalid
from app.i18n import join, t
from app.invoices import checks, credit_notes, delivery, mailing, printing, schemas, service, totals
from app.invoices import repository as repo
from app.invoices.ubl import Attachment, render_ubl, ubl_document
from app.mails import service as mails
from app.models import (
    Administration,
    Document,
    Invoice,
    Mail,
    PdfTemplate,
)
from app.models.enums import (
    DeliveryMethod,
    InvoiceKind,
    InvoiceStatus,
    PartyLevel,
    PaymentStatus,
)
from app.observability import INVOICES_FINALIZED
from app.parties.identifiers import format_number, number_fields

FILENAME_LABEL = {
    ("nl", InvoiceKind.invoice): "factuur",
    ("nl", InvoiceKind.credit_note): "creditnota",
    ("en", InvoiceKind.invoice): "invoice",
    ("en", InvoiceKind.credit_note): "credit-note",
}


class FinalizeRequest(mailing.MailChoice):
    """`{}` for delivery by post or none. For e-mail: the template, the selected recipients and
    what to do with the mail."""


class NumberInUse(Conflict):
    type, code = "number-in-use", "number_in_use"
    title = t("The invoice number is already in use")


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


async def _pdf_templates(
    session: AsyncSession, administration: Administration, plan: mailing.MailPlan | None
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


# Problems that do not block an automatic finalisation (recurrences): nothing is delivered
# (create), or the mail goes to the customer's own address whatever the delivery method says
# (create_and_send).
DELIVERY_PROBLEMS = frozenset({"missing_email", "missing_address", "missing_sender"})


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
        template, recipients, action = await mailing.email_plan(
            session, administration, invoice, data
        )
        plan = mailing.MailPlan(
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
    plan: mailing.MailPlan | None,
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
    # Published before the mail is made: what the subscribers add to the final invoice (its
    # page link, for `[factuur_link]`) is then there for the mail too.
    await events.publish(session, events.InvoiceFinalized(administration, invoice))

    mail = None
    if plan is not None:
        mail = await mailing.invoice_mail(session, administration, invoice, plan, attached)
    on_commit(session, INVOICES_FINALIZED.inc)
    return Finalized(invoice, stored, mail)
