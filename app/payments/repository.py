"""SQL of payments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Payment
from app.shared.pagination import PageParams


async def payments_of(
    session: AsyncSession, invoice_id: str, params: PageParams | None = None
) -> list[Payment]:
    """An invoice's payments and reversals, oldest first (ids are time-ordered); with `params`
    one page of them and the first row of the next."""
    stmt = select(Payment).where(Payment.invoice_id == invoice_id).order_by(Payment.id)
    if params is not None:
        if params.after_id is not None:
            stmt = stmt.where(Payment.id > params.after_id)
        stmt = stmt.limit(params.limit + 1)
    return list(await session.scalars(stmt))


async def payment(
    session: AsyncSession, invoice_id: str, payment_id: str, *, for_update: bool = False
) -> Payment | None:
    stmt = select(Payment).where(Payment.id == payment_id, Payment.invoice_id == invoice_id)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).one_or_none()
