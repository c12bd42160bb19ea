"""Shared API pieces: the transactional route class, auth and scopes, pagination, idempotency."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Annotated, Any, ClassVar, Generic, Self, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session as SyncSession
from sqlalchemy.orm import make_transient_to_detached
from starlette.exceptions import HTTPException

from app import idempotency, observability, strict_json
from app.db import Database
from app.errors import (
    COMMON_ERRORS,
    AppError,
    FieldError,
    Forbidden,
    Invalid,
    Unauthorized,
    responses,
    unexpected_error,
)
from app.models import ApiKey
from app.models.enums import Scope
from app.models.parties import Administration
from app.ratelimit import too_many

T = TypeVar("T")

# --- API keys --------------------------------------------------------------------------------

KEY_PREFIX = "ik_"
_ULID_LENGTH = 26


def hash_secret(secret: str) -> str:
    # Secrets are 256 random bits, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def format_token(key_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}{key_id.removeprefix('key_')}_{secret}"


def parse_token(token: str) -> tuple[str, str] | None:
    """`ik_<ULID>_<secret>` -> (key id, secret), or None when it is not shaped like a key."""
    ulid_end = len(KEY_PREFIX) + _ULID_LENGTH
    if not token.startswith(KEY_PREFIX) or len(token) < ulid_end + 20 or token[ulid_end] != "_":
        return None
    return "key_" + token[len(KEY_PREFIX) : ulid_end], token[ulid_end + 1 :]


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

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer ik_...`")


async def get_session(request: Request) -> AsyncSession:
    """The request's session; its transaction is owned by `ApiRoute`."""
    session: AsyncSession = request.state.session
    return session


Session = Annotated[AsyncSession, Depends(get_session)]


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


@event.listens_for(SyncSession, "after_flush")
def _forget_changed_keys(session: SyncSession, _context: Any) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, ApiKey | Administration):
            callbacks = session.info.setdefault("after_commit", [])
            if PRINCIPALS.clear not in callbacks:
                callbacks.append(PRINCIPALS.clear)
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


async def _principal_for(request: Request, session: AsyncSession) -> Principal | None:
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
    request.state.principal = principal
    return principal


async def authenticated(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    principal = await _principal_for(request, request.state.session)
    if principal is None:
        detail = "Send an API key as `Authorization: Bearer <key>`."
        if credentials is not None:
            detail = "The API key is unknown or was revoked."
        raise Unauthorized(detail, headers={"WWW-Authenticate": "Bearer"})
    wait = request.app.state.key_limiter.take(principal.key_id)
    if wait is not None:
        raise too_many(wait, "This API key made too many requests; slow down and retry.")
    return principal


@cache
def require(scope: Scope) -> Callable[..., Awaitable[Principal]]:
    """Dependency: an authenticated principal holding `scope` (403 otherwise)."""

    # One dependency (with the bearer scheme under it, for the OpenAPI security entry) rather
    # than a chain of them: FastAPI's dependency solving costs per node, on every request.
    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        principal = await authenticated(request, credentials)
        if scope.value not in principal.scopes:
            raise Forbidden(f"This action needs the `{scope.value}` scope.", missing_scope=scope)
        return principal

    dependency.__name__ = f"require_{scope.name}"
    return dependency


def operator_token_matches(request: Request) -> bool:
    token = request.app.state.settings.operator_token
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if token is None or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.get_secret_value().encode())


async def operator(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Dependency for operator-only routes (the `INVOICER_OPERATOR_TOKEN`)."""
    if request.app.state.settings.operator_token is None:
        raise Forbidden("Operator endpoints are disabled: INVOICER_OPERATOR_TOKEN is not set.")
    if not operator_token_matches(request):
        raise Unauthorized("Send the operator token as `Authorization: Bearer <token>`.")
    request.state.operator = True  # whom an idempotency record belongs to


def operator_or(scope: Scope) -> Callable[..., Awaitable[str | None]]:
    """Dependency for routes open to the operator (-> None: every administration) and to API
    keys holding `scope` (-> that key's administration id)."""

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> str | None:
        if operator_token_matches(request):
            request.state.operator = True
            return None
        principal = await authenticated(request, credentials)
        if scope.value not in principal.scopes:
            raise Forbidden(f"This action needs the operator token or the `{scope.value}` scope.")
        return principal.administration_id

    return dependency


def own_transactions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a route whose work commits in several transactions of its own (e.g. one per due
    occurrence): the request session is then read-only and holds no writer lock."""
    endpoint.__invoicer_own_transactions__ = True  # type: ignore[attr-defined]
    return endpoint


Reader = Annotated[Principal, Depends(require(Scope.read))]
PartiesWriter = Annotated[Principal, Depends(require(Scope.parties_write))]
InvoicesWriter = Annotated[Principal, Depends(require(Scope.invoices_write))]
Finalizer = Annotated[Principal, Depends(require(Scope.invoices_finalize))]
MailSender = Annotated[Principal, Depends(require(Scope.mails_send))]
RecurrencesWriter = Annotated[Principal, Depends(require(Scope.recurrences_write))]
SettingsWriter = Annotated[Principal, Depends(require(Scope.settings_write))]
Operator = Annotated[None, Depends(operator)]

# --- pagination ------------------------------------------------------------------------------


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


def _decode_cursor(cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    if not raw or len(raw) > 300 or not raw.isprintable():
        raise Invalid.field(["query", "cursor"], "not a cursor returned by this API")
    return raw


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size.")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=100, description="`next_cursor` of the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, after_id=_decode_cursor(cursor) if cursor else None)


Pagination = Annotated[PageParams, Depends(page_params)]


P = TypeVar("P", bound=Page[Any])


def page(
    envelope: type[P], items: list[Any], params: PageParams, key_of: Callable[[Any], str]
) -> P:
    """Envelope for a keyset page; `items` holds up to `limit + 1` rows."""
    more = len(items) > params.limit
    items = items[: params.limit]
    return envelope(data=items, next_cursor=encode_cursor(key_of(items[-1])) if more else None)


# --- the transactional route ----------------------------------------------------------------

_JSON_TYPES = ("application/json",)


class ApiRoute(APIRoute):
    """Runs each request in one transaction, committed before the response is sent.

    Before the route's own validation, two things FastAPI lets through are refused with a 422
    naming the parameter: query parameters the route does not declare (a misspelt filter would
    otherwise silently return everything), and JSON bodies that mean more than one thing
    (duplicate keys, numbers that overflow or underflow; see `app.strict_json`).
    A POST carrying `Idempotency-Key` is run by `app.idempotency`.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if "POST" in (kwargs.get("methods") or ()):
            endpoint = idempotency.guard(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        inner = super().get_route_handler()
        write = not ((self.methods or set()) <= {"GET", "HEAD", "OPTIONS"})
        if getattr(self.endpoint, "__invoicer_own_transactions__", False):
            write = False
        known_query = _query_names(self.dependant)

        async def handler(request: Request) -> Response:
            db: Database = request.app.state.db
            request.state.after_commit = []
            key = request.headers.get(idempotency.HEADER) if request.method == "POST" else None
            try:
                _refuse_unknown_query(request, known_query)
                await _read_json_strictly(request)
                if key is not None:
                    response = await idempotency.run(request, inner, db, key)
                else:
                    async with db.transaction(write=write) as session:
                        request.state.session = session
                        response = await inner(request)
            except (AppError, HTTPException, RequestValidationError):
                raise  # rendered as problem+json by the handlers in app.errors
            except Exception as exc:
                # Answered here rather than by Starlette's last-resort middleware, which would
                # also close the client's keep-alive connection and log the error twice.
                return unexpected_error(request, exc)
            for callback in request.state.after_commit:
                callback()
            return response

        return handler


def _query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters a route declares, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return frozenset(names)


def _refuse_unknown_query(request: Request, known: frozenset[str]) -> None:
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        errors = [
            FieldError(
                loc=["query", name],
                msg=f"unknown query parameter (this operation takes: {allowed})",
                type="unknown_parameter",
            )
            for name in dict.fromkeys(unknown)
        ]
        raise Invalid("; ".join(f"{e.loc[1]}: {e.msg}" for e in errors), errors=errors)


async def _read_json_strictly(request: Request) -> None:
    """Parse a JSON body once, strictly, for FastAPI to use. Malformed JSON is left for FastAPI
    to refuse as it always has (422 `json_invalid`)."""
    content_type = request.headers.get("content-type", "")
    media = content_type.partition(";")[0].strip().lower()
    if not (media in _JSON_TYPES or media.endswith("+json")):
        return
    body = await request.body()
    if not body:
        return
    try:
        value, problems = strict_json.loads(body)
    except (ValueError, RecursionError):
        return
    if problems:
        errors = [FieldError(loc=["body", *p.loc], msg=p.msg, type=p.type) for p in problems]
        raise Invalid("; ".join(e.msg for e in errors), errors=errors)
    # Starlette's Request.json() returns this cached value, so FastAPI does not parse again.
    request._json = value


def operation_id(route: APIRoute) -> str:
    """Stable, readable operation ids: `<tag>_<name>` such as `invoices_finalize`."""
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


def api_router(prefix: str, tag: str) -> APIRouter:
    """A resource's routes: each request in one transaction (ApiRoute), the common errors
    declared, `<tag>_<name>` operation ids. `create_app` registers the routes on the app itself
    (see there), so everything a route needs is set here, where the route is made."""
    return APIRouter(
        prefix=prefix,
        tags=[tag],
        route_class=ApiRoute,
        responses=responses(*COMMON_ERRORS),
        generate_unique_id_function=operation_id,
    )


def after_commit(request: Request, callback: Callable[[], None]) -> None:
    """Run `callback` once the request's transaction has committed (e.g. wake the worker)."""
    request.state.after_commit.append(callback)


class StrictModel(BaseModel):
    """Base for request bodies: unknown fields are errors (no silent mass assignment), and no
    string anywhere in the body may contain NUL (PostgreSQL cannot store it in text)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        where = _find_nul(data, ())
        if where is not None:
            raise ValueError(f"NUL characters are not allowed (in {'.'.join(where) or 'body'})")
        return data


class UpdateModel(StrictModel):
    """Base for PATCH bodies: fields left out are unchanged; `null` clears an optional field,
    and is refused for the fields named in `not_nullable`."""

    not_nullable: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _required_not_null(self) -> Self:
        for name in self.not_nullable:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


def _find_nul(value: Any, path: tuple[str, ...]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return path if "\0" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\0" in key:
                return (*path, key.replace("\0", "\\0"))
            found = _find_nul(item, (*path, str(key)))
            if found is not None:
                return found
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _find_nul(item, (*path, str(index)))
            if found is not None:
                return found
    return None
