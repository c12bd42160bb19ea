"""All SQL of the invoices package."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, raiseload, selectinload

from app.models import (
    Company,
    Customer,
    Document,
    Invoice,
    InvoiceLine,
    NumberCounter,
    Recurrence,
)
from app.models.enums import DeliveryMethod, InvoiceKind, InvoiceStatus, PaymentStatus
from app.repository import get_owned, is_id, page_of
from app.shared.pagination import PageParams


def _parties_options(contacts: bool) -> tuple[Any, ...]:
    """Delivery resolution needs the customer's company too: one joined query for the parties
    (many-to-one); the lines come by selectin. Contact details (for the default recipients)
    only when asked: reading an invoice does not need them, and an accidental use raises."""
    customer = joinedload(Invoice.customer)
    customers_company = joinedload(Invoice.customer).joinedload(Customer.company)
    company = joinedload(Invoice.company)
    load = selectinload if contacts else raiseload
    return (
        customers_company,
        company,
        customer.options(load(Customer.contact_details)),
        customers_company.options(load(Company.contact_details)),
        company.options(load(Company.contact_details)),
    )


# Built once: constructing loader options costs more CPU per request than running the query.
_PARTIES = _parties_options(contacts=False)
# One statement for a single invoice: the lines come joined (pages use selectin). Its documents
# are read where they are shown (`read_invoice` for GET; `outs` in the router).
_ONE = (joinedload(Invoice.lines),)
_ONE_INVOICE = {contacts: (*_ONE, *_parties_options(contacts)) for contacts in (False, True)}


async def invoice(
    session: AsyncSession,
    administration_id: str,
    invoice_id: str,
    *,
    for_update: bool = False,
    refresh: bool = False,
    contacts: bool = False,
) -> Invoice | None:
    return await get_owned(
        session,
        Invoice,
        invoice_id,
        administration_id,
        *_ONE_INVOICE[contacts],
        for_update=for_update,
        refresh=refresh,
    )


class DocumentKey(NamedTuple):
    id: str
    kind: str
    filename: str


@dataclass(frozen=True, slots=True)
class LineView:
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    vat_rate: str
    amount: Decimal
    delivery_date: date | None


@dataclass(frozen=True, slots=True)
class InvoiceView:
    """An invoice as its answer shows it: the invoice's own columns (not the snapshot of the
    parties), the delivery methods its parties have now (for a draft, whose method still follows
    them), its lines in order and its documents. GET reads it with Core in one statement
    (`read_invoice`: building ORM objects was half of a GET's CPU); the answers of create,
    update and finalise build it from the ORM invoice they hold (`view_of`). One type, so the
    answer is shaped one way."""

    id: str
    kind: InvoiceKind
    customer_id: str | None
    company_id: str | None
    status: InvoiceStatus
    payment_status: PaymentStatus
    amount_paid: Decimal
    invoice_date: date
    due_date: date
    delivery_date: date | None
    notes: str | None
    currency: str
    credited_invoice_id: str | None
    number: str | None
    finalized_at: datetime | None
    delivery_method: DeliveryMethod | None
    delivery_method_source: str | None
    paid_at: datetime | None
    created_at: datetime
    updated_at: datetime
    # The customer's method, and that of the company (the customer's, or the invoice's own).
    customer_delivery: DeliveryMethod | None
    company_delivery: DeliveryMethod | None
    lines: tuple[LineView, ...]
    documents: tuple[DocumentKey, ...]


# What GET reads: the view's fields before `customer_delivery` are the invoice's columns of the
# same name; a line's are all columns.
_VIEW_FIELDS = [f.name for f in fields(InvoiceView)]
_INVOICE_COLUMNS = tuple(_VIEW_FIELDS[: _VIEW_FIELDS.index("customer_delivery")])
_LINE_COLUMNS = tuple(f.name for f in fields(LineView))


def view_of(invoice: Invoice, documents: Iterable[Document] = ()) -> InvoiceView:
    """The view of an ORM invoice loaded with its lines and parties, and its `documents`."""
    customer = invoice.customer
    company = customer.company if customer is not None else invoice.company
    return _view(
        invoice,
        customer.delivery_method if customer is not None else None,
        company.delivery_method if company is not None else None,
        tuple(_line(line) for line in invoice.lines),
        tuple(DocumentKey(d.id, d.kind, d.filename) for d in documents),
    )


def _view(
    invoice: Invoice | Row[Any],
    customer_delivery: DeliveryMethod | None,
    company_delivery: DeliveryMethod | None,
    lines: tuple[LineView, ...],
    documents: tuple[DocumentKey, ...],
) -> InvoiceView:
    """`invoice` is an ORM invoice or a row of `_READ`: both name the columns alike."""
    return InvoiceView(
        id=invoice.id,
        kind=invoice.kind,
        customer_id=invoice.customer_id,
        company_id=invoice.company_id,
        status=invoice.status,
        payment_status=invoice.payment_status,
        amount_paid=invoice.amount_paid,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        delivery_date=invoice.delivery_date,
        notes=invoice.notes,
        currency=invoice.currency,
        credited_invoice_id=invoice.credited_invoice_id,
        number=invoice.number,
        finalized_at=invoice.finalized_at,
        delivery_method=invoice.delivery_method,
        delivery_method_source=invoice.delivery_method_source,
        paid_at=invoice.paid_at,
        created_at=invoice.created_at,
        updated_at=invoice.updated_at,
        customer_delivery=customer_delivery,
        company_delivery=company_delivery,
        lines=lines,
        documents=documents,
    )


def _line(line: InvoiceLine | Row[Any]) -> LineView:
    return LineView(
        line.description,
        line.quantity,
        line.unit,
        line.unit_price,
        line.vat_rate,
        line.amount,
        line.delivery_date,
    )


def _read_statement() -> Any:
    invoices, lines, documents = (m.__table__ for m in (Invoice, InvoiceLine, Document))
    customers = Customer.__table__
    customers_company = Company.__table__.alias("customers_company")
    company = Company.__table__.alias("invoice_company")
    return (
        select(
            *(invoices.c[name] for name in _INVOICE_COLUMNS),
            customers.c.delivery_method.label("customer_delivery"),
            customers_company.c.delivery_method.label("customers_company_delivery"),
            company.c.delivery_method.label("company_delivery"),
            lines.c.id.label("line_id"),
            *(lines.c[name] for name in _LINE_COLUMNS),
            documents.c.id.label("document_id"),
            documents.c.kind.label("document_kind"),
            documents.c.filename.label("document_filename"),
        )
        .select_from(
            invoices.outerjoin(customers, customers.c.id == invoices.c.customer_id)
            .outerjoin(customers_company, customers_company.c.id == customers.c.company_id)
            .outerjoin(company, company.c.id == invoices.c.company_id)
            .outerjoin(lines, lines.c.invoice_id == invoices.c.id)
            .outerjoin(documents, documents.c.invoice_id == invoices.c.id)
        )
        .where(
            invoices.c.id == bindparam("invoice_id"),
            invoices.c.administration_id == bindparam("administration_id"),
        )
        .order_by(lines.c.position, documents.c.id)
    )


_READ = _read_statement()


async def read_invoice(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> InvoiceView | None:
    """The invoice with its lines and documents (one row per line and document), or None."""
    if not is_id(invoice_id):
        return None
    result = await session.execute(
        _READ, {"invoice_id": invoice_id, "administration_id": administration_id}
    )
    rows = result.all()
    if not rows:
        return None
    lines: dict[str, LineView] = {}
    documents: dict[str, DocumentKey] = {}
    for row in rows:
        if row.line_id is not None and row.line_id not in lines:
            lines[row.line_id] = _line(row)
        if row.document_id is not None and row.document_id not in documents:
            documents[row.document_id] = DocumentKey(
                row.document_id, row.document_kind, row.document_filename
            )
    first = rows[0]
    # Ordered by line position, then document id: each comes first in that order.
    return _view(
        first,
        first.customer_delivery,
        first.customers_company_delivery if first.customer_id else first.company_delivery,
        tuple(lines.values()),
        tuple(documents.values()),
    )


async def invoices(
    session: AsyncSession,
    administration_id: str,
    params: PageParams,
    *,
    status: InvoiceStatus | None,
    payment_status: PaymentStatus | None,
    customer_id: str | None,
    company_id: str | None,
) -> list[Invoice]:
    stmt = select(Invoice).where(Invoice.administration_id == administration_id).options(*_PARTIES)
    if status is not None:
        stmt = stmt.where(Invoice.status == status)
    if payment_status is not None:
        stmt = stmt.where(Invoice.payment_status == payment_status)
    if customer_id is not None:
        stmt = stmt.where(Invoice.customer_id == customer_id)
    if company_id is not None:
        stmt = stmt.where(Invoice.company_id == company_id)
    return await page_of(session, stmt, Invoice.id, params)


async def is_recurrence_base(session: AsyncSession, invoice_id: str) -> bool:
    """A recurrence copies this invoice (it may not be deleted before the recurrence is)."""
    found = await session.scalar(
        select(Recurrence.id).where(Recurrence.base_invoice_id == invoice_id).limit(1)
    )
    return found is not None


async def invoices_by_id(session: AsyncSession, invoice_ids: list[str]) -> list[Invoice]:
    """The invoices in the order of `invoice_ids` (missing ones left out)."""
    if not invoice_ids:
        return []
    rows = await session.scalars(
        select(Invoice).where(Invoice.id.in_(invoice_ids)).options(*_PARTIES)
    )
    found = {i.id: i for i in rows.all()}
    return [found[i] for i in invoice_ids if i in found]


class Credited(NamedTuple):
    number: str | None
    invoice_date: date
    currency: str
    total: Decimal


async def lock_credited(session: AsyncSession, invoice_id: str) -> Credited:
    """The credited invoice's number, date, currency and total, its row locked until commit
    (FOR UPDATE; SQLite serialises writers anyway): credit notes of one invoice are checked
    against what is left of it one at a time."""
    row = (
        await session.execute(
            select(Invoice.number, Invoice.invoice_date, Invoice.currency, Invoice.total)
            .where(Invoice.id == invoice_id)
            .with_for_update()
        )
    ).one()
    return Credited(row.number, row.invoice_date, row.currency, row.total)


async def credited_so_far(session: AsyncSession, invoice_id: str) -> Decimal:
    """The sum of the totals of the final credit notes of an invoice (negative: what they
    credit). Drafts do not count: they may change or be deleted, and are checked when final."""
    totals = await session.scalars(
        select(Invoice.total).where(
            Invoice.credited_invoice_id == invoice_id,
            Invoice.kind == InvoiceKind.credit_note,
            Invoice.status == InvoiceStatus.final,
        )
    )
    return sum(totals.all(), Decimal("0.00"))


def _bump_statement(dialect_insert: Any) -> Any:
    table = NumberCounter.__table__
    return (
        dialect_insert(NumberCounter)
        .values(
            administration_id=bindparam("administration_id"),
            series=bindparam("series"),
            last_sequence=1,
        )
        .on_conflict_do_update(
            index_elements=[table.c.administration_id, table.c.series],
            set_={"last_sequence": table.c.last_sequence + 1},
        )
        .returning(table.c.last_sequence)
    )


# One statement takes the next number: the first of a series inserts 1, later ones bump the row.
_BUMP = {"postgresql": _bump_statement(pg_insert), "sqlite": _bump_statement(sqlite_insert)}


async def next_sequence(session: AsyncSession, administration_id: str, series: str) -> int:
    """Bump the series counter. The row lock taken by the upsert serialises finalisations of one
    series until commit (a concurrent first insert waits for the other's outcome); a rollback
    restores the counter."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    result = await session.execute(
        _BUMP[dialect], {"administration_id": administration_id, "series": series}
    )
    return int(result.scalar_one())


async def claim_draft(session: AsyncSession, invoice_id: str, values: dict[str, Any]) -> bool:
    """Write `values` into the invoice if, and only if, it is still a draft (a conditional
    update: of two concurrent finalisations exactly one claims it). Raises IntegrityError when
    the values break a constraint (the number already in use)."""
    claimed = await session.execute(
        update(Invoice)
        .where(Invoice.id == invoice_id, Invoice.status == InvoiceStatus.draft)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]
