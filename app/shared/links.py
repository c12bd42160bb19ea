"""The customer's link to a final invoice: `<public base URL>/p/<token>`.

The base comes from the settings the running app or worker was made with
(`INVOICER_PUBLIC_BASE_URL`), set for the duration of a request by
`app.http.middleware.PublicBase` and of a worker tick by the worker, like the language of texts:
the invoice's answer (`public_url`) and the placeholder `[factuur_link]` of a mail are made deep
inside services that never see the settings. Outside both (a command), the process settings
apply.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from app.config import get_settings

PATH_PREFIX = "/p/"

_base: ContextVar[str | None] = ContextVar("public_base_url", default=None)

# `secrets.token_urlsafe(32)`: 32 random bytes (256 bits), 43 URL-safe base64 characters.
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(value: str) -> bool:
    """Could `value` be a token at all (malformed ones need no database lookup)."""
    return TOKEN_PATTERN.fullmatch(value) is not None


@contextmanager
def serving(base_url: str) -> Iterator[None]:
    """Links made inside the block start with `base_url`."""
    token = _base.set(base_url.rstrip("/"))
    try:
        yield
    finally:
        _base.reset(token)


def public_url(token: str | None) -> str | None:
    if token is None:
        return None
    base = _base.get() or get_settings().public_base()
    return f"{base}{PATH_PREFIX}{token}"
