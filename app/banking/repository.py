"""All SQL of the banking package. A statement is written in batches: one query per few hundred
transactions, never one per transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from app.models import BankTransaction, Invoice, KnownIban
from app.models.base import ScaledDecimal, new_id
from app.models.enums import BankTransactionStatus, InvoiceKind, InvoiceStatus, PaymentStatus
from app.repository import get_owned, page_of
from app.shared.pagination import PageParams

# Rows per multi-row INSERT: ~20 parameters each stays far below SQLite's 32,766 and
# PostgreSQL's 32,767 bound parameters per statement.
BATCH = 500
# Keys per `IN (...)` list.
KEYS_PER_QUERY = 1000


def _insert(session: AsyncSession, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def existing_keys(
    session: AsyncSession, administration_id: str, keys: Sequence[str]
) -> set[str]:
    """Which of `keys` the administration has already imported."""
    found: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        rows = await session.scalars(
            select(BankTransaction.dedup_key).where(
                BankTransaction.administration_id == administration_id,
                BankTransaction.dedup_key.in_(keys[start : start + KEYS_PER_QUERY]),
            )
        )
        found.update(rows.all())
    return found


async def insert_new(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Insert the rows whose (administration, dedup key) is not taken; the keys inserted.

    The unique index decides: a row that a concurrent import inserted first is skipped here
    (on PostgreSQL the INSERT waits for that import's transaction, then skips or inserts).
    One statement compiled once, executed for all rows (SQLAlchemy batches them into multi-row
    INSERTs with RETURNING): a multi-row `values()` would be compiled anew for every batch."""
    if not rows:
        return set()
    stmt = (
        _insert(session, BankTransaction.__table__)
        .on_conflict_do_nothing()
        .returning(BankTransaction.__table__.c.dedup_key)
    )
    connection = await session.connection()
    result = await connection.execute(stmt, list(rows))
    return set(result.scalars().all())


async def mark_matched(session: AsyncSession, matched: Sequence[dict[str, Any]]) -> None:
    """`matched`: dicts of `id`, `invoice_id`, `payment_id`, `matched_by`, `matched_at` (one
    executemany UPDATE by primary key)."""
    if not matched:
        return
    rows = [row | {"status": BankTransactionStatus.matched} for row in matched]
    await session.execute(update(BankTransaction), rows)


async def unmatch(session: AsyncSession, transaction_id: str, payment_id: str) -> None:
    """Back to the unmatched list, if it is still matched by `payment_id` (a no-op otherwise)."""
    await session.execute(
        update(BankTransaction)
        .where(BankTransaction.id == transaction_id, BankTransaction.payment_id == payment_id)
        .values(
            status=BankTransactionStatus.unmatched,
            invoice_id=None,
            payment_id=None,
            matched_by=None,
            matched_at=None,
        )
        .execution_options(synchronize_session=False)
    )


async def open_invoices(session: AsyncSession, administration_id: str) -> list[Any]:
    """Rows (id, number, customer_id, company_id, currency, amount_due) of the administration's
    final invoices (not credit notes) with something left to pay: one query per import."""
    stmt = select(
        Invoice.id,
        Invoice.number,
        Invoice.customer_id,
        Invoice.company_id,
        Invoice.currency,
        # Both are integer cents in the database: subtracted there, converted once.
        type_coerce(Invoice.total - Invoice.amount_paid, ScaledDecimal(2)).label("amount_due"),
    ).where(
        Invoice.administration_id == administration_id,
        Invoice.status == InvoiceStatus.final,
        Invoice.kind == InvoiceKind.invoice,
        Invoice.payment_status.in_((PaymentStatus.unpaid, PaymentStatus.partially_paid)),
        Invoice.total > Invoice.amount_paid,
    )
    # Core rows through the connection: no ORM bookkeeping for 100,000 plain tuples.
    connection = await session.connection()
    return list((await connection.execute(stmt)).all())


async def known_ibans(session: AsyncSession, administration_id: str) -> list[tuple[str, str]]:
    """(party id, IBAN): the customer's id, or the company's."""
    rows = await session.execute(
        select(KnownIban.customer_id, KnownIban.company_id, KnownIban.iban).where(
            KnownIban.administration_id == administration_id
        )
    )
    return [(row.customer_id or row.company_id, row.iban) for row in rows]


async def learn_ibans(
    session: AsyncSession,
    administration_id: str,
    pairs: Iterable[tuple[str | None, str | None, str]],
    now: datetime,
) -> None:
    """Remember (customer id, company id, IBAN) triples; ones already known are skipped."""
    rows = [
        {
            "id": new_id("kib"),
            "administration_id": administration_id,
            "customer_id": customer_id,
            "company_id": None if customer_id else company_id,
            "iban": iban,
            "created_at": now,
        }
        for customer_id, company_id, iban in sorted(
            dict.fromkeys(pairs), key=lambda p: (p[2], p[0] or "", p[1] or "")
        )
    ]
    for start in range(0, len(rows), BATCH):
        stmt = _insert(session, KnownIban).values(rows[start : start + BATCH])
        await session.execute(stmt.on_conflict_do_nothing())


async def lock_invoices(
    session: AsyncSession, administration_id: str, invoice_ids: Sequence[str]
) -> dict[str, Invoice]:
    """The invoices, locked for this transaction (in id order, so two imports lock alike and
    cannot deadlock), loaded afresh."""
    found: dict[str, Invoice] = {}
    ordered = sorted(set(invoice_ids))
    for start in range(0, len(ordered), KEYS_PER_QUERY):
        stmt = (
            select(Invoice)
            .where(
                Invoice.administration_id == administration_id,
                Invoice.id.in_(ordered[start : start + KEYS_PER_QUERY]),
            )
            .order_by(Invoice.id)
            # Paying needs the invoice row, not its lines (thousands of them on a long
            # statement); whatever reads them by mistake fails loudly instead of loading.
            .options(raiseload(Invoice.lines))
            .with_for_update(of=Invoice)
            .execution_options(populate_existing=True)
        )
        found.update((i.id, i) for i in (await session.scalars(stmt)).all())
    return found


async def transaction(
    session: AsyncSession, administration_id: str, transaction_id: str, *, for_update: bool = False
) -> BankTransaction | None:
    return await get_owned(
        session, BankTransaction, transaction_id, administration_id, for_update=for_update
    )


async def transactions(
    session: AsyncSession,
    administration_id: str,
    params: PageParams,
    status: BankTransactionStatus | None,
) -> list[BankTransaction]:
    stmt = select(BankTransaction).where(BankTransaction.administration_id == administration_id)
    if status is not None:
        stmt = stmt.where(BankTransaction.status == status)
    return await page_of(session, stmt, BankTransaction.id, params)


async def by_keys(
    session: AsyncSession, administration_id: str, keys: Sequence[str]
) -> list[BankTransaction]:
    """The rows of these dedup keys (as ORM objects, for the answer)."""
    found: list[BankTransaction] = []
    for start in range(0, len(keys), KEYS_PER_QUERY):
        rows = await session.scalars(
            select(BankTransaction).where(
                BankTransaction.administration_id == administration_id,
                BankTransaction.dedup_key.in_(keys[start : start + KEYS_PER_QUERY]),
            )
        )
        found.extend(rows.all())
    return found
