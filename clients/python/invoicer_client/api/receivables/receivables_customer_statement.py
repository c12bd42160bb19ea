import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.document_render_failed_problem import DocumentRenderFailedProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.not_acceptable_problem import NotAcceptableProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.statement_out import StatementOut
from ...models.statement_too_long_problem import StatementTooLongProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: str,
    *,
    date: datetime.date | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_date: str | Unset = UNSET
    if not isinstance(date, Unset):
        json_date = date.isoformat()
    params["date"] = json_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/customers/{customer_id}/statement".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | StatementTooLongProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | NotAcceptableProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | StatementOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = StatementOut.from_dict(response.json())

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

    if response.status_code == 406:
        response_406 = NotAcceptableProblem.from_dict(response.json())

        return response_406

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 422:

        def _parse_response_422(data: object) -> DocumentRenderFailedProblem | InvalidProblem | StatementTooLongProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_0 = InvalidProblem.from_dict(data)

                return response_422_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_1 = StatementTooLongProblem.from_dict(data)

                return response_422_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_2 = DocumentRenderFailedProblem.from_dict(data)

            return response_422_type_2

        response_422 = _parse_response_422(response.json())

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
    | DocumentRenderFailedProblem
    | InvalidProblem
    | StatementTooLongProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | NotAcceptableProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | StatementOut
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
    customer_id: str,
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | StatementTooLongProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | NotAcceptableProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | StatementOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A customer's statement of open items (rekeningoverzicht), JSON or PDF

     Every open item (date, number, due date, original amount, paid, open, days overdue) and the total
    due, as a Dutch rekeningoverzicht. JSON by default; `Accept: application/pdf` gives the PDF in the
    administration's language with its letterhead and the payment instruction; any other `Accept` is a
    406. A customer's statement holds the customer's own invoices; one linked to a company is addressed
    to the company for the attention of the customer.

    Args:
        customer_id (str):
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | StatementTooLongProblem | ForbiddenProblem | InternalErrorProblem | NotAcceptableProblem | NotFoundProblem | PayloadTooLargeProblem | StatementOut | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        date=date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | StatementTooLongProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | NotAcceptableProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | StatementOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A customer's statement of open items (rekeningoverzicht), JSON or PDF

     Every open item (date, number, due date, original amount, paid, open, days overdue) and the total
    due, as a Dutch rekeningoverzicht. JSON by default; `Accept: application/pdf` gives the PDF in the
    administration's language with its letterhead and the payment instruction; any other `Accept` is a
    406. A customer's statement holds the customer's own invoices; one linked to a company is addressed
    to the company for the attention of the customer.

    Args:
        customer_id (str):
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | StatementTooLongProblem | ForbiddenProblem | InternalErrorProblem | NotAcceptableProblem | NotFoundProblem | PayloadTooLargeProblem | StatementOut | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        date=date,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | StatementTooLongProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | NotAcceptableProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | StatementOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A customer's statement of open items (rekeningoverzicht), JSON or PDF

     Every open item (date, number, due date, original amount, paid, open, days overdue) and the total
    due, as a Dutch rekeningoverzicht. JSON by default; `Accept: application/pdf` gives the PDF in the
    administration's language with its letterhead and the payment instruction; any other `Accept` is a
    406. A customer's statement holds the customer's own invoices; one linked to a company is addressed
    to the company for the attention of the customer.

    Args:
        customer_id (str):
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | StatementTooLongProblem | ForbiddenProblem | InternalErrorProblem | NotAcceptableProblem | NotFoundProblem | PayloadTooLargeProblem | StatementOut | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        date=date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    date: datetime.date | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | StatementTooLongProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | NotAcceptableProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | StatementOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A customer's statement of open items (rekeningoverzicht), JSON or PDF

     Every open item (date, number, due date, original amount, paid, open, days overdue) and the total
    due, as a Dutch rekeningoverzicht. JSON by default; `Accept: application/pdf` gives the PDF in the
    administration's language with its letterhead and the payment instruction; any other `Accept` is a
    406. A customer's statement holds the customer's own invoices; one linked to a company is addressed
    to the company for the attention of the customer.

    Args:
        customer_id (str):
        date (datetime.date | Unset): Count days overdue to this day (YYYY-MM-DD); default: today
            in the administration's time zone. Amounts are as they stand now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | StatementTooLongProblem | ForbiddenProblem | InternalErrorProblem | NotAcceptableProblem | NotFoundProblem | PayloadTooLargeProblem | StatementOut | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            date=date,
        )
    ).parsed
