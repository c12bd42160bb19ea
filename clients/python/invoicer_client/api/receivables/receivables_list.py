import datetime
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
from ...models.receivables_page import ReceivablesPage
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    date: datetime.date | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_date: str | Unset = UNSET
    if not isinstance(date, Unset):
        json_date = date.isoformat()
    params["date"] = json_date

    params["customer_id"] = customer_id

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/receivables",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReceivablesPage
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ReceivablesPage.from_dict(response.json())

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
    | ReceivablesPage
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
    date: datetime.date | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReceivablesPage
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Open invoices with amount due and days overdue, and totals per aging bucket

     Open: final, unpaid or partially paid, with an amount due (open credit notes count, negative).
    Oldest due date first. `totals` are over every open item that matches `customer_id`, not only this
    page's: not yet due, 1-30, 31-60, 61-90 and over 90 days overdue, and the grand total.

    Args:
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.
        customer_id (str | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReceivablesPage | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        date=date,
        customer_id=customer_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReceivablesPage
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Open invoices with amount due and days overdue, and totals per aging bucket

     Open: final, unpaid or partially paid, with an amount due (open credit notes count, negative).
    Oldest due date first. `totals` are over every open item that matches `customer_id`, not only this
    page's: not yet due, 1-30, 31-60, 61-90 and over 90 days overdue, and the grand total.

    Args:
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.
        customer_id (str | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReceivablesPage | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        client=client,
        date=date,
        customer_id=customer_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReceivablesPage
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Open invoices with amount due and days overdue, and totals per aging bucket

     Open: final, unpaid or partially paid, with an amount due (open credit notes count, negative).
    Oldest due date first. `totals` are over every open item that matches `customer_id`, not only this
    page's: not yet due, 1-30, 31-60, 61-90 and over 90 days overdue, and the grand total.

    Args:
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.
        customer_id (str | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReceivablesPage | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        date=date,
        customer_id=customer_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | PayloadTooLargeProblem
    | ReceivablesPage
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Open invoices with amount due and days overdue, and totals per aging bucket

     Open: final, unpaid or partially paid, with an amount due (open credit notes count, negative).
    Oldest due date first. `totals` are over every open item that matches `customer_id`, not only this
    page's: not yet due, 1-30, 31-60, 61-90 and over 90 days overdue, and the grand total.

    Args:
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.
        customer_id (str | Unset):
        limit (int | Unset): Page size. Default: 50.
        cursor (str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | PayloadTooLargeProblem | ReceivablesPage | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            date=date,
            customer_id=customer_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
