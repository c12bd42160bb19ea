from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.draft_has_no_page_problem import DraftHasNoPageProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    invoice_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/invoices/{invoice_id}/public-link".format(
            invoice_id=quote(str(invoice_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ForbiddenProblem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = DraftHasNoPageProblem.from_dict(response.json())

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
    Any
    | DatabaseUnavailableProblem
    | DraftHasNoPageProblem
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
    invoice_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Revoke the link to the invoice's page: it answers 404 from now on

     `public_url` is null until `POST .../public-link` makes a new link.

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DatabaseUnavailableProblem | DraftHasNoPageProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Revoke the link to the invoice's page: it answers 404 from now on

     `public_url` is null until `POST .../public-link` makes a new link.

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DatabaseUnavailableProblem | DraftHasNoPageProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Revoke the link to the invoice's page: it answers 404 from now on

     `public_url` is null until `POST .../public-link` makes a new link.

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DatabaseUnavailableProblem | DraftHasNoPageProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Revoke the link to the invoice's page: it answers 404 from now on

     `public_url` is null until `POST .../public-link` makes a new link.

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DatabaseUnavailableProblem | DraftHasNoPageProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
        )
    ).parsed
