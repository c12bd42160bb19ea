"""SQL helpers shared by the domain repositories: tenant-scoped lookups and keyset pages."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api import PageParams

M = TypeVar("M")

_ID = re.compile(r"[a-z]{2,5}_[0-9A-Za-z]{1,34}")


def is_id(value: str) -> bool:
    return _ID.fullmatch(value) is not None


async def get_owned(
    session: AsyncSession,
    model: type[M],
    id_: str,
    administration_id: str,
    *options: Any,
    for_update: bool = False,
    refresh: bool = False,
) -> M | None:
    """The row with this id if it belongs to the administration; None otherwise (-> 404)."""
    if not is_id(id_):
        return None  # cannot exist; and never send NUL or megabytes to the database
    stmt = select(model).where(
        model.id == id_,  # type: ignore[attr-defined]
        model.administration_id == administration_id,  # type: ignore[attr-defined]
    )
    if options:
        stmt = stmt.options(*options)
    if for_update:
        # Lock only this row, not the rows of joined-in relationships.
        stmt = stmt.with_for_update(of=model)
    if refresh:
        # Reload attributes and relationships of an object already in the session.
        stmt = stmt.execution_options(populate_existing=True)
    # unique(): joined-eager collections (an invoice's lines) repeat the parent row.
    result: M | None = (await session.execute(stmt)).unique().scalars().first()
    return result


def keyset(stmt: Select[M], id_column: Any, params: PageParams) -> Select[M]:
    """One page in id order; fetches `limit + 1` rows so the caller knows whether more exist."""
    if params.after_id is not None:
        stmt = stmt.where(id_column > params.after_id)
    return stmt.order_by(id_column).limit(params.limit + 1)


async def page_of(
    session: AsyncSession, stmt: Select[M], id_column: Any, params: PageParams
) -> list[M]:
    return list((await session.scalars(keyset(stmt, id_column, params))).all())
