"""HTTP routes for receivables (open items and their aging) and statements of open items."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Query, Response

from app.auth.dependencies import Reader
from app.documents.service import DocumentRenderFailed
from app.errors import NotAcceptable, NotFound, responses
from app.http.dependencies import Pagination, Session
from app.http.negotiation import preferred
from app.http.routing import api_router
from app.i18n import t
from app.invoices.schemas import InvoiceDate
from app.receivables import schemas, service

router = api_router("/v1/receivables", "receivables")
statements = api_router("/v1", "receivables")

JSON, PDF = "application/json", "application/pdf"
AsOf = Annotated[
    InvoiceDate | None,
    Query(
        alias="date",
        description="Count days overdue to this day (YYYY-MM-DD); default: today in the "
        "administration's time zone. Amounts are as they stand now.",
    ),
]
Accept = Annotated[str | None, Header(include_in_schema=False)]


@router.get(
    "",
    response_model=schemas.ReceivablesPage,
    name="list",
    summary="Open invoices with amount due and days overdue, and totals per aging bucket",
    description=(
        "Open: final, unpaid or partially paid, with an amount due (open credit notes count, "
        "negative). Oldest due date first. `totals` are over every open item that matches "
        "`customer_id`, not only this page's: not yet due, 1-30, 31-60, 61-90 and over 90 "
        "days overdue, and the grand total."
    ),
)
async def list_receivables(
    session: Session,
    principal: Reader,
    params: Pagination,
    day: AsOf = None,
    customer_id: Annotated[str | None, Query(max_length=40)] = None,
) -> schemas.ReceivablesPage:
    return await service.receivables(
        session, principal.administration, params, day=day, customer_id=customer_id
    )


STATEMENT_RESPONSES: dict[int | str, dict[str, Any]] = responses(
    NotFound, NotAcceptable, service.StatementTooLong, DocumentRenderFailed
) | {
    200: {
        "description": "The statement as JSON, or as PDF with `Accept: application/pdf`",
        "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
    }
}
STATEMENT_DESCRIPTION = (
    "Every open item (date, number, due date, original amount, paid, open, days overdue) and "
    "the total due, as a Dutch rekeningoverzicht. JSON by default; `Accept: application/pdf` "
    "gives the PDF in the administration's language with its letterhead and the payment "
    "instruction; any other `Accept` is a 406."
)


async def _answer(
    statement: service.Statement,
    session: Session,
    principal: Reader,
    accept: str | None,
    filename: str,
) -> Any:
    media = preferred(accept, (JSON, PDF))
    if media is None:
        raise NotAcceptable(
            t("This statement is available as {offered}.", offered=f"{JSON}, {PDF}")
        )
    administration = principal.administration
    if media == JSON:
        return service.statement_out(statement, administration)
    pdf = await service.statement_pdf(session, statement, administration)
    return Response(
        pdf,
        media_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{filename}-{statement.as_of}.pdf"'},
    )


@statements.get(
    "/customers/{customer_id}/statement",
    response_model=schemas.StatementOut,
    responses=STATEMENT_RESPONSES,
    name="customer_statement",
    summary="A customer's statement of open items (rekeningoverzicht), JSON or PDF",
    description=STATEMENT_DESCRIPTION
    + " A customer's statement holds the customer's own invoices; one linked to a company is "
    "addressed to the company for the attention of the customer.",
)
async def customer_statement(
    customer_id: str,
    session: Session,
    principal: Reader,
    day: AsOf = None,
    accept: Accept = None,
) -> Any:
    statement = await service.customer_statement(
        session, principal.administration, customer_id, day
    )
    return await _answer(statement, session, principal, accept, "rekeningoverzicht")


@statements.get(
    "/companies/{company_id}/statement",
    response_model=schemas.StatementOut,
    responses=STATEMENT_RESPONSES,
    name="company_statement",
    summary="A company's statement of open items (rekeningoverzicht), JSON or PDF",
    description=STATEMENT_DESCRIPTION
    + " A company's statement holds its company-level invoices and those of the customers "
    "linked to it, who are billed at the company.",
)
async def company_statement(
    company_id: str,
    session: Session,
    principal: Reader,
    day: AsOf = None,
    accept: Accept = None,
) -> Any:
    statement = await service.company_statement(session, principal.administration, company_id, day)
    return await _answer(statement, session, principal, accept, "rekeningoverzicht")
