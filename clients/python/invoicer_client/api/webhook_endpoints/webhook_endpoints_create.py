from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_endpoints_problem import TooManyEndpointsProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.webhook_endpoint_create import WebhookEndpointCreate
from ...models.webhook_endpoint_with_secret import WebhookEndpointWithSecret
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WebhookEndpointCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | TooManyEndpointsProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | WebhookEndpointWithSecret
    | None
):
    if response.status_code == 201:
        response_201 = WebhookEndpointWithSecret.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ForbiddenProblem.from_dict(response.json())

        return response_403

    if response.status_code == 409:

        def _parse_response_409(data: object) -> IdempotencyKeyInProgressProblem | TooManyEndpointsProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = TooManyEndpointsProblem.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_1 = IdempotencyKeyInProgressProblem.from_dict(data)

            return response_409_type_1

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = InvalidProblem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = TooManyRequestsProblem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = InternalErrorProblem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = DatabaseUnavailableProblem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | TooManyEndpointsProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | WebhookEndpointWithSecret
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | TooManyEndpointsProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | WebhookEndpointWithSecret
]:
    """Add a webhook endpoint; its signing secret is shown only in this response

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | TooManyEndpointsProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | WebhookEndpointWithSecret]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | TooManyEndpointsProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | WebhookEndpointWithSecret
    | None
):
    """Add a webhook endpoint; its signing secret is shown only in this response

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | TooManyEndpointsProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | WebhookEndpointWithSecret
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | TooManyEndpointsProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | WebhookEndpointWithSecret
]:
    """Add a webhook endpoint; its signing secret is shown only in this response

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | TooManyEndpointsProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | WebhookEndpointWithSecret]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | TooManyEndpointsProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | WebhookEndpointWithSecret
    | None
):
    """Add a webhook endpoint; its signing secret is shown only in this response

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | TooManyEndpointsProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | WebhookEndpointWithSecret
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
