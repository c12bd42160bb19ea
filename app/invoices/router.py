"""HTTP routes for invoices: drafts, checks, delivery, previews and payment status."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Query, Response, status
from pypdf import PdfWriter

from app import clock
from app.auth.dependencies import Finalizer, InvoicesWriter, MailSender, Reader
from app.documents import repository as documents_repo
from app.documents import schemas as documents_schemas
from app.documents import service as documents
from app.documents.print_view import invoice_document
from app.errors import NotFound, responses
from app.http.dependencies import AppSettings, Pagination, Session
from app.http.routing import api_router
from app.i18n import t
from app.invoices import checks, credit_notes, mailing, printing, schemas, service
from app.invoices import finalize as finalizing
from app.invoices.delivery import default_recipients, delivery_of
from app.mails import repository as mails_repo
from app.mails import schemas as mails_schemas
from app.mails import service as mails
from app.models.enums import DeliveryMethod, InvoiceStatus, PaymentStatus
from app.payments import service as payments
from app.shared.pagination import page

router = api_router("/v1/invoices", "invoices")

IdFilter = Annotated[str | None, Query(max_length=40)]
PDF = {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}


@router.get(
    "/post-batch",
    response_class=Response,
    responses=responses(NotFound)
    | {200: PDF | {"description": "One PDF with every post invoice of the day, for printing"}},
    name="post_batch",
    summary="The day's invoices to post, merged into one print-ready PDF",
)
async def post_batch(
    session: Session,
    principal: Reader,
    day: Annotated[
        schemas.InvoiceDate,
        Query(
            alias="date", description="Finalisation day, YYYY-MM-DD (administration's time zone)."
        ),
    ],
) -> Response:
    zone = ZoneInfo(principal.administration.timezone)
    start = datetime.combine(day, time(), zone)
    end = datetime.combine(day + timedelta(days=1), time(), zone)
    stored = await documents_repo.post_documents(session, principal.administration_id, start, end)
    if not stored:
        raise NotFound(t("No invoices were finalised for post delivery on {day}.", day=day))
    writer = PdfWriter()
    for document in stored:
        writer.append(io.BytesIO(document.content))
    buffer = io.BytesIO()
    writer.write(buffer)
    return Response(
        buffer.getvalue(),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="post-{day}.pdf"'},
    )


@router.get("", response_model=schemas.InvoicePage, name="list", summary="List invoices")
async def list_invoices(
    session: Session,
    principal: Reader,
    params: Pagination,
    status: InvoiceStatus | None = None,
    payment_status: PaymentStatus | None = None,
    customer_id: IdFilter = None,
    company_id: IdFilter = None,
) -> schemas.InvoicePage:
    rows = await service.list_invoices(
        session,
        principal.administration_id,
        params,
        status=status,
        payment_status=payment_status,
        customer_id=customer_id,
        company_id=company_id,
    )
    return page(schemas.InvoicePage, await service.outs(session, rows), params, lambda i: i.id)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.InvoiceOut,
    name="create",
    summary="Create a draft invoice",
)
async def create_invoice(
    data: schemas.InvoiceCreate, session: Session, principal: InvoicesWriter
) -> schemas.InvoiceOut:
    invoice = await service.create_invoice(session, principal.administration, data)
    return await service.out(session, invoice)


@router.get(
    "/{invoice_id}",
    response_model=schemas.InvoiceOut,
    responses=responses(NotFound),
    name="get",
    summary="An invoice",
)
async def get_invoice(invoice_id: str, session: Session, principal: Reader) -> schemas.InvoiceOut:
    view = await service.read_invoice(session, principal.administration_id, invoice_id)
    return service.view_out(view)


@router.patch(
    "/{invoice_id}",
    response_model=schemas.InvoiceOut,
    responses=responses(NotFound, service.InvoiceNotDraft),
    name="update",
    summary="Change a draft invoice (409 once final)",
)
async def update_invoice(
    invoice_id: str, data: schemas.InvoiceUpdate, session: Session, principal: InvoicesWriter
) -> schemas.InvoiceOut:
    invoice = await service.update_invoice(session, principal.administration, invoice_id, data)
    return await service.out(session, invoice)


@router.delete(
    "/{invoice_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.InvoiceNotDraft, service.InvoiceInUse),
    name="delete",
    summary="Delete a draft invoice (409 once final)",
)
async def delete_invoice(invoice_id: str, session: Session, principal: InvoicesWriter) -> Response:
    await service.delete_invoice(session, principal.administration_id, invoice_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch(
    "/{invoice_id}/payment",
    response_model=schemas.InvoiceOut,
    responses=responses(NotFound),
    name="set_payment",
    summary="Mark an invoice paid or unpaid (drafts and final invoices)",
    description=(
        "On a final invoice `paid` records one payment of what is due (today, method `other`) "
        "and `unpaid` reverses its payments (a credit note's settlement stays); see "
        "`/v1/invoices/{invoice_id}/payments`. A draft only carries the mark until it is "
        "finalised, which records the payment."
    ),
)
async def set_payment(
    invoice_id: str,
    data: schemas.PaymentUpdate,
    session: Session,
    principal: InvoicesWriter,
) -> schemas.InvoiceOut:
    invoice = await payments.mark(
        session, principal.administration, invoice_id, data.payment_status
    )
    return await service.out(session, invoice)


@router.get(
    "/{invoice_id}/check",
    response_model=schemas.CheckOut,
    responses=responses(NotFound),
    name="check",
    summary="What would block or deserve a warning at finalisation",
)
async def check_invoice(invoice_id: str, session: Session, principal: Reader) -> schemas.CheckOut:
    administration = principal.administration
    invoice = await service.get_invoice(session, administration.id, invoice_id, contacts=True)
    template = None
    if administration.default_email_template_id:
        template = await mails_repo.email_template(
            session, administration.id, administration.default_email_template_id
        )
    return checks.check(administration, invoice, template)


@router.get(
    "/{invoice_id}/delivery",
    response_model=schemas.DeliveryOut,
    responses=responses(NotFound),
    name="delivery",
    summary="How the invoice will be delivered, and where that was decided",
)
async def delivery(invoice_id: str, session: Session, principal: Reader) -> schemas.DeliveryOut:
    administration = principal.administration
    invoice = await service.get_invoice(session, administration.id, invoice_id, contacts=True)
    method, source = delivery_of(invoice)
    # A final invoice can be e-mailed (again) whatever its method: POST .../mails.
    email = method is DeliveryMethod.email or invoice.status is InvoiceStatus.final
    templates = await mails_repo.email_templates(session, administration.id) if email else []
    return schemas.DeliveryOut(
        delivery_method=method,
        delivery_method_source=source,
        pdf_template_id=None if email else administration.default_pdf_template_id,
        default_recipients=[
            schemas.DefaultRecipient(address=r.address, name=r.name, source=r.source)
            for r in default_recipients(invoice)
        ]
        if email
        else [],
        email_templates=[mails.template_choice(t, administration) for t in templates],
    )


@router.get(
    "/{invoice_id}/preview.pdf",
    response_class=Response,
    responses=responses(
        NotFound,
        service.InvoiceNotDraft,
        service.NoDefaultPdfTemplate,
        documents.DocumentRenderFailed,
    )
    | {200: PDF | {"description": "The draft as PDF, watermarked"}},
    name="preview",
    summary="The draft as PDF with a CONCEPT watermark and no number",
)
async def preview(
    invoice_id: str,
    session: Session,
    principal: Reader,
    pdf_template_id: Annotated[
        str | None, Query(max_length=40, description="Default: the administration's default.")
    ] = None,
) -> Response:
    administration = principal.administration
    invoice = await service.get_invoice(session, administration.id, invoice_id)
    if invoice.status is not InvoiceStatus.draft:
        raise service.InvoiceNotDraft(
            t("A final invoice is not previewed; download its stored documents instead.")
        )
    template_id = pdf_template_id or administration.default_pdf_template_id
    if template_id is None:
        raise service.NoDefaultPdfTemplate(
            t("The administration has no default PDF template; pass pdf_template_id.")
        )
    template = await documents.get_template(session, administration.id, template_id, with_logo=True)
    # The preview looks like the final PDF will: a post invoice as the window letter.
    method, _ = delivery_of(invoice)
    doc = invoice_document(
        printing.snapshot_of(invoice, administration),
        letter=method is DeliveryMethod.post,
        now=clock.now(),
    )
    pdf = await documents.render_pdf(doc, template)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="concept-{invoice.id}.pdf"'},
    )


@router.post(
    "/{invoice_id}/finalize",
    response_model=schemas.FinalizedInvoiceOut,
    responses=responses(
        NotFound,
        service.InvoiceNotDraft,
        finalizing.NumberInUse,
        finalizing.InvoiceNotReady,
        credit_notes.CreditExceedsInvoice,
        documents.DocumentRenderFailed,
    ),
    name="finalize",
    summary="Finalise irreversibly: number, documents and (e-mail delivery) the mail",
    description=(
        "Body `{}` for delivery by post or none. For e-mail delivery: `email_template_id`, "
        "`recipients` (`to`, `cc`, `bcc`; default: the default recipients) and `action` "
        "(`send` queues the mail at once, `edit` keeps it as a draft). The invoice is final in "
        "both cases. Blocking problems of the check make it a 422 that lists them; a final "
        "invoice is a 409. Safe to retry with an `Idempotency-Key`."
    ),
)
async def finalize(
    invoice_id: str,
    data: finalizing.FinalizeRequest,
    session: Session,
    principal: Finalizer,
    settings: AppSettings,
) -> schemas.FinalizedInvoiceOut:
    done = await finalizing.finalize(
        session,
        principal.administration,
        invoice_id,
        data,
        mail_limit_per_hour=settings.mail_limit_per_hour,
    )
    # The documents were just made: no need to read them back.
    base = service.to_out(done.invoice, sorted(done.documents, key=lambda d: d.id))
    return schemas.FinalizedInvoiceOut(
        **base.model_dump(), mail=mails.mail_out(done.mail) if done.mail else None
    )


@router.post(
    "/{invoice_id}/credit-note",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.InvoiceOut,
    responses=responses(
        NotFound,
        credit_notes.InvoiceNotFinal,
        credit_notes.CreditNoteNotCreditable,
        credit_notes.CreditExceedsInvoice,
    ),
    name="credit_note",
    summary="A draft credit note for (part of) a final invoice",
)
async def credit_note(
    invoice_id: str, data: schemas.CreditNoteCreate, session: Session, principal: InvoicesWriter
) -> schemas.InvoiceOut:
    credit = await credit_notes.create_credit_note(
        session, principal.administration, invoice_id, data
    )
    return await service.out(session, credit)


@router.get(
    "/{invoice_id}/documents",
    response_model=documents_schemas.DocumentPage,
    responses=responses(NotFound),
    name="documents",
    summary="The invoice's stored documents",
)
async def invoice_documents(
    invoice_id: str, session: Session, principal: Reader, params: Pagination
) -> documents_schemas.DocumentPage:
    await service.get_invoice(session, principal.administration_id, invoice_id)
    rows = await documents_repo.documents_page(
        session, principal.administration_id, invoice_id, params
    )
    return page(
        documents_schemas.DocumentPage,
        [documents.document_out(d) for d in rows],
        params,
        lambda d: d.id,
    )


@router.get(
    "/{invoice_id}/mails",
    response_model=mails_schemas.MailPage,
    responses=responses(NotFound),
    name="mails",
    summary="The invoice's mails with their status (the E-mail tab)",
)
async def invoice_mails(
    invoice_id: str, session: Session, principal: Reader, params: Pagination
) -> mails_schemas.MailPage:
    await service.get_invoice(session, principal.administration_id, invoice_id)
    rows = await mails.list_mails(
        session, principal.administration_id, params, invoice_id=invoice_id
    )
    return page(mails_schemas.MailPage, [mails.mail_out(m) for m in rows], params, lambda m: m.id)


@router.post(
    "/{invoice_id}/mails",
    status_code=status.HTTP_201_CREATED,
    response_model=mails_schemas.MailOut,
    responses=responses(NotFound, mailing.InvoiceIsDraft),
    name="create_mail",
    summary="E-mail a final invoice (again): a new mail with its stored documents",
    description=(
        "A new mail for a final invoice, whatever its delivery method: after a failed mail, a "
        "deleted draft, or a delivery by post or none. Body as finalize's e-mail part: "
        "`email_template_id` (default: the administration's default), `recipients` (`to`, "
        "`cc`, `bcc`; default: the default recipients of GET .../delivery) and `action` "
        "(`send` queues the mail at once and counts against the hourly mail limit, `edit` keeps "
        "it as a draft). Only known addresses. The mail attaches the PDF stored at "
        "finalisation (and the UBL when the template says so), never a new rendering; earlier "
        "mails stay in the history. A draft invoice is a 409. Safe to retry with an "
        "`Idempotency-Key`."
    ),
)
async def create_mail(
    invoice_id: str,
    data: mailing.InvoiceMailCreate,
    session: Session,
    principal: MailSender,
    settings: AppSettings,
) -> mails_schemas.MailOut:
    mail = await mailing.mail_final_invoice(
        session,
        principal.administration,
        invoice_id,
        data,
        mail_limit_per_hour=settings.mail_limit_per_hour,
    )
    return mails.mail_out(mail)
