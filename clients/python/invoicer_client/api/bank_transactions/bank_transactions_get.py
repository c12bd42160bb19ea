from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bank_transaction_out import BankTransactionOut
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    transaction_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/bank-transactions/{transaction_id}".format(
            transaction_id=quote(str(transaction_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BankTransactionOut
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = BankTransactionOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ForbiddenProblem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

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
    BankTransactionOut
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
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
    transaction_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    BankTransactionOut
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A bank transaction

    Args:
        transaction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BankTransactionOut | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        transaction_id=transaction_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    transaction_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    BankTransactionOut
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A bank transaction

    Args:
        transaction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BankTransactionOut | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        transaction_id=transaction_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    transaction_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    BankTransactionOut
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A bank transaction

    Args:
        transaction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BankTransactionOut | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        transaction_id=transaction_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    transaction_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    BankTransactionOut
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A bank transaction

    Args:
        transaction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BankTransactionOut | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            transaction_id=transaction_id,
            client=client,
        )
    ).parsed
