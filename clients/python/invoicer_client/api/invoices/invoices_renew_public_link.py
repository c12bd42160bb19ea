from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.draft_has_no_page_problem import DraftHasNoPageProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.public_link_out import PublicLinkOut
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invoices/{invoice_id}/public-link".format(
            invoice_id=quote(str(invoice_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | IdempotencyKeyInProgressProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PublicLinkOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 201:
        response_201 = PublicLinkOut.from_dict(response.json())

        return response_201

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

        def _parse_response_409(data: object) -> DraftHasNoPageProblem | IdempotencyKeyInProgressProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = DraftHasNoPageProblem.from_dict(data)

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
    | DraftHasNoPageProblem
    | IdempotencyKeyInProgressProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PublicLinkOut
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
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | IdempotencyKeyInProgressProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PublicLinkOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A new link to the invoice's page for the customer; the previous one stops working

     Final invoices get their link when they are finalised (`public_url`); this makes a new one, for
    instance after a link reached the wrong person, or for an invoice finalised before links existed.
    The old link answers 404 at once. A draft is a 409.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | DraftHasNoPageProblem | IdempotencyKeyInProgressProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | PublicLinkOut | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | IdempotencyKeyInProgressProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PublicLinkOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A new link to the invoice's page for the customer; the previous one stops working

     Final invoices get their link when they are finalised (`public_url`); this makes a new one, for
    instance after a link reached the wrong person, or for an invoice finalised before links existed.
    The old link answers 404 at once. A draft is a 409.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | DraftHasNoPageProblem | IdempotencyKeyInProgressProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | PublicLinkOut | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | IdempotencyKeyInProgressProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PublicLinkOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A new link to the invoice's page for the customer; the previous one stops working

     Final invoices get their link when they are finalised (`public_url`); this makes a new one, for
    instance after a link reached the wrong person, or for an invoice finalised before links existed.
    The old link answers 404 at once. A draft is a 409.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | DraftHasNoPageProblem | IdempotencyKeyInProgressProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | PublicLinkOut | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | DraftHasNoPageProblem
    | IdempotencyKeyInProgressProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PublicLinkOut
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A new link to the invoice's page for the customer; the previous one stops working

     Final invoices get their link when they are finalised (`public_url`); this makes a new one, for
    instance after a link reached the wrong person, or for an invoice finalised before links existed.
    The old link answers 404 at once. A draft is a 409.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | DraftHasNoPageProblem | IdempotencyKeyInProgressProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | PublicLinkOut | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
