from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_unavailable_problem import DatabaseUnavailableProblem
from ...models.forbidden_problem import ForbiddenProblem
from ...models.internal_error_problem import InternalErrorProblem
from ...models.invalid_problem import InvalidProblem
from ...models.mail_not_draft_problem import MailNotDraftProblem
from ...models.mail_out import MailOut
from ...models.mail_update import MailUpdate
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.precondition_failed_problem import PreconditionFailedProblem
from ...models.precondition_required_problem import PreconditionRequiredProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    mail_id: str,
    *,
    body: MailUpdate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/mails/{mail_id}".format(
            mail_id=quote(str(mail_id), safe=""),
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
    | InternalErrorProblem
    | InvalidProblem
    | MailNotDraftProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PreconditionFailedProblem
    | PreconditionRequiredProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = MailOut.from_dict(response.json())

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
        response_409 = MailNotDraftProblem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = PreconditionFailedProblem.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = InvalidProblem.from_dict(response.json())

        return response_422

    if response.status_code == 428:
        response_428 = PreconditionRequiredProblem.from_dict(response.json())

        return response_428

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
    | MailNotDraftProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PreconditionFailedProblem
    | PreconditionRequiredProblem
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
    mail_id: str,
    *,
    client: AuthenticatedClient,
    body: MailUpdate,
    if_match: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailNotDraftProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PreconditionFailedProblem
    | PreconditionRequiredProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Save a draft (partial update; If-Match required; only known addresses)

    Args:
        mail_id (str):
        if_match (str | Unset): The ETag of the draft as you read it; a stale one is a 412.
        body (MailUpdate): Partial update of a draft: only the fields given change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | MailNotDraftProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | PreconditionFailedProblem | PreconditionRequiredProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        mail_id=mail_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    body: MailUpdate,
    if_match: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailNotDraftProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PreconditionFailedProblem
    | PreconditionRequiredProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Save a draft (partial update; If-Match required; only known addresses)

    Args:
        mail_id (str):
        if_match (str | Unset): The ETag of the draft as you read it; a stale one is a 412.
        body (MailUpdate): Partial update of a draft: only the fields given change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | MailNotDraftProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | PreconditionFailedProblem | PreconditionRequiredProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        mail_id=mail_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    body: MailUpdate,
    if_match: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailNotDraftProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PreconditionFailedProblem
    | PreconditionRequiredProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Save a draft (partial update; If-Match required; only known addresses)

    Args:
        mail_id (str):
        if_match (str | Unset): The ETag of the draft as you read it; a stale one is a 412.
        body (MailUpdate): Partial update of a draft: only the fields given change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | MailNotDraftProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | PreconditionFailedProblem | PreconditionRequiredProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        mail_id=mail_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    body: MailUpdate,
    if_match: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | ForbiddenProblem
    | InternalErrorProblem
    | InvalidProblem
    | MailNotDraftProblem
    | MailOut
    | NotFoundProblem
    | PayloadTooLargeProblem
    | PreconditionFailedProblem
    | PreconditionRequiredProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Save a draft (partial update; If-Match required; only known addresses)

    Args:
        mail_id (str):
        if_match (str | Unset): The ETag of the draft as you read it; a stale one is a 412.
        body (MailUpdate): Partial update of a draft: only the fields given change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | ForbiddenProblem | InternalErrorProblem | InvalidProblem | MailNotDraftProblem | MailOut | NotFoundProblem | PayloadTooLargeProblem | PreconditionFailedProblem | PreconditionRequiredProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            mail_id=mail_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
