from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.invoice_is_draft_problem import InvoiceIsDraftProblem
from ...models.invoice_mail_create import InvoiceMailCreate
from ...models.mail_out import MailOut
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: str,
    *,
    body: InvoiceMailCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invoices/{invoice_id}/mails".format(
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
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceIsDraftProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 201:
        response_201 = MailOut.from_dict(response.json())

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

        def _parse_response_409(data: object) -> IdempotencyKeyInProgressProblem | InvoiceIsDraftProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = InvoiceIsDraftProblem.from_dict(data)

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
    | InvoiceIsDraftProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailOut
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
    body: InvoiceMailCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceIsDraftProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """E-mail a final invoice (again): a new mail with its stored documents

     A new mail for a final invoice, whatever its delivery method: after a failed mail, a deleted draft,
    or a delivery by post or none. Body as finalize's e-mail part: `email_template_id` (default: the
    administration's default), `recipients` (`to`, `cc`, `bcc`; default: the default recipients of GET
    .../delivery) and `action` (`send` queues the mail at once and counts against the hourly mail limit,
    `edit` keeps it as a draft). Only known addresses. The mail attaches the PDF stored at finalisation
    (and the UBL when the template says so), never a new rendering; earlier mails stay in the history. A
    draft invoice is a 409. Safe to retry with an `Idempotency-Key`.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (InvoiceMailCreate): A new mail for a final invoice, whatever its delivery method:
            the template, the selected
            recipients and `send` or `edit`. The mail attaches the documents stored at finalisation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | InvoiceIsDraftProblem | InternalErrorProblem | InvalidProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
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
    body: InvoiceMailCreate,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceIsDraftProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """E-mail a final invoice (again): a new mail with its stored documents

     A new mail for a final invoice, whatever its delivery method: after a failed mail, a deleted draft,
    or a delivery by post or none. Body as finalize's e-mail part: `email_template_id` (default: the
    administration's default), `recipients` (`to`, `cc`, `bcc`; default: the default recipients of GET
    .../delivery) and `action` (`send` queues the mail at once and counts against the hourly mail limit,
    `edit` keeps it as a draft). Only known addresses. The mail attaches the PDF stored at finalisation
    (and the UBL when the template says so), never a new rendering; earlier mails stay in the history. A
    draft invoice is a 409. Safe to retry with an `Idempotency-Key`.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (InvoiceMailCreate): A new mail for a final invoice, whatever its delivery method:
            the template, the selected
            recipients and `send` or `edit`. The mail attaches the documents stored at finalisation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | InvoiceIsDraftProblem | InternalErrorProblem | InvalidProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
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
    body: InvoiceMailCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceIsDraftProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """E-mail a final invoice (again): a new mail with its stored documents

     A new mail for a final invoice, whatever its delivery method: after a failed mail, a deleted draft,
    or a delivery by post or none. Body as finalize's e-mail part: `email_template_id` (default: the
    administration's default), `recipients` (`to`, `cc`, `bcc`; default: the default recipients of GET
    .../delivery) and `action` (`send` queues the mail at once and counts against the hourly mail limit,
    `edit` keeps it as a draft). Only known addresses. The mail attaches the PDF stored at finalisation
    (and the UBL when the template says so), never a new rendering; earlier mails stay in the history. A
    draft invoice is a 409. Safe to retry with an `Idempotency-Key`.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (InvoiceMailCreate): A new mail for a final invoice, whatever its delivery method:
            the template, the selected
            recipients and `send` or `edit`. The mail attaches the documents stored at finalisation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | InvoiceIsDraftProblem | InternalErrorProblem | InvalidProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
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
    body: InvoiceMailCreate,
    idempotency_key: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | IdempotencyKeyInProgressProblem
    | InvoiceIsDraftProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """E-mail a final invoice (again): a new mail with its stored documents

     A new mail for a final invoice, whatever its delivery method: after a failed mail, a deleted draft,
    or a delivery by post or none. Body as finalize's e-mail part: `email_template_id` (default: the
    administration's default), `recipients` (`to`, `cc`, `bcc`; default: the default recipients of GET
    .../delivery) and `action` (`send` queues the mail at once and counts against the hourly mail limit,
    `edit` keeps it as a draft). Only known addresses. The mail attaches the PDF stored at finalisation
    (and the UBL when the template says so), never a new rendering; earlier mails stay in the history. A
    draft invoice is a 409. Safe to retry with an `Idempotency-Key`.

    Args:
        invoice_id (str):
        idempotency_key (str | Unset):
        body (InvoiceMailCreate): A new mail for a final invoice, whatever its delivery method:
            the template, the selected
            recipients and `send` or `edit`. The mail attaches the documents stored at finalisation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | IdempotencyKeyInProgressProblem | InvoiceIsDraftProblem | InternalErrorProblem | InvalidProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
