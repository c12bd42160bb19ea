from http import HTTPStatus
from io import BytesIO
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
from ...models.invoice_not_draft_problem import InvoiceNotDraftProblem
from ...models.no_default_pdf_template_problem import NoDefaultPdfTemplateProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    invoice_id: str,
    *,
    pdf_template_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pdf_template_id"] = pdf_template_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/invoices/{invoice_id}/preview.pdf".format(
            invoice_id=quote(str(invoice_id), safe=""),
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
    | File
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceNotDraftProblem
    | NoDefaultPdfTemplateProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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

        def _parse_response_409(data: object) -> InvoiceNotDraftProblem | NoDefaultPdfTemplateProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = InvoiceNotDraftProblem.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_1 = NoDefaultPdfTemplateProblem.from_dict(data)

            return response_409_type_1

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 422:

        def _parse_response_422(data: object) -> DocumentRenderFailedProblem | InvalidProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_0 = InvalidProblem.from_dict(data)

                return response_422_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_1 = DocumentRenderFailedProblem.from_dict(data)

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
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | File
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceNotDraftProblem
    | NoDefaultPdfTemplateProblem
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
    pdf_template_id: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | File
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceNotDraftProblem
    | NoDefaultPdfTemplateProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """The draft as PDF with a CONCEPT watermark and no number

    Args:
        invoice_id (str):
        pdf_template_id (str | Unset): Default: the administration's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | File | ForbiddenProblem | InternalErrorProblem | InvoiceNotDraftProblem | NoDefaultPdfTemplateProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        pdf_template_id=pdf_template_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    pdf_template_id: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | File
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceNotDraftProblem
    | NoDefaultPdfTemplateProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """The draft as PDF with a CONCEPT watermark and no number

    Args:
        invoice_id (str):
        pdf_template_id (str | Unset): Default: the administration's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | File | ForbiddenProblem | InternalErrorProblem | InvoiceNotDraftProblem | NoDefaultPdfTemplateProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
        pdf_template_id=pdf_template_id,
    ).parsed


async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    pdf_template_id: str | Unset = UNSET,
) -> Response[
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | File
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceNotDraftProblem
    | NoDefaultPdfTemplateProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """The draft as PDF with a CONCEPT watermark and no number

    Args:
        invoice_id (str):
        pdf_template_id (str | Unset): Default: the administration's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | File | ForbiddenProblem | InternalErrorProblem | InvoiceNotDraftProblem | NoDefaultPdfTemplateProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        pdf_template_id=pdf_template_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    pdf_template_id: str | Unset = UNSET,
) -> (
    DatabaseUnavailableProblem
    | DocumentRenderFailedProblem
    | InvalidProblem
    | File
    | ForbiddenProblem
    | InternalErrorProblem
    | InvoiceNotDraftProblem
    | NoDefaultPdfTemplateProblem
    | NotFoundProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """The draft as PDF with a CONCEPT watermark and no number

    Args:
        invoice_id (str):
        pdf_template_id (str | Unset): Default: the administration's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseUnavailableProblem | DocumentRenderFailedProblem | InvalidProblem | File | ForbiddenProblem | InternalErrorProblem | InvoiceNotDraftProblem | NoDefaultPdfTemplateProblem | NotFoundProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            pdf_template_id=pdf_template_id,
        )
    ).parsed
