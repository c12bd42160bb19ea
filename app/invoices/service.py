"""Business rules of invoices: drafts, totals, delivery resolution, checks, payment status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.documents import repository as documents_repo
from app.documents import service as documents
from app.errors import Conflict, FieldError, Invalid, NotFound
from app.invoices import repository as repo
from app.invoices import schemas, totals
from app.invoices.repository import DocumentKey
from app.models import Administration, Company, Document, EmailTemplate, Invoice, InvoiceLine
from app.models.base import new_id
from app.models.enums import (
    DeliveryMethod,
    InvoiceKind,
    InvoiceStatus,
    PartyLevel,
    PaymentStatus,
)
from app.parties import repository as parties_repo
from app.parties.identifiers import Address
from app.shared.pagination import PageParams

# An invoice's total must stay far below what the exact integer columns can hold.
MAX_TOTAL = Decimal(10) ** 13


class InvoiceNotDraft(Conflict):
    type, code = "invoice-not-draft", "invoice_not_draft"
    title = "The invoice is final"


class InvoiceInUse(Conflict):
    type, code = "invoice-in-use", "invoice_in_use"
    title = "The invoice is still in use"


class InvoiceNotFinal(Conflict):
    type, code = "invoice-not-final", "invoice_not_final"
    title = "Only a final invoice can be credited"


class CreditNoteNotCreditable(Conflict):
    type, code = "credit-note-not-creditable", "credit_note_not_creditable"
    title = "A credit note cannot be credited"


class NoDefaultPdfTemplate(Conflict):
    type, code = "no-default-pdf-template", "no_default_pdf_template"
    title = "The administration has no default PDF template"


class CreditExceedsInvoice(Invalid):
    type, code = "credit-exceeds-invoice", "credit_exceeds_invoice"
    title = "The credit note credits more than is left of the invoice"


# --- delivery resolution ----------------------------------------------------------------------


def resolve_delivery_method(
    level: PartyLevel,
    customer_method: DeliveryMethod | None,
    company_method: DeliveryMethod | None,
) -> tuple[DeliveryMethod, PartyLevel]:
    """SPEC §2: company level -> the company's method; customer level -> the customer's method,
    except that `none` on a customer linked to a company falls back to the company's method."""
    if level is PartyLevel.company:
        assert company_method is not None
        return company_method, PartyLevel.company
    assert customer_method is not None
    if customer_method is DeliveryMethod.none and company_method is not None:
        return company_method, PartyLevel.company
    return customer_method, PartyLevel.customer


def level_of(invoice: Invoice | Row[Any]) -> PartyLevel:
    return PartyLevel.customer if invoice.customer_id else PartyLevel.company


def linked_company(invoice: Invoice) -> Company | None:
    """The company of a company-level invoice, or the company the customer is linked to."""
    if invoice.customer is not None:
        return invoice.customer.company
    return invoice.company


def stored_delivery(invoice: Invoice | Row[Any]) -> tuple[DeliveryMethod, PartyLevel] | None:
    """The method a final invoice was delivered by (it no longer follows its parties)."""
    if invoice.status is InvoiceStatus.final and invoice.delivery_method is not None:
        return invoice.delivery_method, PartyLevel(invoice.delivery_method_source or "customer")
    return None


def delivery_of(invoice: Invoice) -> tuple[DeliveryMethod, PartyLevel]:
    stored = stored_delivery(invoice)
    if stored is not None:
        return stored
    company = linked_company(invoice)
    return resolve_delivery_method(
        level_of(invoice),
        invoice.customer.delivery_method if invoice.customer else None,
        company.delivery_method if company else None,
    )


# --- the buyer as printed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Buyer:
    name: str
    attention: str | None
    address: Address
    vat_number: str | None
    email: str | None


def buyer_of(invoice: Invoice) -> Buyer:
    """Who the invoice is addressed to. A customer linked to a company is billed at the company,
    for the attention of the customer ("t.a.v."), the way Dutch B2B invoices read."""
    if invoice.parties_snapshot is not None:
        b = invoice.parties_snapshot["buyer"]
        return Buyer(
            b["name"], b["attention"], Address(**b["address"]), b["vat_number"], b["email"]
        )
    customer, company = invoice.customer, linked_company(invoice)
    if customer is None:
        assert company is not None
        return Buyer(
            company.name, None, Address(**company.address), company.vat_number, company.email
        )
    if company is None:
        return Buyer(
            customer.name, None, Address(**customer.address), customer.vat_number, customer.email
        )
    company_address = Address(**company.address)
    return Buyer(
        company.name,
        customer.name,
        company_address if company_address.is_complete else Address(**customer.address),
        company.vat_number or customer.vat_number,
        company.email or customer.email,
    )


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
        raise NotFound(f"Invoice {invoice_id} not found.")
    return invoice


async def read_invoice(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> repo.InvoiceRead:
    """The invoice as GET shows it (rows, not ORM objects)."""
    read = await repo.read_invoice(session, administration_id, invoice_id)
    if read is None:
        raise NotFound(f"Invoice {invoice_id} not found.")
    return read


def totals_of(invoice: Invoice) -> totals.Totals:
    return totals.compute((line.amount, line.vat_rate) for line in invoice.lines)


def to_out(
    invoice: Invoice, documents: list[schemas.DocumentRef] | None = None
) -> schemas.InvoiceOut:
    return _out(invoice, invoice.lines, delivery_of(invoice), documents or [])


def read_out(read: repo.InvoiceRead, documents: list[schemas.DocumentRef]) -> schemas.InvoiceOut:
    invoice = read.invoice
    delivery = stored_delivery(invoice) or resolve_delivery_method(
        level_of(invoice), read.customer_delivery, read.company_delivery
    )
    return _out(invoice, read.lines, delivery, documents)


def _out(
    invoice: Invoice | Row[Any],
    lines: Sequence[InvoiceLine | Row[Any]],
    delivery: tuple[DeliveryMethod, PartyLevel],
    documents: list[schemas.DocumentRef],
) -> schemas.InvoiceOut:
    """`invoice` and `lines` are ORM objects or Core rows with the same attribute names."""
    method, source = delivery
    t = totals.compute((line.amount, line.vat_rate) for line in lines)
    return schemas.InvoiceOut(
        id=invoice.id,
        kind=invoice.kind,
        level=level_of(invoice),
        customer_id=invoice.customer_id,
        company_id=invoice.company_id,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        lines=[schemas.LineOut.model_validate(line) for line in lines],
        notes=invoice.notes,
        currency=invoice.currency,
        status=invoice.status,
        payment_status=invoice.payment_status,
        number=invoice.number,
        finalized_at=invoice.finalized_at,
        paid_at=invoice.paid_at,
        delivery_method=method,
        delivery_method_source=source,
        totals=schemas.TotalsOut(
            subtotal=t.subtotal,
            vat=[schemas.VatOut(rate=v.rate, base=v.base, amount=v.amount) for v in t.vat],
            total=t.total,
        ),
        documents=documents,
        credited_invoice_id=invoice.credited_invoice_id,
        created_at=invoice.created_at,
        updated_at=invoice.updated_at,
    )


async def list_invoices(
    session: AsyncSession, administration_id: str, params: PageParams, **filters: Any
) -> list[Invoice]:
    return await repo.invoices(session, administration_id, params, **filters)


# --- writing drafts ----------------------------------------------------------------------------


def _lines(kind: InvoiceKind, data: list[schemas.LineIn]) -> list[InvoiceLine]:
    out = []
    for position, line in enumerate(data):
        if kind is InvoiceKind.invoice and line.quantity < 0:
            raise Invalid.field(
                ["body", "lines", position, "quantity"],
                "quantities on an invoice cannot be negative; give a discount as a negative "
                "unit price, or make a credit note",
            )
        out.append(
            InvoiceLine(
                id=new_id("lin"),
                position=position,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=totals.line_amount(line.quantity, line.unit_price),
            )
        )
    return out


def _apply_totals(invoice: Invoice) -> None:
    t = totals_of(invoice)
    if abs(t.total) >= MAX_TOTAL or abs(t.subtotal) >= MAX_TOTAL:
        raise Invalid.field(["body", "lines"], "the invoice total is too large")
    invoice.subtotal, invoice.vat_total, invoice.total = t.subtotal, t.vat_total, t.total


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
            raise Invalid.field(["body", "customer_id"], f"customer {customer_id} does not exist")
        invoice.customer_id, invoice.company_id = customer.id, None
    else:
        assert company_id is not None
        company = await parties_repo.company(session, administration_id, company_id)
        if company is None:
            raise Invalid.field(["body", "company_id"], f"company {company_id} does not exist")
        invoice.customer_id, invoice.company_id = None, company.id


def _due(administration: Administration, invoice: Invoice) -> None:
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
        invoice_date=data.invoice_date or clock.today_in(administration.timezone),
        due_date_fixed=data.due_date is not None,
        notes=data.notes,
        currency=data.currency,
        credited_invoice_id=credited_invoice_id,
        lines=_lines(kind, data.lines),
    )
    if data.due_date is not None:
        invoice.due_date = data.due_date
    _due(administration, invoice)
    await _set_party(session, invoice, administration.id, data.customer_id, data.company_id)
    _apply_totals(invoice)
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
        raise NotFound(f"Invoice {invoice_id} not found.")
    if invoice.status is not InvoiceStatus.draft:
        raise InvoiceNotDraft(
            f"Invoice {invoice.number} is final and cannot change; correct it with a credit note."
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
        raise Invalid.field(["body"], "an invoice needs a customer or a company")
    if "invoice_date" in given and data.invoice_date is not None:
        invoice.invoice_date = data.invoice_date
    if "due_date" in given:
        invoice.due_date_fixed = data.due_date is not None
        if data.due_date is not None:
            invoice.due_date = data.due_date
    _due(administration, invoice)
    if invoice.due_date < invoice.invoice_date:
        raise Invalid.field(["body", "due_date"], "due_date cannot be before invoice_date")
    if "notes" in given:
        invoice.notes = data.notes
    if "payment_status" in given and data.payment_status is not None:
        invoice.payment_status = data.payment_status
    if data.lines is not None:
        invoice.lines.clear()
        await session.flush()  # delete the old lines before positions are reused
        invoice.lines.extend(_lines(invoice.kind, data.lines))
        _apply_totals(invoice)
    invoice.updated_at = clock.now()
    await session.flush()
    return await get_invoice(session, administration.id, invoice.id, refresh=True)


async def delete_invoice(session: AsyncSession, administration_id: str, invoice_id: str) -> None:
    invoice = await draft_for_update(session, administration_id, invoice_id)
    if await repo.is_recurrence_base(session, invoice.id):
        raise InvoiceInUse("The invoice is the base of a recurrence; delete the recurrence first.")
    await session.delete(invoice)
    await session.flush()


async def set_payment_status(
    session: AsyncSession, administration_id: str, invoice_id: str, status: PaymentStatus
) -> Invoice:
    """Allowed on drafts and final invoices alike (the payment is not the invoice's content)."""
    invoice = await repo.invoice(session, administration_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFound(f"Invoice {invoice_id} not found.")
    if invoice.payment_status is not status:
        invoice.payment_status = status
        invoice.paid_at = clock.now() if status is PaymentStatus.paid else None
        invoice.updated_at = clock.now()
        await session.flush()
        await events.publish(session, events.PaymentStatusChanged(invoice))
    return invoice


async def create_credit_note(
    session: AsyncSession,
    administration: Administration,
    invoice_id: str,
    data: schemas.CreditNoteCreate,
) -> Invoice:
    """A draft credit note for (part of) a final invoice: the chosen lines with negated
    quantities, for the same party. Finalising it gives it a number like any invoice."""
    original = await get_invoice(session, administration.id, invoice_id)
    if original.status is not InvoiceStatus.final:
        raise InvoiceNotFinal(
            "Only a final invoice can be credited; a draft can simply be changed."
        )
    if original.kind is InvoiceKind.credit_note:
        raise CreditNoteNotCreditable("A credit note cannot be credited.")
    positions = data.lines if data.lines is not None else list(range(len(original.lines)))
    bad = [p for p in positions if not 0 <= p < len(original.lines)]
    if bad or len(set(positions)) != len(positions):
        raise Invalid.field(
            ["body", "lines"],
            f"line positions must be distinct and between 0 and {len(original.lines) - 1}",
        )
    locale = administration.locale.value
    notes = data.notes
    if notes is None:
        notes = (
            f"Creditnota voor factuur {original.number}"
            if locale == "nl"
            else f"Credit note for invoice {original.number}"
        )
    source = [original.lines[p] for p in positions]
    credit = Invoice(
        id=new_id("inv"),
        administration_id=administration.id,
        kind=InvoiceKind.credit_note,
        status=InvoiceStatus.draft,
        payment_status=PaymentStatus.unpaid,
        invoice_date=data.invoice_date or clock.today_in(administration.timezone),
        due_date_fixed=False,
        notes=notes,
        currency=original.currency,
        credited_invoice_id=original.id,
        customer_id=original.customer_id,
        company_id=original.company_id,
        lines=[
            InvoiceLine(
                id=new_id("lin"),
                position=i,
                description=line.description,
                quantity=-line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=totals.line_amount(-line.quantity, line.unit_price),
            )
            for i, line in enumerate(source)
        ],
    )
    _due(administration, credit)
    _apply_totals(credit)
    await check_credit_left(session, original.id, credit.total, ["body", "lines"])
    session.add(credit)
    await session.flush()
    return await get_invoice(session, administration.id, credit.id, refresh=True)


async def check_credit_left(
    session: AsyncSession, credited_invoice_id: str, credit_total: Decimal, loc: list[str | int]
) -> repo.Credited:
    """Refuse (422) a credit note that would credit more than is left of the invoice: its total
    less what its final credit notes credit already, all amounts including VAT. Checked when a
    credit note is made (early, for a clear answer) and again when it is finalised (binding: a
    draft's lines can be edited, and several drafts may exist; drafts do not count, so an
    abandoned one blocks nothing). The credited invoice's row stays locked until commit, so two
    credit notes of one invoice are checked one after the other, never both against the same
    amount left. A credit note with a positive total (it reverses only a discount line) credits
    nothing and is allowed; once final it adds to what is left, as it adds to what is owed.
    Returns the credited invoice's number, date, currency and total."""
    original = await repo.lock_credited(session, credited_invoice_id)
    credited = -await repo.credited_so_far(session, credited_invoice_id)
    left = original.total - credited
    credits = -credit_total
    if credits > left:
        money = original.currency
        msg = (
            f"{money} {max(left, Decimal(0)):.2f} is left to credit of invoice {original.number} "
            f"(total {money} {original.total:.2f}, credited {money} {credited:.2f}); "
            f"this credit note credits {money} {credits:.2f}."
        )
        raise CreditExceedsInvoice(
            msg,
            errors=[FieldError(loc=loc, msg=msg, type="credit_exceeds_invoice")],
            amount_left=f"{max(left, Decimal(0)):.2f}",
        )
    return original


# --- checks ------------------------------------------------------------------------------------


def _problem(
    code: str, severity: str, message: str, field: str | None = None
) -> schemas.CheckProblem:
    return schemas.CheckProblem(code=code, severity=severity, message=message, field=field)


def check(
    administration: Administration, invoice: Invoice, email_template: EmailTemplate | None = None
) -> schemas.CheckOut:
    """What would block (errors) or deserve a second look (warnings) at finalisation.

    For e-mail delivery, `email_template` is the template that would be used (the default one
    when the caller has not chosen)."""
    problems: list[schemas.CheckProblem] = []
    method, source = delivery_of(invoice)
    if invoice.status is InvoiceStatus.final:
        problems.append(
            _problem("already_final", "error", f"Invoice {invoice.number} is already final.")
        )
    missing = [
        label
        for label, present in (
            ("name", administration.name),
            ("address", Address(**administration.address).is_complete),
            ("KvK number", administration.kvk_number),
            ("VAT number", administration.vat_number),
        )
        if not present
    ]
    if missing:
        problems.append(
            _problem(
                "administration_incomplete",
                "error",
                "A Dutch invoice must show the seller's "
                + ", ".join(missing)
                + "; complete the settings.",
                "administration",
            )
        )
    if not administration.iban:
        problems.append(
            _problem(
                "no_iban",
                "warning",
                "No IBAN in the settings: the invoice shows no payment details.",
                "administration.iban",
            )
        )
    if not invoice.lines:
        problems.append(_problem("no_lines", "error", "The invoice has no lines.", "lines"))
    for i, line in enumerate(invoice.lines):
        if line.amount == 0:
            problems.append(
                _problem(
                    "zero_line",
                    "warning",
                    f"Line {i + 1} ({line.description[:40]}) amounts to zero.",
                    f"lines[{i}]",
                )
            )
    t = totals_of(invoice)
    if invoice.kind is InvoiceKind.invoice and t.total < 0:
        problems.append(
            _problem(
                "negative_total",
                "error",
                "The total is negative; make a credit note instead.",
                "lines",
            )
        )
    buyer = buyer_of(invoice)
    if not buyer.address.is_complete:
        if method is DeliveryMethod.post:
            problems.append(
                _problem(
                    "missing_address",
                    "error",
                    f"Delivery is by post but {buyer.name} has no complete address "
                    "(street, postal code, city).",
                    f"{source.value}.address",
                )
            )
        else:
            problems.append(
                _problem(
                    "missing_address",
                    "warning",
                    f"{buyer.name} has no complete address; a full Dutch invoice "
                    "shows the buyer's address.",
                    f"{source.value}.address",
                )
            )
    if (
        any(line.vat_rate == totals.REVERSE_CHARGE for line in invoice.lines)
        and not buyer.vat_number
    ):
        problems.append(
            _problem(
                "reverse_charge_without_vat_number",
                "error",
                f"VAT is reverse-charged but {buyer.name} has no VAT number to print.",
                f"{source.value}.vat_number",
            )
        )
    if method is DeliveryMethod.email and not _has_recipient(invoice):
        problems.append(
            _problem(
                "missing_email",
                "error",
                "Delivery is by e-mail but neither the customer nor the company has an "
                "e-mail address.",
                f"{source.value}.email",
            )
        )
    if method is DeliveryMethod.email:
        if not administration.sender_email:
            problems.append(
                _problem(
                    "missing_sender",
                    "error",
                    "Delivery is by e-mail but the settings have no sender address.",
                    "administration.sender_email",
                )
            )
        if email_template is not None and not email_template.attachments:
            problems.append(
                _problem(
                    "no_pdf_attachment",
                    "warning",
                    f"E-mail template {email_template.name!r} attaches no PDF: the invoice itself "
                    "would not be sent.",
                    "email_template_id",
                )
            )
    return schemas.CheckOut(
        ok=not any(p.severity == "error" for p in problems),
        delivery_method=method,
        delivery_method_source=source,
        problems=problems,
    )


def _has_recipient(invoice: Invoice) -> bool:
    return bool(default_recipients(invoice))


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str | None
    source: str  # customer, company, contact_detail


def default_recipients(invoice: Invoice) -> list[Recipient]:
    """SPEC §3 / seed 000: the customer's address (customer level), the company's (company level),
    both when the customer is linked to a company, plus every e-mail contact detail with the
    invoice flag of the customer (and of the company on a company-level invoice). Each address
    once, compared case-insensitively, in that order."""
    out: list[Recipient] = []
    seen: set[str] = set()

    def add(address: str | None, name: str | None, source: str) -> None:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            out.append(Recipient(address, name, source))

    customer, company = invoice.customer, linked_company(invoice)
    if customer is not None:
        add(customer.email, customer.name, "customer")
    if company is not None:
        add(company.email, company.name, "company")
    flagged_owner = customer if customer is not None else company
    if flagged_owner is not None:
        for detail in flagged_owner.contact_details:
            if detail.type == "email" and detail.invoice:
                add(detail.value, flagged_owner.name, "contact_detail")
    return out


def document_refs(docs: Sequence[Document | DocumentKey]) -> list[schemas.DocumentRef]:
    return [
        schemas.DocumentRef(
            id=d.id, kind=d.kind, filename=d.filename, content_url=documents.content_url(d.id)
        )
        for d in docs
    ]


async def outs(session: AsyncSession, invoices: list[Invoice]) -> list[schemas.InvoiceOut]:
    """Invoices with their documents, loaded in one query for the whole page. Documents are
    made only at finalisation, so a page of drafts needs no query."""
    final = [i.id for i in invoices if i.status is not InvoiceStatus.draft]
    by_invoice: dict[str, list[Document]] = {}
    for d in await documents_repo.documents_of(session, final):
        by_invoice.setdefault(d.invoice_id, []).append(d)
    return [to_out(i, document_refs(by_invoice.get(i.id, []))) for i in invoices]


async def out(session: AsyncSession, invoice: Invoice) -> schemas.InvoiceOut:
    return (await outs(session, [invoice]))[0]
