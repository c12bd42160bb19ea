from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bank_statements_import_files_body import BankStatementsImportFilesBody
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.foreign_statement_problem import ForeignStatementProblem
from ...models.idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.no_own_iban_problem import NoOwnIbanProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.statement_amount_invalid_problem import StatementAmountInvalidProblem
from ...models.statement_dtd_forbidden_problem import StatementDtdForbiddenProblem
from ...models.statement_imported import StatementImported
from ...models.statement_not_camt_053_problem import StatementNotCamt053Problem
from ...models.statement_not_xml_problem import StatementNotXmlProblem
from ...models.statement_schema_invalid_problem import StatementSchemaInvalidProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: File | BankStatementsImportFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/bank-statements",
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/xml"
    if isinstance(body, BankStatementsImportFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | ForeignStatementProblem
    | InvalidProblem
    | NoOwnIbanProblem
    | StatementAmountInvalidProblem
    | StatementDtdForbiddenProblem
    | StatementNotCamt053Problem
    | StatementNotXmlProblem
    | StatementSchemaInvalidProblem
    | IdempotencyKeyInProgressProblem
    | InternalErrorProblem
    | PayloadTooLargeProblem
    | StatementImported
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = StatementImported.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ForbiddenProblem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = IdempotencyKeyInProgressProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UnsupportedMediaTypeProblem.from_dict(response.json())

        return response_415

    if response.status_code == 422:

        def _parse_response_422(
            data: object,
        ) -> (
            ForeignStatementProblem
            | InvalidProblem
            | NoOwnIbanProblem
            | StatementAmountInvalidProblem
            | StatementDtdForbiddenProblem
            | StatementNotCamt053Problem
            | StatementNotXmlProblem
            | StatementSchemaInvalidProblem
        ):
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
                response_422_type_1 = StatementNotXmlProblem.from_dict(data)

                return response_422_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_2 = StatementDtdForbiddenProblem.from_dict(data)

                return response_422_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_3 = StatementNotCamt053Problem.from_dict(data)

                return response_422_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_4 = StatementSchemaInvalidProblem.from_dict(data)

                return response_422_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_5 = StatementAmountInvalidProblem.from_dict(data)

                return response_422_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_6 = ForeignStatementProblem.from_dict(data)

                return response_422_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_7 = NoOwnIbanProblem.from_dict(data)

            return response_422_type_7

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
    | ForbiddenProblem
    | ForeignStatementProblem
    | InvalidProblem
    | NoOwnIbanProblem
    | StatementAmountInvalidProblem
    | StatementDtdForbiddenProblem
    | StatementNotCamt053Problem
    | StatementNotXmlProblem
    | StatementSchemaInvalidProblem
    | IdempotencyKeyInProgressProblem
    | InternalErrorProblem
    | PayloadTooLargeProblem
    | StatementImported
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
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
    body: File | BankStatementsImportFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | ForeignStatementProblem
    | InvalidProblem
    | NoOwnIbanProblem
    | StatementAmountInvalidProblem
    | StatementDtdForbiddenProblem
    | StatementNotCamt053Problem
    | StatementNotXmlProblem
    | StatementSchemaInvalidProblem
    | IdempotencyKeyInProgressProblem
    | InternalErrorProblem
    | PayloadTooLargeProblem
    | StatementImported
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Import a CAMT.053 bank statement: store its new transactions and pay the invoices its credits match

     Send the statement as the request body (`Content-Type: application/xml` or `text/xml`) or as the
    form field `file` of a `multipart/form-data` upload. Versions camt.053.001.02 up to .14 are read
    (what ING, Rabobank and ABN AMRO export); each is checked against its official ISO 20022 schema.
    Anything else is a 422 naming the problem (not XML, a DTD or entity declaration, another message
    type or version, a schema error with its element, another account than the administration's IBAN);
    the size limit is the service's body limit (413). Nothing is stored on refusal.

    Transactions imported before (the same or an overlapping statement) are counted as `already_known`
    and left alone. Each new incoming credit is matched to an open invoice by its number (or
    betalingskenmerk) in the remittance, else by amount due and an IBAN the customer paid from before; a
    match becomes a `bank` payment in the same transaction (less than due: a partial payment; more:
    recorded, the invoice shows `overpaid`). Two candidates leave the credit unmatched. Debits and
    reversals are stored as `ignored`.

    Args:
        idempotency_key (str | Unset):
        body (File):
        body (BankStatementsImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | ForeignStatementProblem | InvalidProblem | NoOwnIbanProblem | StatementAmountInvalidProblem | StatementDtdForbiddenProblem | StatementNotCamt053Problem | StatementNotXmlProblem | StatementSchemaInvalidProblem | IdempotencyKeyInProgressProblem | InternalErrorProblem | PayloadTooLargeProblem | StatementImported | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: File | BankStatementsImportFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | ForeignStatementProblem
    | InvalidProblem
    | NoOwnIbanProblem
    | StatementAmountInvalidProblem
    | StatementDtdForbiddenProblem
    | StatementNotCamt053Problem
    | StatementNotXmlProblem
    | StatementSchemaInvalidProblem
    | IdempotencyKeyInProgressProblem
    | InternalErrorProblem
    | PayloadTooLargeProblem
    | StatementImported
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Import a CAMT.053 bank statement: store its new transactions and pay the invoices its credits match

     Send the statement as the request body (`Content-Type: application/xml` or `text/xml`) or as the
    form field `file` of a `multipart/form-data` upload. Versions camt.053.001.02 up to .14 are read
    (what ING, Rabobank and ABN AMRO export); each is checked against its official ISO 20022 schema.
    Anything else is a 422 naming the problem (not XML, a DTD or entity declaration, another message
    type or version, a schema error with its element, another account than the administration's IBAN);
    the size limit is the service's body limit (413). Nothing is stored on refusal.

    Transactions imported before (the same or an overlapping statement) are counted as `already_known`
    and left alone. Each new incoming credit is matched to an open invoice by its number (or
    betalingskenmerk) in the remittance, else by amount due and an IBAN the customer paid from before; a
    match becomes a `bank` payment in the same transaction (less than due: a partial payment; more:
    recorded, the invoice shows `overpaid`). Two candidates leave the credit unmatched. Debits and
    reversals are stored as `ignored`.

    Args:
        idempotency_key (str | Unset):
        body (File):
        body (BankStatementsImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | ForeignStatementProblem | InvalidProblem | NoOwnIbanProblem | StatementAmountInvalidProblem | StatementDtdForbiddenProblem | StatementNotCamt053Problem | StatementNotXmlProblem | StatementSchemaInvalidProblem | IdempotencyKeyInProgressProblem | InternalErrorProblem | PayloadTooLargeProblem | StatementImported | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File | BankStatementsImportFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | ForeignStatementProblem
    | InvalidProblem
    | NoOwnIbanProblem
    | StatementAmountInvalidProblem
    | StatementDtdForbiddenProblem
    | StatementNotCamt053Problem
    | StatementNotXmlProblem
    | StatementSchemaInvalidProblem
    | IdempotencyKeyInProgressProblem
    | InternalErrorProblem
    | PayloadTooLargeProblem
    | StatementImported
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Import a CAMT.053 bank statement: store its new transactions and pay the invoices its credits match

     Send the statement as the request body (`Content-Type: application/xml` or `text/xml`) or as the
    form field `file` of a `multipart/form-data` upload. Versions camt.053.001.02 up to .14 are read
    (what ING, Rabobank and ABN AMRO export); each is checked against its official ISO 20022 schema.
    Anything else is a 422 naming the problem (not XML, a DTD or entity declaration, another message
    type or version, a schema error with its element, another account than the administration's IBAN);
    the size limit is the service's body limit (413). Nothing is stored on refusal.

    Transactions imported before (the same or an overlapping statement) are counted as `already_known`
    and left alone. Each new incoming credit is matched to an open invoice by its number (or
    betalingskenmerk) in the remittance, else by amount due and an IBAN the customer paid from before; a
    match becomes a `bank` payment in the same transaction (less than due: a partial payment; more:
    recorded, the invoice shows `overpaid`). Two candidates leave the credit unmatched. Debits and
    reversals are stored as `ignored`.

    Args:
        idempotency_key (str | Unset):
        body (File):
        body (BankStatementsImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | ForeignStatementProblem | InvalidProblem | NoOwnIbanProblem | StatementAmountInvalidProblem | StatementDtdForbiddenProblem | StatementNotCamt053Problem | StatementNotXmlProblem | StatementSchemaInvalidProblem | IdempotencyKeyInProgressProblem | InternalErrorProblem | PayloadTooLargeProblem | StatementImported | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: File | BankStatementsImportFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | ForeignStatementProblem
    | InvalidProblem
    | NoOwnIbanProblem
    | StatementAmountInvalidProblem
    | StatementDtdForbiddenProblem
    | StatementNotCamt053Problem
    | StatementNotXmlProblem
    | StatementSchemaInvalidProblem
    | IdempotencyKeyInProgressProblem
    | InternalErrorProblem
    | PayloadTooLargeProblem
    | StatementImported
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Import a CAMT.053 bank statement: store its new transactions and pay the invoices its credits match

     Send the statement as the request body (`Content-Type: application/xml` or `text/xml`) or as the
    form field `file` of a `multipart/form-data` upload. Versions camt.053.001.02 up to .14 are read
    (what ING, Rabobank and ABN AMRO export); each is checked against its official ISO 20022 schema.
    Anything else is a 422 naming the problem (not XML, a DTD or entity declaration, another message
    type or version, a schema error with its element, another account than the administration's IBAN);
    the size limit is the service's body limit (413). Nothing is stored on refusal.

    Transactions imported before (the same or an overlapping statement) are counted as `already_known`
    and left alone. Each new incoming credit is matched to an open invoice by its number (or
    betalingskenmerk) in the remittance, else by amount due and an IBAN the customer paid from before; a
    match becomes a `bank` payment in the same transaction (less than due: a partial payment; more:
    recorded, the invoice shows `overpaid`). Two candidates leave the credit unmatched. Debits and
    reversals are stored as `ignored`.

    Args:
        idempotency_key (str | Unset):
        body (File):
        body (BankStatementsImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | ForeignStatementProblem | InvalidProblem | NoOwnIbanProblem | StatementAmountInvalidProblem | StatementDtdForbiddenProblem | StatementNotCamt053Problem | StatementNotXmlProblem | StatementSchemaInvalidProblem | IdempotencyKeyInProgressProblem | InternalErrorProblem | PayloadTooLargeProblem | StatementImported | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
