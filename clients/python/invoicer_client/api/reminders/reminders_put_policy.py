from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.reminder_policy_in import ReminderPolicyIn
from ...models.reminder_policy_out import ReminderPolicyOut
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    *,
    body: ReminderPolicyIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/reminder-policy",
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
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReminderPolicyOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ReminderPolicyOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ForbiddenProblem.from_dict(response.json())

        return response_403

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
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReminderPolicyOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
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
    body: ReminderPolicyIn,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReminderPolicyOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Replace the reminder policy

     Replaces the whole policy. Every final invoice of the administration is then scheduled by it (the
    step after the last one made), also invoices finalised before reminders existed: saving the policy
    is how they join.

    Args:
        body (ReminderPolicyIn): The whole policy (PUT replaces it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReminderPolicyOut | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ReminderPolicyIn,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReminderPolicyOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Replace the reminder policy

     Replaces the whole policy. Every final invoice of the administration is then scheduled by it (the
    step after the last one made), also invoices finalised before reminders existed: saving the policy
    is how they join.

    Args:
        body (ReminderPolicyIn): The whole policy (PUT replaces it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReminderPolicyOut | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReminderPolicyIn,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReminderPolicyOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Replace the reminder policy

     Replaces the whole policy. Every final invoice of the administration is then scheduled by it (the
    step after the last one made), also invoices finalised before reminders existed: saving the policy
    is how they join.

    Args:
        body (ReminderPolicyIn): The whole policy (PUT replaces it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReminderPolicyOut | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReminderPolicyIn,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReminderPolicyOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Replace the reminder policy

     Replaces the whole policy. Every final invoice of the administration is then scheduled by it (the
    step after the last one made), also invoices finalised before reminders existed: saving the policy
    is how they join.

    Args:
        body (ReminderPolicyIn): The whole policy (PUT replaces it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReminderPolicyOut | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
