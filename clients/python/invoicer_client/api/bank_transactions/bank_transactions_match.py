from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bank_transaction_already_matched_problem import BankTransactionAlreadyMatchedProblem
from ...models.bank_transaction_not_a_credit_problem import BankTransactionNotACreditProblem
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.invoice_not_open_problem import InvoiceNotOpenProblem
from ...models.match_in import MatchIn
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.transaction_matched import TransactionMatched
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    transaction_id: str,
    *,
    body: MatchIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/bank-transactions/{transaction_id}/match".format(
            transaction_id=quote(str(transaction_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BankTransactionAlreadyMatchedProblem
    | BankTransactionNotACreditProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotOpenProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | TransactionMatched
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = TransactionMatched.from_dict(response.json())

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

    if response.status_code == 409:

        def _parse_response_409(
            data: object,
        ) -> (
            BankTransactionAlreadyMatchedProblem
            | BankTransactionNotACreditProblem
            | IdempotencyKeyInProgressProblem
            | InvoiceNotOpenProblem
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = BankTransactionAlreadyMatchedProblem.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_1 = BankTransactionNotACreditProblem.from_dict(data)

                return response_409_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_2 = InvoiceNotOpenProblem.from_dict(data)

                return response_409_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_3 = IdempotencyKeyInProgressProblem.from_dict(data)

            return response_409_type_3

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
    BankTransactionAlreadyMatchedProblem
    | BankTransactionNotACreditProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotOpenProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | TransactionMatched
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
    body: MatchIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    BankTransactionAlreadyMatchedProblem
    | BankTransactionNotACreditProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotOpenProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | TransactionMatched
    | UnauthorizedProblem
]:
    """Match an unmatched credit to an invoice by hand: it becomes a payment

     The credit's amount is recorded as a `bank` payment of the invoice (less than due: partially paid;
    more: the invoice shows `overpaid`), and its IBAN is remembered for the invoice's customer, so their
    next transfer of an amount due matches by itself.

    Args:
        transaction_id (str):
        idempotency_key (str | Unset):
        body (MatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BankTransactionAlreadyMatchedProblem | BankTransactionNotACreditProblem | IdempotencyKeyInProgressProblem | InvoiceNotOpenProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | TransactionMatched | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        transaction_id=transaction_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    transaction_id: str,
    *,
    client: AuthenticatedClient,
    body: MatchIn,
    idempotency_key: str | Unset = UNSET,
) -> (
    BankTransactionAlreadyMatchedProblem
    | BankTransactionNotACreditProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotOpenProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | TransactionMatched
    | UnauthorizedProblem
    | None
):
    """Match an unmatched credit to an invoice by hand: it becomes a payment

     The credit's amount is recorded as a `bank` payment of the invoice (less than due: partially paid;
    more: the invoice shows `overpaid`), and its IBAN is remembered for the invoice's customer, so their
    next transfer of an amount due matches by itself.

    Args:
        transaction_id (str):
        idempotency_key (str | Unset):
        body (MatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BankTransactionAlreadyMatchedProblem | BankTransactionNotACreditProblem | IdempotencyKeyInProgressProblem | InvoiceNotOpenProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | TransactionMatched | UnauthorizedProblem
    """

    return sync_detailed(
        transaction_id=transaction_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    transaction_id: str,
    *,
    client: AuthenticatedClient,
    body: MatchIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    BankTransactionAlreadyMatchedProblem
    | BankTransactionNotACreditProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotOpenProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | TransactionMatched
    | UnauthorizedProblem
]:
    """Match an unmatched credit to an invoice by hand: it becomes a payment

     The credit's amount is recorded as a `bank` payment of the invoice (less than due: partially paid;
    more: the invoice shows `overpaid`), and its IBAN is remembered for the invoice's customer, so their
    next transfer of an amount due matches by itself.

    Args:
        transaction_id (str):
        idempotency_key (str | Unset):
        body (MatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BankTransactionAlreadyMatchedProblem | BankTransactionNotACreditProblem | IdempotencyKeyInProgressProblem | InvoiceNotOpenProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | TransactionMatched | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        transaction_id=transaction_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    transaction_id: str,
    *,
    client: AuthenticatedClient,
    body: MatchIn,
    idempotency_key: str | Unset = UNSET,
) -> (
    BankTransactionAlreadyMatchedProblem
    | BankTransactionNotACreditProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceNotOpenProblem
    | DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | TransactionMatched
    | UnauthorizedProblem
    | None
):
    """Match an unmatched credit to an invoice by hand: it becomes a payment

     The credit's amount is recorded as a `bank` payment of the invoice (less than due: partially paid;
    more: the invoice shows `overpaid`), and its IBAN is remembered for the invoice's customer, so their
    next transfer of an amount due matches by itself.

    Args:
        transaction_id (str):
        idempotency_key (str | Unset):
        body (MatchIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BankTransactionAlreadyMatchedProblem | BankTransactionNotACreditProblem | IdempotencyKeyInProgressProblem | InvoiceNotOpenProblem | DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | TransactionMatched | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            transaction_id=transaction_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
