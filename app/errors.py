"""Errors as classes, rendered as RFC 9457 problem details by one set of handlers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Annotated, Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, SkipValidation, WithJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.i18n import Message, Text, current_locale, join, render, t, validation_message

log = logging.getLogger("invoicer.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://invoicer.dev/problems/"


class FieldError(BaseModel):
    # One invalid field of a 422; `msg` is rendered in the request's language when answered.

    model_config = ConfigDict(arbitrary_types_allowed=True)

    loc: list[str | int] = Field(description="Path to the offending field, e.g. ['body', 'email'].")
    msg: Annotated[Message, SkipValidation, WithJsonSchema({"type": "string"})]
    type: str

    def rendered(self, locale: str | None = None) -> dict[str, Any]:
        return {"loc": list(self.loc), "msg": render(self.msg, locale), "type": self.type}


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI identifying the problem type; stable.")
    code: str = Field(
        description="Stable snake_case name of the problem type, e.g. `invoice_not_draft`; "
        "what a client branches on."
    )
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = Field(
        default=None, description="Present on 422: one entry per invalid field."
    )


class AppError(Exception):
    """A failure with an HTTP status, a stable problem `type` (the URI suffix) and `code`.

    One subclass per outcome a client can act on; each declares its own `type` and `code`, so
    an operation can list exactly which problems it answers (`responses(...)`)."""

    status: ClassVar[int] = 400
    type: ClassVar[str] = "bad-request"
    code: ClassVar[str] = "bad_request"
    title: ClassVar[Message] = t("Bad request")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # An inherited `code` would make two outcomes look the same to a client.
        if "type" not in cls.__dict__ or "code" not in cls.__dict__:
            raise TypeError(f"{cls.__name__} must declare its own `type` and `code`")

    def __init__(
        self,
        detail: Message | None = None,
        *,
        errors: Sequence[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        # English in logs and tracebacks; the handler renders the request's language.
        super().__init__(render(detail or self.title, "en"))
        self.detail = detail
        self.errors = list(errors) if errors else None
        self.headers = headers
        self.extra = extra


class Unauthorized(AppError):
    status, type, code = 401, "unauthorized", "unauthorized"
    title = t("Missing or invalid credentials")


class Forbidden(AppError):
    status, type, code = 403, "forbidden", "forbidden"
    title = t("The API key lacks a required scope")


class NotFound(AppError):
    status, type, code = 404, "not-found", "not_found"
    title = t("Not found")


class Conflict(AppError):
    """The base of state conflicts; raise a subclass that names the outcome."""

    status, type, code = 409, "conflict", "conflict"
    title: ClassVar[Message] = t("Conflict with the current state")


class NotAcceptable(AppError):
    """The `Accept` header names no media type the operation can answer in."""

    status, type, code = 406, "not-acceptable", "not_acceptable"
    title = t("None of the accepted media types can be answered")


class PreconditionFailed(AppError):
    status, type, code = 412, "precondition-failed", "precondition_failed"
    title = t("The resource changed since it was read")


class PayloadTooLarge(AppError):
    status, type, code = 413, "payload-too-large", "payload_too_large"
    title = t("Request body too large")


class Invalid(AppError):
    status, type, code = 422, "validation-error", "validation_error"
    title = t("Invalid request")

    @classmethod
    def field(cls, loc: Sequence[str | int], msg: Message, type_: str = "value_error") -> Invalid:
        return cls(msg, errors=[FieldError(loc=list(loc), msg=msg, type=type_)])


class UnsupportedMediaType(AppError):
    status, type, code = 415, "unsupported-media-type", "unsupported_media_type"
    title = t("Unsupported media type")


class TooManyRequests(AppError):
    status, type, code = 429, "rate-limited", "rate_limited"
    title = t("Too many requests")


class InternalError(AppError):
    """Answered by `unexpected_error`, never raised; a class so operations can declare it."""

    status, type, code = 500, "internal-error", "internal_error"
    title = t("Internal server error")


class DatabaseUnavailable(AppError):
    """Answered by `unexpected_error`, never raised; a class so operations can declare it."""

    status, type, code = 503, "database-unavailable", "database_unavailable"
    title = t("Service temporarily unavailable")


def problem_response(
    status: int,
    type_: str,
    title: Message,
    detail: Message | None = None,
    *,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
    extra: dict[str, Any] | None = None,
    code: str | None = None,
    locale: str | None = None,
) -> JSONResponse:
    """The problem as JSON, its texts in `locale` (default: the request's, `current_locale`)."""
    locale = locale or current_locale.get()
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_,
        # A problem made without a class (an unknown route's 404, a 405) derives its code.
        "code": code or type_.replace("-", "_"),
        "title": render(title, locale),
        "status": status,
        # Details may quote user input (an id from the URL): keep them readable.
        "detail": render(detail if detail is not None else title, locale)[:1000],
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = [e.rendered(locale) for e in errors]
    if extra:
        body.update(extra)
    headers = {**(headers or {}), "Content-Language": locale}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _loc(raw: Sequence[Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in raw]


def validation_errors(raw: Sequence[Any], locale: str | None = None) -> list[FieldError]:
    """Pydantic's errors as field errors, their messages in `locale` (default: the request's)."""
    return [
        FieldError(
            loc=_loc(err.get("loc", ())),
            msg=validation_message(err, locale),
            type=str(err.get("type")),
        )
        for err in raw
    ]


def field_errors_detail(errors: Sequence[FieldError], limit: int = 5) -> Message:
    """A 422's `detail`: its first field errors as `loc: message`."""
    return join(
        t("{field}: {message}", field=".".join(map(str, e.loc)), message=e.msg)
        for e in errors[:limit]
    )


# Titles of the problems Starlette answers itself (an unknown route, a wrong method).
HTTP_TITLES: dict[int, Text] = {
    400: t("Bad request"),
    401: t("Unauthorized"),
    403: t("Forbidden"),
    404: t("Not found"),
    405: t("Method not allowed"),
    406: t("Not acceptable"),
    409: t("Conflict with the current state"),
    413: t("Request body too large"),
    415: t("Unsupported media type"),
    422: t("Invalid request"),
    429: t("Too many requests"),
    500: t("Internal server error"),
    503: t("Service temporarily unavailable"),
}


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
            code=exc.code,
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc.errors())
        detail = field_errors_detail(errors)
        return problem_response(
            422,
            Invalid.type,
            Invalid.title,
            detail,
            errors=errors,
            instance=request.url.path,
            code=Invalid.code,
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
            # FastAPI answers a JSON body it cannot decode (not UTF-8, nested too deep for the
            # parser) with a bare 400 that no operation declares. It is malformed JSON like any
            # other, so it gets the same 422 `json_invalid`.
            errors = [FieldError(loc=["body"], msg=t("JSON decode error"), type="json_invalid")]
            detail: Message = t("body: not valid JSON (not UTF-8, or nested too deeply)")
            return problem_response(
                422,
                Invalid.type,
                Invalid.title,
                detail,
                errors=errors,
                instance=request.url.path,
                code=Invalid.code,
            )
        phrase = HTTPStatus(exc.status_code).phrase
        slug = phrase.lower().replace(" ", "-")
        title: Message = HTTP_TITLES.get(exc.status_code, phrase)
        # Starlette's own details are the English phrase ("Not Found"): shown as the title.
        shown: Message = title
        if isinstance(exc.detail, str) and exc.detail.lower() != phrase.lower():
            shown = exc.detail
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:
            # Starlette names the methods of the first route on the path only (`GET` for
            # /v1/customers, which also takes POST); RFC 9110 wants them all.
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return problem_response(
            exc.status_code, slug, title, shown, headers=headers, instance=request.url.path
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_error(request, exc)

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


def allowed_methods(request: Request) -> str:
    """The methods the app's routes take on the request's path, for a 405's `Allow`."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


ErrorClass = type[AppError]

# What every API operation can answer besides its own outcomes.
COMMON_ERRORS: tuple[ErrorClass, ...] = (
    Unauthorized,
    Forbidden,
    PayloadTooLarge,
    Invalid,
    TooManyRequests,
    InternalError,
    DatabaseUnavailable,
)

_SCHEMA_REF = "#/components/schemas/{model}"


def schema_name(error: ErrorClass) -> str:
    return f"{error.__name__}Problem"


def responses(*errors: ErrorClass) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems an operation can answer, all problem+json.

    Per status one schema per error class, and with several a `oneOf` discriminated by `code`,
    so a generated client parses each problem into its own type. A status also in
    COMMON_ERRORS keeps the common class (the router's entry for that status is replaced)."""
    by_status: dict[int, list[ErrorClass]] = {}
    for error in errors:
        by_status.setdefault(error.status, [])
    for error in (*COMMON_ERRORS, *errors):
        if error.status in by_status and error not in by_status[error.status]:
            by_status[error.status].append(error)
    out: dict[int | str, dict[str, Any]] = {}
    for status, classes in sorted(by_status.items()):
        refs = [{"$ref": _SCHEMA_REF.format(model=schema_name(c))} for c in classes]
        schema: dict[str, Any] = refs[0]
        if len(classes) > 1:
            schema = {
                "oneOf": refs,
                "discriminator": {
                    "propertyName": "code",
                    "mapping": {c.code: _SCHEMA_REF.format(model=schema_name(c)) for c in classes},
                },
            }
        out[status] = {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": schema}},
        }
    return out


def with_errors(
    declared: dict[int | str, Any], *errors: ErrorClass
) -> dict[int | str, dict[str, Any]]:
    """`declared` (an operation's `responses=`) with `errors` added to what it lists."""
    by_name = {schema_name(c): c for c in error_classes()}
    statuses = {e.status for e in errors}
    kept: list[ErrorClass] = []
    for status, response in declared.items():
        if int(status) in statuses:
            names = declared_errors({status: response})
            kept.extend(by_name[n] for n in sorted(names))
    return {**declared, **responses(*kept, *errors)}


def declared_errors(responses_: dict[int | str, Any]) -> set[str]:
    """The problem schema names an operation's OpenAPI `responses` declare."""
    names = set()
    for response in responses_.values():
        schema = response.get("content", {}).get(PROBLEM_JSON, {}).get("schema", {})
        for ref in [schema, *schema.get("oneOf", [])]:
            if "$ref" in ref:
                names.add(ref["$ref"].rsplit("/", 1)[-1])
    return names


def error_classes() -> list[ErrorClass]:
    """Every AppError subclass defined so far (import the app first to see them all)."""
    found: list[ErrorClass] = []
    todo = list(AppError.__subclasses__())
    while todo:
        error = todo.pop(0)
        found.append(error)
        todo.extend(error.__subclasses__())
    return found


def problem_schema(error: ErrorClass) -> dict[str, Any]:
    """`Problem` narrowed to one class: `type`, `code` and `status` are constants."""
    schema = Problem.model_json_schema(ref_template=_SCHEMA_REF)
    schema.pop("$defs", None)
    schema["title"] = schema_name(error)
    schema["description"] = render(error.title, "en")
    properties = schema["properties"]
    for name, value in (("type", TYPE_BASE + error.type), ("code", error.code)):
        properties[name] = properties[name] | {"const": value}
    properties["status"] = properties["status"] | {"const": error.status}
    if not issubclass(error, Invalid):  # field errors come with 422s only
        del properties["errors"]
    return schema


def add_problem_schemas(schema: dict[str, Any]) -> None:
    """Register `Problem` and one `<Class>Problem` per error class an operation declares."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template=_SCHEMA_REF)
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    declared: set[str] = set()
    for path in schema.get("paths", {}).values():
        for op in path.values():
            declared |= declared_errors(op.get("responses", {}))
    for error in sorted(error_classes(), key=schema_name):  # not import order: stable output
        if schema_name(error) in declared:
            components[schema_name(error)] = problem_schema(error)
    missing = declared - set(components)
    assert not missing, f"declared problems without a class: {sorted(missing)}"


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
            DatabaseUnavailable.status,
            DatabaseUnavailable.type,
            DatabaseUnavailable.title,
            t("The database cannot be reached right now; retry shortly."),
            headers={"Retry-After": "2"},
            instance=request.url.path,
            code=DatabaseUnavailable.code,
        )
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        InternalError.status,
        InternalError.type,
        InternalError.title,
        t("An unexpected error occurred; it has been logged."),
        instance=request.url.path,
        code=InternalError.code,
    )
