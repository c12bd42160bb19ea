from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.credit_exceeds_invoice_problem import CreditExceedsInvoiceProblem
from ...models.credit_note_create import CreditNoteCreate
from ...models.credit_note_not_creditable_problem import CreditNoteNotCreditableProblem
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.invoice_not_final_problem import InvoiceNotFinalProblem
from ...models.invoice_out import InvoiceOut
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: str,
    *,
    body: CreditNoteCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invoices/{invoice_id}/credit-note".format(
            invoice_id=quote(str(invoice_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    CreditExceedsInvoiceProblem
    | InvalidProblem
    | CreditNoteNotCreditableProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotFinalProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 201:
        response_201 = InvoiceOut.from_dict(response.json())

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

        def _parse_response_409(
            data: object,
        ) -> CreditNoteNotCreditableProblem | IdempotencyKeyInProgressProblem | InvoiceNotFinalProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = CreditNoteNotCreditableProblem.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_1 = InvoiceNotFinalProblem.from_dict(data)

                return response_409_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_2 = IdempotencyKeyInProgressProblem.from_dict(data)

            return response_409_type_2

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 422:

        def _parse_response_422(data: object) -> CreditExceedsInvoiceProblem | InvalidProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_0 = InvalidProblem.from_dict(data)

                return response_422_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_1 = CreditExceedsInvoiceProblem.from_dict(data)

            return response_422_type_1

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
    CreditExceedsInvoiceProblem
    | InvalidProblem
    | CreditNoteNotCreditableProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotFinalProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceOut
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
    body: CreditNoteCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    CreditExceedsInvoiceProblem
    | InvalidProblem
    | CreditNoteNotCreditableProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotFinalProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A draft credit note for (part of) a final invoice

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (CreditNoteCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditExceedsInvoiceProblem | InvalidProblem | CreditNoteNotCreditableProblem | IdempotencyKeyInProgressProblem | InvoiceNotFinalProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvoiceOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        body=body,
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
    body: CreditNoteCreate,
    idempotency_key: str | Unset = UNSET,
) -> (
    CreditExceedsInvoiceProblem
    | InvalidProblem
    | CreditNoteNotCreditableProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotFinalProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A draft credit note for (part of) a final invoice

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (CreditNoteCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditExceedsInvoiceProblem | InvalidProblem | CreditNoteNotCreditableProblem | IdempotencyKeyInProgressProblem | InvoiceNotFinalProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvoiceOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    body: CreditNoteCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    CreditExceedsInvoiceProblem
    | InvalidProblem
    | CreditNoteNotCreditableProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotFinalProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A draft credit note for (part of) a final invoice

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (CreditNoteCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditExceedsInvoiceProblem | InvalidProblem | CreditNoteNotCreditableProblem | IdempotencyKeyInProgressProblem | InvoiceNotFinalProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvoiceOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    body: CreditNoteCreate,
    idempotency_key: str | Unset = UNSET,
) -> (
    CreditExceedsInvoiceProblem
    | InvalidProblem
    | CreditNoteNotCreditableProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotFinalProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A draft credit note for (part of) a final invoice

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (CreditNoteCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditExceedsInvoiceProblem | InvalidProblem | CreditNoteNotCreditableProblem | IdempotencyKeyInProgressProblem | InvoiceNotFinalProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvoiceOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
