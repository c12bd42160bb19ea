"""Drafts of invoices: create, change and delete them; read invoices and
shape them into the API's answer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.documents import repository as documents_repo
from app.documents import service as documents
from app.errors import Conflict, Invalid, NotFound
from app.i18n import t
from app.invoices import delivery, schemas, totals
from app.invoices import repository as repo
from app.models import Administration, Document, Invoice, InvoiceLine
from app.models.base import new_id
from app.models.enums import (
    InvoiceKind,
    InvoiceStatus,
    PaymentStatus,
)
from app.parties import repository as parties_repo
from app.payments.status import overpaid
from app.shared import vat
from app.shared.pagination import PageParams

# An invoice's total must stay far below what the exact integer columns can hold.
MAX_TOTAL = Decimal(10) ** 13


class InvoiceNotDraft(Conflict):
    type, code = "invoice-not-draft", "invoice_not_draft"
    title = t("The invoice is final")


class InvoiceInUse(Conflict):
    type, code = "invoice-in-use", "invoice_in_use"
    title = t("The invoice is still in use")


class NoDefaultPdfTemplate(Conflict):
    type, code = "no-default-pdf-template", "no_default_pdf_template"
    title = t("The administration has no default PDF template")


# --- reading -----------------------------------------------------------------------------------


async def get_invoice(
    session: AsyncSession,
    administration_id: str,
    invoice_id: str,
    *,
    refresh: bool = False,
    contacts: bool = False,
) -> Invoice:
    """The invoice with its lines and parties (and the parties' contact details if asked)."""
    invoice = await repo.invoice(
        session, administration_id, invoice_id, refresh=refresh, contacts=contacts
    )
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    return invoice


async def read_invoice(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> repo.InvoiceView:
    """The invoice as GET shows it (read with Core, no ORM objects)."""
    view = await repo.read_invoice(session, administration_id, invoice_id)
    if view is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    return view


def to_out(invoice: Invoice, documents: Iterable[Document] = ()) -> schemas.InvoiceOut:
    """The answer for an ORM invoice loaded with its lines and parties, with `documents`."""
    return view_out(repo.view_of(invoice, documents))


def view_out(view: repo.InvoiceView) -> schemas.InvoiceOut:
    method, source = delivery.stored_delivery(
        view.status, view.delivery_method, view.delivery_method_source
    ) or delivery.resolve_delivery_method(
        delivery.level_of(view.customer_id), view.customer_delivery, view.company_delivery
    )
    t = totals.of_lines(view.lines)
    return schemas.InvoiceOut(
        id=view.id,
        kind=view.kind,
        level=delivery.level_of(view.customer_id),
        customer_id=view.customer_id,
        company_id=view.company_id,
        invoice_date=view.invoice_date,
        due_date=view.due_date,
        delivery_date=view.delivery_date,
        lines=[schemas.LineOut.model_validate(line) for line in view.lines],
        notes=view.notes,
        currency=view.currency,
        status=view.status,
        payment_status=view.payment_status,
        amount_paid=view.amount_paid,
        amount_due=t.total - view.amount_paid,
        overpaid=overpaid(t.total, view.amount_paid),
        number=view.number,
        finalized_at=view.finalized_at,
        paid_at=view.paid_at,
        delivery_method=method,
        delivery_method_source=source,
        totals=schemas.TotalsOut(
            subtotal=t.subtotal,
            vat=[schemas.VatOut(rate=v.rate, base=v.base, amount=v.amount) for v in t.vat],
            total=t.total,
        ),
        documents=[
            schemas.DocumentRef(
                id=d.id, kind=d.kind, filename=d.filename, content_url=documents.content_url(d.id)
            )
            for d in view.documents
        ],
        credited_invoice_id=view.credited_invoice_id,
        created_at=view.created_at,
        updated_at=view.updated_at,
    )


async def list_invoices(
    session: AsyncSession, administration_id: str, params: PageParams, **filters: Any
) -> list[Invoice]:
    return await repo.invoices(session, administration_id, params, **filters)


# --- writing drafts ----------------------------------------------------------------------------


def _lines(
    administration: Administration, kind: InvoiceKind, data: list[schemas.LineIn]
) -> list[InvoiceLine]:
    # Under the small-business scheme (KOR) no VAT is charged: a line that names no rate is
    # exempt rather than 21%. A rate given explicitly is kept, and /check refuses a charged one.
    default_rate = vat.EXEMPT if administration.small_business_scheme else None
    out = []
    for position, line in enumerate(data):
        if kind is InvoiceKind.invoice and line.quantity < 0:
            raise Invalid.field(
                ["body", "lines", position, "quantity"],
                t(
                    "quantities on an invoice cannot be negative; give a discount as a negative "
                    "unit price, or make a credit note"
                ),
            )
        out.append(
            InvoiceLine(
                id=new_id("lin"),
                position=position,
                description=line.description,
                delivery_date=line.delivery_date,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=(
                    default_rate
                    if default_rate and "vat_rate" not in line.model_fields_set
                    else line.vat_rate
                ),
                amount=totals.line_amount(line.quantity, line.unit_price),
            )
        )
    return out


def apply_totals(invoice: Invoice) -> None:
    sums = totals.of_lines(invoice.lines)
    if abs(sums.total) >= MAX_TOTAL or abs(sums.subtotal) >= MAX_TOTAL:
        raise Invalid.field(["body", "lines"], t("the invoice total is too large"))
    invoice.subtotal, invoice.vat_total, invoice.total = sums.subtotal, sums.vat_total, sums.total


async def _set_party(
    session: AsyncSession,
    invoice: Invoice,
    administration_id: str,
    customer_id: str | None,
    company_id: str | None,
) -> None:
    if customer_id is not None:
        customer = await parties_repo.customer(session, administration_id, customer_id)
        if customer is None:
            raise Invalid.field(
                ["body", "customer_id"], t("customer {id} does not exist", id=customer_id)
            )
        invoice.customer_id, invoice.company_id = customer.id, None
    else:
        assert company_id is not None
        company = await parties_repo.company(session, administration_id, company_id)
        if company is None:
            raise Invalid.field(
                ["body", "company_id"], t("company {id} does not exist", id=company_id)
            )
        invoice.customer_id, invoice.company_id = None, company.id


def apply_payment_term(administration: Administration, invoice: Invoice) -> None:
    if not invoice.due_date_fixed:
        invoice.due_date = invoice.invoice_date + timedelta(days=administration.payment_term_days)


async def create_invoice(
    session: AsyncSession,
    administration: Administration,
    data: schemas.InvoiceCreate,
    *,
    kind: InvoiceKind = InvoiceKind.invoice,
    credited_invoice_id: str | None = None,
) -> Invoice:
    invoice = Invoice(
        id=new_id("inv"),
        administration_id=administration.id,
        kind=kind,
        status=InvoiceStatus.draft,
        payment_status=data.payment_status,
        # Created as paid: paid now, as when it is marked paid later.
        paid_at=clock.now() if data.payment_status is PaymentStatus.paid else None,
        invoice_date=data.invoice_date or clock.today_in(administration.timezone),
        due_date_fixed=data.due_date is not None,
        delivery_date=data.delivery_date,
        notes=data.notes,
        currency=data.currency,
        credited_invoice_id=credited_invoice_id,
        lines=_lines(administration, kind, data.lines),
    )
    if data.due_date is not None:
        invoice.due_date = data.due_date
    apply_payment_term(administration, invoice)
    await _set_party(session, invoice, administration.id, data.customer_id, data.company_id)
    apply_totals(invoice)
    session.add(invoice)
    await session.flush()
    return await get_invoice(session, administration.id, invoice.id, refresh=True)


async def draft_for_update(
    session: AsyncSession, administration_id: str, invoice_id: str, *, contacts: bool = False
) -> Invoice:
    invoice = await repo.invoice(
        session, administration_id, invoice_id, for_update=True, contacts=contacts
    )
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    if invoice.status is not InvoiceStatus.draft:
        raise InvoiceNotDraft(
            t(
                "Invoice {number} is final and cannot change; correct it with a credit note.",
                number=invoice.number,
            )
        )
    return invoice


async def update_invoice(
    session: AsyncSession,
    administration: Administration,
    invoice_id: str,
    data: schemas.InvoiceUpdate,
) -> Invoice:
    invoice = await draft_for_update(session, administration.id, invoice_id)
    given = data.model_fields_set
    if "customer_id" in given and data.customer_id is not None:
        await _set_party(session, invoice, administration.id, data.customer_id, None)
    elif "company_id" in given and data.company_id is not None:
        await _set_party(session, invoice, administration.id, None, data.company_id)
    elif "customer_id" in given or "company_id" in given:
        raise Invalid.field(["body"], t("an invoice needs a customer or a company"))
    if "invoice_date" in given and data.invoice_date is not None:
        invoice.invoice_date = data.invoice_date
    if "due_date" in given:
        invoice.due_date_fixed = data.due_date is not None
        if data.due_date is not None:
            invoice.due_date = data.due_date
    apply_payment_term(administration, invoice)
    if invoice.due_date < invoice.invoice_date:
        raise Invalid.field(["body", "due_date"], t("due_date cannot be before invoice_date"))
    if "delivery_date" in given:
        invoice.delivery_date = data.delivery_date
    if "notes" in given:
        invoice.notes = data.notes
    if "payment_status" in given and data.payment_status is not None:
        if invoice.payment_status is not data.payment_status:
            paid = data.payment_status is PaymentStatus.paid
            invoice.paid_at = clock.now() if paid else None
        invoice.payment_status = data.payment_status
    if data.lines is not None:
        invoice.lines.clear()
        await session.flush()  # delete the old lines before positions are reused
        invoice.lines.extend(_lines(administration, invoice.kind, data.lines))
        apply_totals(invoice)
    invoice.updated_at = clock.now()
    await session.flush()
    return await get_invoice(session, administration.id, invoice.id, refresh=True)


async def delete_invoice(session: AsyncSession, administration_id: str, invoice_id: str) -> None:
    invoice = await draft_for_update(session, administration_id, invoice_id)
    if await repo.is_recurrence_base(session, invoice.id):
        raise InvoiceInUse(
            t("The invoice is the base of a recurrence; delete the recurrence first.")
        )
    await session.delete(invoice)
    await session.flush()


async def outs(session: AsyncSession, invoices: list[Invoice]) -> list[schemas.InvoiceOut]:
    """Invoices with their documents, loaded in one query for the whole page. Documents are
    made only at finalisation, so a page of drafts needs no query."""
    final = [i.id for i in invoices if i.status is not InvoiceStatus.draft]
    by_invoice: dict[str, list[Document]] = {}
    for d in await documents_repo.documents_of(session, final):
        by_invoice.setdefault(d.invoice_id, []).append(d)
    return [to_out(i, by_invoice.get(i.id, ())) for i in invoices]


async def out(session: AsyncSession, invoice: Invoice) -> schemas.InvoiceOut:
    return (await outs(session, [invoice]))[0]
