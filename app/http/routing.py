"""The route class every API route uses: one transaction per request, strict input, idempotent
POSTs, the common errors declared, stable operation ids."""

from __future__ import annotations

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
        if getattr(self.endpoint, "__invoicer_own_transactions__", False):
            write = False
        known_query = _query_names(self.dependant)

        async def handler(request: Request) -> Response:
            db: Database = request.app.state.db
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
