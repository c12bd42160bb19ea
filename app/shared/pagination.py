"""Keyset pagination: the page envelope and its parameters (no HTTP here)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list. Subclass per item type (`class CustomerPage(Page[CustomerOut])`) so
    generated SDKs get readable class names."""

    data: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


@dataclass(frozen=True)
class PageParams:
    limit: int
    after_id: str | None  # the sort key of the last row of the previous page


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str | None:
    """The sort key inside a cursor made by `encode_cursor`; None when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not raw or len(raw) > 300 or not raw.isprintable():
        return None
    return raw


P = TypeVar("P", bound=Page[Any])


def page(
    envelope: type[P], items: list[Any], params: PageParams, key_of: Callable[[Any], str]
) -> P:
    """Envelope for a keyset page; `items` holds up to `limit + 1` rows."""
    more = len(items) > params.limit
    items = items[: params.limit]
    return envelope(data=items, next_cursor=encode_cursor(key_of(items[-1])) if more else None)
