"""FastAPI dependencies shared by the routers: the request's session, the settings, pagination."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.db import Database
from app.errors import Invalid
from app.i18n import t
from app.shared.pagination import PageParams, decode_cursor


async def get_session(request: Request) -> AsyncSession:
    """The request's session; its transaction is owned by `ApiRoute`."""
    session: AsyncSession = request.state.session
    return session


Session = Annotated[AsyncSession, Depends(get_session)]


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


def get_database(request: Request) -> Database:
    """The app's database, for routes that run several transactions of their own."""
    db: Database = request.app.state.db
    return db


AppDatabase = Annotated[Database, Depends(get_database)]


# What `encode_cursor` makes: unpadded URL-safe base64.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,100}$"


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size.")] = 50,
    cursor: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=CURSOR_PATTERN,
            description="`next_cursor` of the previous page.",
        ),
    ] = None,
) -> PageParams:
    after_id = decode_cursor(cursor) if cursor else None
    if cursor and after_id is None:
        raise Invalid.field(["query", "cursor"], t("not a cursor returned by this API"))
    return PageParams(limit=limit, after_id=after_id)


Pagination = Annotated[PageParams, Depends(page_params)]
