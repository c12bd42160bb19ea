"""Errors as classes, rendered as RFC 9457 problem details by one set of handlers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("invoicer.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://invoicer.dev/problems/"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Path to the offending field, e.g. ['body', 'email'].")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI identifying the problem type; stable.")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = Field(
        default=None, description="Present on 422: one entry per invalid field."
    )


class AppError(Exception):
    """A failure with an HTTP status and a stable problem `type`."""

    status: ClassVar[int] = 400
    type: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = list(errors) if errors else None
        self.headers = headers
        self.extra = extra


class Unauthorized(AppError):
    status, type, title = 401, "unauthorized", "Missing or invalid credentials"


class Forbidden(AppError):
    status, type, title = 403, "forbidden", "The API key lacks a required scope"


class NotFound(AppError):
    status, type, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, type, title = 409, "conflict", "Conflict with the current state"


class PreconditionFailed(AppError):
    status, type, title = 412, "precondition-failed", "The resource changed since it was read"


class PayloadTooLarge(AppError):
    status, type, title = 413, "payload-too-large", "Request body too large"


class Invalid(AppError):
    status, type, title = 422, "validation-error", "Invalid request"

    @classmethod
    def field(cls, loc: Sequence[str | int], msg: str, type_: str = "value_error") -> Invalid:
        return cls(msg, errors=[FieldError(loc=list(loc), msg=msg, type=type_)])


class UnsupportedMediaType(AppError):
    status, type, title = 415, "unsupported-media-type", "Unsupported media type"


class TooManyRequests(AppError):
    status, type, title = 429, "rate-limited", "Too many requests"


def problem_response(
    status: int,
    type_: str,
    title: str,
    detail: str | None = None,
    *,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_,
        "title": title,
        "status": status,
        # Details may quote user input (an id from the URL): keep them readable.
        "detail": (detail if detail is not None else title)[:1000],
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = [e.model_dump() for e in errors]
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _loc(raw: Sequence[Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in raw]


def validation_errors(raw: Sequence[Any]) -> list[FieldError]:
    out = []
    for err in raw:
        msg = str(err.get("msg", "invalid"))
        # Pydantic prefixes messages of custom validators with "Value error, ".
        msg = msg.removeprefix("Value error, ")
        out.append(FieldError(loc=_loc(err.get("loc", ())), msg=msg, type=str(err.get("type"))))
    return out


def install_handlers(app: FastAPI) -> None:
    async def on_app_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AppError)
        return problem_response(
            exc.status,
            exc.type,
            exc.title,
            exc.detail,
            errors=exc.errors,
            headers=exc.headers,
            instance=request.url.path,
            extra=exc.extra or None,
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc.errors())
        detail = "; ".join(".".join(map(str, e.loc)) + ": " + e.msg for e in errors[:5])
        return problem_response(
            422, Invalid.type, Invalid.title, detail, errors=errors, instance=request.url.path
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
            # FastAPI answers a JSON body it cannot decode (not UTF-8, nested too deep for the
            # parser) with a bare 400 that no operation declares. It is malformed JSON like any
            # other, so it gets the same 422 `json_invalid`.
            errors = [FieldError(loc=["body"], msg="JSON decode error", type="json_invalid")]
            detail = "body: not valid JSON (not UTF-8, or nested too deeply)"
            return problem_response(
                422, Invalid.type, Invalid.title, detail, errors=errors, instance=request.url.path
            )
        phrase = HTTPStatus(exc.status_code).phrase
        slug = phrase.lower().replace(" ", "-")
        detail = exc.detail if isinstance(exc.detail, str) else phrase
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(
            exc.status_code, slug, phrase, detail, headers=headers, instance=request.url.path
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_error(request, exc)

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the listed error statuses, all problem+json."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        out[status] = {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return out


# What every API operation can answer besides its own outcomes.
COMMON_ERRORS = (401, 403, 413, 422, 429, 500, 503)


def add_problem_schemas(schema: dict[str, Any]) -> None:
    """Register `Problem` (referenced by every error response) in the OpenAPI components."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem


# asyncpg's names for a connection lost or refused while the server restarts or fails over.
_CONNECTION_ERRORS = {
    "AdminShutdownError",
    "CannotConnectNowError",
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "InterfaceError",
    "InternalClientError",
    "TooManyConnectionsError",
}


def database_unavailable(exc: BaseException) -> bool:
    """A lost or refused database connection (a restart, a failover), not a bug."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, InterfaceError | OperationalError | ConnectionError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        cause: BaseException | None = exc.orig
        while cause is not None:
            if type(cause).__name__ in _CONNECTION_ERRORS or isinstance(cause, OSError):
                return True
            cause = cause.__cause__
        return "connection" in str(exc.orig).lower()
    return False


def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """The answer to an exception no handler knows: 503 with Retry-After while the database is
    unreachable (clients may retry), otherwise a logged 500."""
    if database_unavailable(exc):
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            503,
            "database-unavailable",
            "Service temporarily unavailable",
            "The database cannot be reached right now; retry shortly.",
            headers={"Retry-After": "2"},
            instance=request.url.path,
        )
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500,
        "internal-error",
        "Internal server error",
        "An unexpected error occurred; it has been logged.",
        instance=request.url.path,
    )
