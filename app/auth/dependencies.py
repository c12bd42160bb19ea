"""FastAPI dependencies that authenticate a request and check its scope (401, 403, 429)."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth.principal import Principal, principal_for
from app.errors import Forbidden, Unauthorized
from app.i18n import t
from app.models.enums import Scope
from app.ratelimit import too_many

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer ik_...`")


async def authenticated(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    principal = await principal_for(request, request.state.session)
    if principal is None:
        detail = t("Send an API key as `Authorization: Bearer <key>`.")
        if credentials is not None:
            detail = t("The API key is unknown or was revoked.")
        raise Unauthorized(detail, headers={"WWW-Authenticate": "Bearer"})
    wait = request.app.state.key_limiter.take(principal.key_id)
    if wait is not None:
        raise too_many(wait, t("This API key made too many requests; slow down and retry."))
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
            raise Forbidden(
                t("This action needs the `{scope}` scope.", scope=scope.value), missing_scope=scope
            )
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
        raise Forbidden(t("Operator endpoints are disabled: INVOICER_OPERATOR_TOKEN is not set."))
    if not operator_token_matches(request):
        raise Unauthorized(t("Send the operator token as `Authorization: Bearer <token>`."))
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
            raise Forbidden(
                t("This action needs the operator token or the `{scope}` scope.", scope=scope.value)
            )
        return principal.administration_id

    return dependency


Reader = Annotated[Principal, Depends(require(Scope.read))]
PartiesWriter = Annotated[Principal, Depends(require(Scope.parties_write))]
InvoicesWriter = Annotated[Principal, Depends(require(Scope.invoices_write))]
Finalizer = Annotated[Principal, Depends(require(Scope.invoices_finalize))]
MailSender = Annotated[Principal, Depends(require(Scope.mails_send))]
PaymentsWriter = Annotated[Principal, Depends(require(Scope.payments_write))]
RecurrencesWriter = Annotated[Principal, Depends(require(Scope.recurrences_write))]
SettingsWriter = Annotated[Principal, Depends(require(Scope.settings_write))]
Operator = Annotated[None, Depends(operator)]
