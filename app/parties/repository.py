"""All SQL of the parties package."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Administration, ApiKey, Company, ContactDetail, Customer, Invoice
from app.repository import get_owned, page_of
from app.shared.pagination import PageParams


async def api_keys(
    session: AsyncSession, administration_id: str, params: PageParams
) -> list[ApiKey]:
    stmt = select(ApiKey).where(ApiKey.administration_id == administration_id)
    return await page_of(session, stmt, ApiKey.id, params)


async def api_key(session: AsyncSession, administration_id: str, key_id: str) -> ApiKey | None:
    return await get_owned(session, ApiKey, key_id, administration_id)


async def company(session: AsyncSession, administration_id: str, company_id: str) -> Company | None:
    return await get_owned(session, Company, company_id, administration_id)


async def companies(
    session: AsyncSession, administration_id: str, params: PageParams, q: str | None
) -> list[Company]:
    stmt = select(Company).where(Company.administration_id == administration_id)
    if q:
        stmt = stmt.where(_matches(q, Company.name, Company.email))
    return await page_of(session, stmt, Company.id, params)


async def customer(
    session: AsyncSession, administration_id: str, customer_id: str
) -> Customer | None:
    return await get_owned(session, Customer, customer_id, administration_id)


async def customers(
    session: AsyncSession,
    administration_id: str,
    params: PageParams,
    q: str | None,
    company_id: str | None,
) -> list[Customer]:
    stmt = select(Customer).where(Customer.administration_id == administration_id)
    if q:
        stmt = stmt.where(_matches(q, Customer.name, Customer.email))
    if company_id:
        stmt = stmt.where(Customer.company_id == company_id)
    return await page_of(session, stmt, Customer.id, params)


async def company_has_customers(session: AsyncSession, company_id: str) -> bool:
    found = await session.scalar(
        select(Customer.id).where(Customer.company_id == company_id).limit(1)
    )
    return found is not None


async def contact_detail(
    session: AsyncSession, administration_id: str, detail_id: str
) -> ContactDetail | None:
    return await get_owned(session, ContactDetail, detail_id, administration_id)


def _matches(q: str, *columns: Any) -> Any:
    """Case-insensitive substring match; `q` is literal text (LIKE wildcards escaped)."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(func.lower(c).like(f"%{escaped}%", escape="\\") for c in columns))


def _stored_addresses(admin_id: Any) -> list[Any]:
    """Selects of (address, name, source, source_id) stored for an administration: customers,
    companies and e-mail contact details. `admin_id` is a value or a bound parameter."""
    return [
        select(
            Customer.email.label("address"),
            Customer.name.label("name"),
            literal("customer").label("source"),
            Customer.id.label("source_id"),
        ).where(Customer.administration_id == admin_id, Customer.email.is_not(None)),
        select(Company.email, Company.name, literal("company"), Company.id).where(
            Company.administration_id == admin_id, Company.email.is_not(None)
        ),
        select(
            ContactDetail.value,
            func.coalesce(Customer.name, Company.name),
            literal("contact_detail"),
            ContactDetail.id,
        )
        .select_from(ContactDetail)
        .outerjoin(Customer, Customer.id == ContactDetail.customer_id)
        .outerjoin(Company, Company.id == ContactDetail.company_id)
        .where(ContactDetail.administration_id == admin_id, ContactDetail.type == "email"),
    ]


def _own_addresses(administration: Administration) -> list[str]:
    return [a for a in (administration.sender_email, administration.owner_email) if a]


def _known_addresses_stmt(administration: Administration) -> Any:
    parts = _stored_addresses(administration.id)
    for address in _own_addresses(administration):
        parts.append(
            select(
                literal(address),
                literal(administration.name),
                literal("administration"),
                literal(administration.id),
            )
        )
    return union_all(*parts).subquery()


# Asked for every mail that is made, edited or sent: built once, with bound parameters.
_STORED = union_all(*_stored_addresses(bindparam("administration_id"))).subquery()
_KNOWN_AMONG = select(func.lower(_STORED.c.address)).where(
    func.lower(_STORED.c.address).in_(bindparam("wanted", expanding=True))
)


async def known_addresses(
    session: AsyncSession,
    administration: Administration,
    q: str | None,
    after: str | None,
    limit: int,
) -> list[tuple[str, str | None, str, str]]:
    """Known addresses (optionally containing `q`), ordered by lower-cased address."""
    union = _known_addresses_stmt(administration)
    key = func.lower(union.c.address)
    stmt = select(union.c.address, union.c.name, union.c.source, union.c.source_id)
    if q:
        stmt = stmt.where(_matches(q, union.c.address, union.c.name))
    if after:
        stmt = stmt.where(key > after)
    stmt = stmt.order_by(key, union.c.source, union.c.source_id).limit(limit)
    return [(r[0], r[1], r[2], r[3]) for r in (await session.execute(stmt)).all()]


async def unknown_addresses(
    session: AsyncSession, administration: Administration, addresses: list[str]
) -> list[str]:
    """Those of `addresses` that are not known to the administration (case-insensitive)."""
    known = {a.lower() for a in _own_addresses(administration)}
    wanted = sorted({a.lower() for a in addresses} - known)
    if wanted:
        rows = await session.scalars(
            _KNOWN_AMONG, {"administration_id": administration.id, "wanted": wanted}
        )
        known.update(rows.all())
    return [a for a in addresses if a.lower() not in known]


async def has_invoices(
    session: AsyncSession, *, customer_id: str | None = None, company_id: str | None = None
) -> bool:
    """Invoices name this customer or company (they may not be deleted then)."""
    stmt = select(Invoice.id)
    if customer_id is not None:
        stmt = stmt.where(Invoice.customer_id == customer_id)
    if company_id is not None:
        stmt = stmt.where(Invoice.company_id == company_id)
    return await session.scalar(stmt.limit(1)) is not None
