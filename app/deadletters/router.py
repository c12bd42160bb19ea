"""HTTP routes for the operator: the work queue's dead letters, and retrying them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.auth.dependencies import Operator
from app.deadletters import schemas, service
from app.http.dependencies import Pagination, Session
from app.http.routing import api_router
from app.shared.pagination import page

router = api_router("/v1/dead-letters", "dead_letters")


@router.get(
    "",
    response_model=schemas.DeadLetterPage,
    name="list",
    summary="Mails or webhook events given up after their attempts ran out (operator token)",
)
async def list_dead_letters(
    session: Session,
    _: Operator,
    params: Pagination,
    kind: schemas.DeadLetterKind,
    administration_id: Annotated[
        str | None,
        Query(pattern=schemas.ID_PATTERN, description="Only items of this administration."),
    ] = None,
) -> schemas.DeadLetterPage:
    rows = await service.list_dead(session, kind, params, administration_id)
    return page(schemas.DeadLetterPage, rows, params, lambda d: d.id)


@router.post(
    "/retry",
    response_model=schemas.RetryResult,
    name="retry",
    summary="Queue dead letters again, due now; the ids not retried are listed with why "
    "(operator token)",
)
async def retry_dead_letters(
    data: schemas.RetryRequest, session: Session, _: Operator
) -> schemas.RetryResult:
    return await service.retry(session, data)
