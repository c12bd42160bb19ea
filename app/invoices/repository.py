"""All SQL of the invoices package."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, raiseload, selectinload

from app.api import PageParams
from app.models import Company, Customer, Invoice
from app.models.enums import InvoiceStatus, PaymentStatus
from app.repository import get_owned, page_of


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
# One statement for a single invoice: lines and documents come joined (pages use selectin).
_ONE = (joinedload(Invoice.lines), joinedload(Invoice.documents))
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


async def party_has_invoices(
    session: AsyncSession, *, customer_id: str | None = None, company_id: str | None = None
) -> bool:
    stmt = select(Invoice.id)
    if customer_id is not None:
        stmt = stmt.where(Invoice.customer_id == customer_id)
    if company_id is not None:
        stmt = stmt.where(Invoice.company_id == company_id)
    return await session.scalar(stmt.limit(1)) is not None


async def invoices_by_id(session: AsyncSession, invoice_ids: list[str]) -> list[Invoice]:
    """The invoices in the order of `invoice_ids` (missing ones left out)."""
    if not invoice_ids:
        return []
    rows = await session.scalars(
        select(Invoice).where(Invoice.id.in_(invoice_ids)).options(*_PARTIES)
    )
    found = {i.id: i for i in rows.all()}
    return [found[i] for i in invoice_ids if i in found]
