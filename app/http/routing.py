"""The route class every API route uses: one transaction per request, strict input, idempotent
POSTs, the common errors declared, stable operation ids."""

from __future__ import annotations

import copy
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from app.db import Database
from app.errors import (
    COMMON_ERRORS,
    AppError,
    FieldError,
    Invalid,
    field_errors_detail,
    responses,
    unexpected_error,
    with_errors,
)
from app.http import idempotency, strict_json
from app.i18n import join, t

_JSON_TYPES = ("application/json",)


class ApiRoute(APIRoute):
    """Runs each request in one transaction, committed before the response is sent.

    Before the route's own validation, two things FastAPI lets through are refused with a 422
    naming the parameter: query parameters the route does not declare (a misspelt filter would
    otherwise silently return everything), and JSON bodies that mean more than one thing
    (duplicate keys, numbers that overflow or underflow; see `app.http.strict_json`).
    A POST carrying `Idempotency-Key` is run by `app.http.idempotency`.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if "POST" in (kwargs.get("methods") or ()):
            endpoint = idempotency.guard(endpoint)
            # Any POST may meet a concurrent one with the same key.
            kwargs["responses"] = with_errors(
                kwargs.get("responses") or {}, idempotency.IdempotencyKeyInProgress
            )
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        inner = super().get_route_handler()
        write = not ((self.methods or set()) <= {"GET", "HEAD", "OPTIONS"})
        if own_transactions_of(self):
            write = False
        idempotent = honours_idempotency_key(self)
        known_query = _query_names(self.dependant)

        async def handler(request: Request) -> Response:
            db: Database = request.app.state.db
            key = request.headers.get(idempotency.HEADER) if idempotent else None
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
            return response

        return handler


def own_transactions_of(route: APIRoute) -> bool:
    return bool(getattr(route.endpoint, "__invoicer_own_transactions__", False))


def honours_idempotency_key(route: APIRoute) -> bool:
    """A POST runs idempotently with `Idempotency-Key`, unless its work commits in transactions
    of its own (`own_transactions`: one stored answer cannot be bound to them, and on SQLite the
    request's writer would wait for its own work). Those routes are idempotent by their nature
    (run-due handles what is due, once) and the document does not offer the header."""
    return (
        isinstance(route, ApiRoute)
        and "POST" in (route.methods or ())
        and not (own_transactions_of(route))
    )


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
                msg=t("unknown query parameter (this operation takes: {allowed})", allowed=allowed),
                type="unknown_parameter",
            )
            for name in dict.fromkeys(unknown)
        ]
        raise Invalid(field_errors_detail(errors), errors=errors)


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
        raise Invalid(join(e.msg for e in errors), errors=errors)
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


def mount(app: FastAPI, *routers: APIRouter) -> None:
    """Put the routers' routes on the app, in order.

    The routes go on the app's own router rather than through `include_router`: FastAPI 0.16x
    matches included routers lazily, and a request then tried every router listed before its
    own, twice (about 5% of the CPU of a GET /v1/invoices/{id}). Nothing is lost by it: the
    routers are made by `api_router` (and health's by hand) with all that `include_router`
    would have added (tags, responses, operation ids)."""
    for router in routers:
        app.router.routes.extend(router.routes)


def own_transactions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a route whose work commits in several transactions of its own (e.g. one per due
    occurrence): the request session is then read-only and holds no writer lock."""
    endpoint.__invoicer_own_transactions__ = True  # type: ignore[attr-defined]
    return endpoint


# The headers the conventions add to operations, declared once as components.
IDEMPOTENCY_KEY_PARAMETER = "IdempotencyKey"
_PARAMETERS: dict[str, dict[str, Any]] = {
    IDEMPOTENCY_KEY_PARAMETER: {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Makes the POST safe to retry: the same API key sending the same key "
        "with the same body gets the stored answer (`Idempotent-Replayed: true`); another body "
        "is a 422 `idempotency_key_reused`; one still running is a 409 with `Retry-After`.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    }
}
_HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-ID": {
        "description": "The request's id (the caller's `X-Request-ID` when sane), also in logs.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Idempotent-Replayed": {
        "description": "Present (`true`) when this is the stored answer to an earlier request "
        "with the same `Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    },
}
# Statuses answered with `Retry-After` by every operation (429: rate limit, 503: database).
_RETRY_AFTER_STATUSES = ("429", "503")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _header_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def document_conventions(schema: dict[str, Any], routes: list[Any]) -> None:
    """Declare in the OpenAPI document what the conventions (not the routes) add, so typed
    clients can send and read it: `Idempotency-Key` on every idempotent POST and
    `Idempotent-Replayed` on its 2xx; `Retry-After` where it is sent (429, 503, and the 409 of a
    duplicate still running); `X-Request-ID` on every response. Query, path and header
    parameters are never null, so their schemas lose `anyOf [X, null]`."""
    components = schema.setdefault("components", {})
    components.setdefault("headers", {}).update(_HEADERS)
    idempotent = {(route.path_format, "post") for route in routes if honours_idempotency_key(route)}
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in _METHODS:
                continue
            for parameter in op.get("parameters", []):
                if "schema" in parameter:
                    parameter["schema"] = _not_null(parameter["schema"])
            is_idempotent = (path, method) in idempotent
            if is_idempotent:
                # Inline, like FastAPI's own parameters: tools that read `in` find it.
                op.setdefault("parameters", []).append(
                    copy.deepcopy(_PARAMETERS[IDEMPOTENCY_KEY_PARAMETER])
                )
            for status, response in op.get("responses", {}).items():
                headers = response.setdefault("headers", {})
                headers["X-Request-ID"] = _header_ref("X-Request-ID")
                if status in _RETRY_AFTER_STATUSES or (is_idempotent and status == "409"):
                    headers["Retry-After"] = _header_ref("Retry-After")
                if is_idempotent and status.startswith("2"):
                    headers["Idempotent-Replayed"] = _header_ref("Idempotent-Replayed")


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    branches = schema.get("anyOf")
    if not branches or {"type": "null"} not in branches:
        return schema
    kept = [b for b in branches if b != {"type": "null"}]
    out = {k: v for k, v in schema.items() if k != "anyOf"}
    if len(kept) == 1:
        out = {**kept[0], **out}
    else:
        out["anyOf"] = kept
    if out.get("default", ...) is None:
        del out["default"]
    return out
