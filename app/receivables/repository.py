"""All SQL of receivables: an administration's open items in due-date order, and their aging
totals grouped in the database (a CASE over the due date), so 100,000 open invoices are summed
without being loaded. Both use `ix_invoices_receivables`, a partial index of the open invoices
by (administration, due date, id) that also holds total and amount_paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from app.models import Company, Customer, Invoice
from app.models.enums import InvoiceStatus, PaymentStatus
from app.receivables.aging import Bucket, cutoffs
from app.repository import get_owned

OPEN_STATUSES = (PaymentStatus.unpaid, PaymentStatus.partially_paid)


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose items: one customer's own invoices, or a company's (its company-level invoices
    and those of the customers linked to it, who are billed at the company); neither: all."""

    customer_id: str | None = None
    company_id: str | None = None


def _open(administration_id: str, scope: Scope) -> list[Any]:
    # "Open": final, unpaid or partially paid, and something left to pay (a credit note that
    # is still to be settled counts, negative).
    conditions: list[Any] = [
        Invoice.administration_id == administration_id,
        # Written as literals, as the partial index `ix_invoices_receivables` states them: a
        # bound parameter would not let PostgreSQL's generic plans prove the index applies.
        Invoice.status == literal_column(f"'{InvoiceStatus.final.value}'"),
        Invoice.payment_status.in_([literal_column(f"'{s.value}'") for s in OPEN_STATUSES]),
        Invoice.total != Invoice.amount_paid,
    ]
    if scope.customer_id is not None:
        conditions.append(Invoice.customer_id == scope.customer_id)
    if scope.company_id is not None:
        linked = select(Customer.id).where(
            Customer.administration_id == administration_id,
            Customer.company_id == scope.company_id,
        )
        conditions.append(
            or_(Invoice.company_id == scope.company_id, Invoice.customer_id.in_(linked))
        )
    return conditions


async def open_items(
    session: AsyncSession,
    administration_id: str,
    scope: Scope,
    *,
    after: tuple[date, str] | None = None,
    limit: int,
) -> list[Any]:
    """Up to `limit` open items after the keyset `after` (due date, id), oldest due first, with
    the names of their customer and company."""
    company_id = func.coalesce(Invoice.company_id, Customer.company_id)
    stmt = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.customer_id,
            company_id.label("company_id"),
            Customer.name.label("customer_name"),
            Company.name.label("company_name"),
            Invoice.invoice_date,
            Invoice.due_date,
            Invoice.total,
            Invoice.amount_paid,
            Invoice.payment_status,
        )
        .outerjoin(Customer, Customer.id == Invoice.customer_id)
        .outerjoin(Company, Company.id == company_id)
        .where(*_open(administration_id, scope))
        .order_by(Invoice.due_date, Invoice.id)
        .limit(limit)
    )
    if after is not None:
        due, invoice_id = after
        stmt = stmt.where(
            or_(Invoice.due_date > due, and_(Invoice.due_date == due, Invoice.id > invoice_id))
        )
    return list((await session.execute(stmt)).all())


async def aging(
    session: AsyncSession, administration_id: str, scope: Scope, as_of: date
) -> dict[Bucket, tuple[int, Decimal]]:
    """(count, amount due) per aging bucket on `as_of` over every open item of `scope`;
    buckets without items are left out."""
    ranges, rest = cutoffs(as_of)
    bucket = case(
        *((Invoice.due_date >= cutoff.due_on_or_after, cutoff.bucket.value) for cutoff in ranges),
        else_=rest.value,
    )
    money = Invoice.total.type
    # Grouped over a subquery's column, not over the CASE itself: PostgreSQL does not see two
    # renderings of an expression with bound parameters as the same GROUP BY expression.
    items = (
        select(
            bucket.label("bucket"),
            type_coerce(Invoice.total - Invoice.amount_paid, money).label("due"),
        )
        .where(*_open(administration_id, scope))
        .subquery()
    )
    stmt = select(items.c.bucket, func.count(), type_coerce(func.sum(items.c.due), money)).group_by(
        items.c.bucket
    )
    rows = (await session.execute(stmt)).all()
    return {Bucket(row[0]): (int(row[1]), row[2]) for row in rows}


_WITH_COMPANY = (joinedload(Customer.company),)


async def customer(
    session: AsyncSession, administration_id: str, customer_id: str
) -> Customer | None:
    """The customer with its linked company (the statement's address)."""
    return await get_owned(session, Customer, customer_id, administration_id, *_WITH_COMPANY)


async def company(session: AsyncSession, administration_id: str, company_id: str) -> Company | None:
    return await get_owned(session, Company, company_id, administration_id)
