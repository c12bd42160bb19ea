"""Who is calling: the principal of an API key, found from the request, and the cache of
verified keys that lets reads skip the key look-up for a few seconds."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from itertools import chain
from typing import Any

from fastapi import Request
from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session as SyncSession
from sqlalchemy.orm import make_transient_to_detached

from app import observability
from app.auth.tokens import hash_secret, parse_token
from app.db import on_commit
from app.i18n import current_locale
from app.models import ApiKey
from app.models.parties import Administration


@dataclass(frozen=True)
class Principal:
    """Who is calling: an API key of one administration, with its scopes."""

    administration: Administration
    key_id: str
    scopes: frozenset[str]

    @property
    def administration_id(self) -> str:
        return self.administration.id


# Built once (with its administration joined in): every authenticated request runs it.
_KEY_BY_ID = select(ApiKey).where(ApiKey.id == bindparam("key_id"))


class PrincipalCache:
    """Verified API keys of this process, for read-only requests, for a few seconds.

    Every request used to look its key up (a round trip and about a fifth of a GET's CPU).
    Reads may now use a verification at most `api_key_cache_seconds` old; writes always look
    the key up in their own transaction. Entries are keyed by a digest of the whole token, so
    a wrong secret never matches. Any change to an API key or an administration committed by
    this process empties the cache at once; in other processes it lasts at most the TTL
    (documented under Scaling out)."""

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Principal]] = {}

    def get(self, digest: str) -> Principal | None:
        entry = self._entries.get(digest)
        if entry is None:
            return None
        if entry[0] <= time.monotonic():
            self._entries.pop(digest, None)
            return None
        return entry[1]

    def put(self, digest: str, principal: Principal, ttl: float) -> None:
        if len(self._entries) >= self.MAX_ENTRIES:
            self._entries.clear()
        self._entries[digest] = (time.monotonic() + ttl, principal)

    def clear(self) -> None:
        self._entries.clear()


PRINCIPALS = PrincipalCache()


def invalidate_on_key_changes() -> None:
    """Empty the cache whenever this process commits a change to an API key or an
    administration. Installed by `create_app` (once per process, however often it is called)."""
    if not event.contains(SyncSession, "after_flush", _forget_changed_keys):
        event.listen(SyncSession, "after_flush", _forget_changed_keys)


def _forget_changed_keys(session: SyncSession, _context: Any) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, ApiKey | Administration):
            if PRINCIPALS.clear not in session.info.get("after_commit", ()):
                on_commit(session, PRINCIPALS.clear)
            return


_READ_ONLY = frozenset({"GET", "HEAD"})


def _detached_copy(principal: Principal) -> Principal:
    """The principal with a copy of its administration that belongs to no session: the loaded
    one would be expired by its session's rollback and must not be shared between requests."""
    loaded = principal.administration
    copy = Administration(
        **{a.key: getattr(loaded, a.key) for a in inspect(Administration).column_attrs}
    )
    make_transient_to_detached(copy)
    return Principal(copy, principal.key_id, principal.scopes)


async def principal_for(request: Request, session: AsyncSession) -> Principal | None:
    """The caller's principal (None without a valid API key), looked up once per request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    principal = None
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    parsed = parse_token(token) if scheme.lower() == "bearer" else None
    if parsed is not None:
        ttl: float = request.app.state.settings.api_key_cache_seconds
        reuse = ttl > 0 and request.method in _READ_ONLY
        digest = hash_secret(token) if reuse else ""
        principal = PRINCIPALS.get(digest) if reuse else None
        if principal is None:
            key_id, secret = parsed
            key = await session.scalar(_KEY_BY_ID, {"key_id": key_id})
            if key is not None and hmac.compare_digest(key.secret_hash, hash_secret(secret)):
                principal = Principal(key.administration, key.id, frozenset(key.scopes))
                if reuse:
                    PRINCIPALS.put(digest, _detached_copy(principal), ttl)
        if principal is not None:
            observability.administration_id.set(principal.administration_id)
            if request.scope.get("state", {}).get("locale_asked") is None:
                # No language asked for (Accept-Language): the administration's. Reset with the
                # rest of the request's language by the `Language` middleware.
                current_locale.set(principal.administration.locale.value)
    request.state.principal = principal
    return principal
