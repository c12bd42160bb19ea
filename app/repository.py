"""SQL helpers shared by the domain repositories: tenant-scoped lookups and keyset pages."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.shared.pagination import PageParams

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
    """The row with this id if it belongs to the administration; None otherwise (-> 404).

    Pass loader options as module-level constants: the statement is then built once per
    process and each call only binds the two ids (building a statement with joined loads
    costs more CPU than running it)."""
    if not is_id(id_):
        return None  # cannot exist; and never send NUL or megabytes to the database
    stmt = _owned_statement(cast(Any, model), options, for_update, refresh)
    result = await session.execute(
        stmt, {"owned_id": id_, "owned_administration": administration_id}
    )
    # unique(): joined-eager collections (an invoice's lines) repeat the parent row.
    found: M | None = result.unique().scalars().first()
    return found


@lru_cache(maxsize=256)
def _owned_statement(
    model: type[Any], options: tuple[Any, ...], for_update: bool, refresh: bool
) -> Select[Any]:
    # Loader options hash by identity and the cache key holds them, so a caller that builds
    # new options per call only misses the cache; it never gets another caller's statement.
    stmt = select(model).where(
        model.id == bindparam("owned_id"),
        model.administration_id == bindparam("owned_administration"),
    )
    if options:
        stmt = stmt.options(*options)
    if for_update:
        # Lock only this row, not the rows of joined-in relationships.
        stmt = stmt.with_for_update(of=model)
    if refresh:
        # Reload attributes and relationships of an object already in the session.
        stmt = stmt.execution_options(populate_existing=True)
    return stmt


def keyset(stmt: Select[M], id_column: Any, params: PageParams) -> Select[M]:
    """One page in id order; fetches `limit + 1` rows so the caller knows whether more exist."""
    if params.after_id is not None:
        stmt = stmt.where(id_column > params.after_id)
    return stmt.order_by(id_column).limit(params.limit + 1)


async def page_of(
    session: AsyncSession, stmt: Select[M], id_column: Any, params: PageParams
) -> list[M]:
    return list((await session.scalars(keyset(stmt, id_column, params))).all())
