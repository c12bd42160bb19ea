"""HTTP routes for recurrences (and the placeholder catalogue their texts use)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response, status

from app import clock, placeholders
from app.auth.dependencies import InvoicesWriter, Reader, RecurrencesWriter, operator_or
from app.errors import NotFound, responses
from app.http.dependencies import AppDatabase, AppSettings, Pagination, Session
from app.http.routing import api_router, own_transactions
from app.invoices import schemas as invoice_schemas
from app.invoices import service as invoices
from app.models.enums import Scope
from app.recurrences import repository as repo
from app.recurrences import runner, schemas, service
from app.recurrences import schedule as sched
from app.shared.pagination import page

router = api_router("/v1/recurrences", "recurrences")
by_invoice = api_router("/v1/invoices", "invoices")
catalogue = api_router("/v1/placeholders", "placeholders")


@router.get("", response_model=schemas.RecurrencePage, name="list", summary="List recurrences")
async def list_recurrences(
    session: Session,
    principal: Reader,
    params: Pagination,
    base_invoice_id: Annotated[str | None, Query(max_length=40)] = None,
) -> schemas.RecurrencePage:
    rows = await repo.recurrences(
        session, principal.administration_id, params, base_invoice_id=base_invoice_id
    )
    out = [service.to_out(r, principal.administration) for r in rows]
    return page(schemas.RecurrencePage, out, params, lambda r: r.id)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.RecurrenceSaved,
    name="create",
    summary="Create a recurrence of a base invoice",
)
async def create_recurrence(
    data: schemas.RecurrenceCreate, session: Session, principal: RecurrencesWriter
) -> schemas.RecurrenceSaved:
    recurrence, start = await service.create_recurrence(session, principal.administration, data)
    return service.saved_out(recurrence, principal.administration, start)


@router.post(
    "/preview",
    response_model=schemas.PreviewOut,
    name="preview",
    summary="Next date, upcoming dates and skipped past dates of unsaved settings (nothing is "
    "stored)",
)
async def preview(data: schemas.PreviewRequest, principal: Reader) -> schemas.PreviewOut:
    schedule = data.schedule()
    upcoming = sched.upcoming(schedule, data.count, data.from_date or data.start_date)
    start = service.start_of(
        schedule,
        sched.first_occurrence(schedule),
        clock.today_in(principal.administration.timezone),
        data.automation,
        backfill=data.backfill,
    )
    return schemas.PreviewOut(
        next_date=start.next_date,
        upcoming=upcoming,
        skipped_dates=start.skipped_dates,
        catch_up_dates=start.catch_up_dates,
    )


@router.post(
    "/run-due",
    response_model=schemas.RunDueOut,
    name="run_due",
    summary="Handle every due occurrence now (the worker does this by itself)",
    description=(
        "With the operator token: every administration. With an API key holding "
        "`recurrences:write`: the key's administration only. `date` may be any date, also in "
        "the future (for operators and tests). Each occurrence commits in its own transaction."
    ),
)
@own_transactions
async def run_due(
    data: schemas.RunDueRequest,
    db: AppDatabase,
    settings: AppSettings,
    administration_id: Annotated[str | None, Depends(operator_or(Scope.recurrences_write))],
) -> schemas.RunDueOut:
    return await runner.run_due_now(
        db,
        mail_limit_per_hour=settings.mail_limit_per_hour,
        until=data.date,
        administration_id=administration_id,
    )


@router.get(
    "/{recurrence_id}",
    response_model=schemas.RecurrenceOut,
    responses=responses(NotFound),
    name="get",
    summary="A recurrence",
)
async def get_recurrence(
    recurrence_id: str, session: Session, principal: Reader
) -> schemas.RecurrenceOut:
    recurrence = await service.get_recurrence(session, principal.administration_id, recurrence_id)
    return service.to_out(recurrence, principal.administration)


@router.patch(
    "/{recurrence_id}",
    response_model=schemas.RecurrenceSaved,
    responses=responses(NotFound),
    name="update",
    summary="Change, pause (active=false) or resume a recurrence",
)
async def update_recurrence(
    recurrence_id: str,
    data: schemas.RecurrenceUpdate,
    session: Session,
    principal: RecurrencesWriter,
) -> schemas.RecurrenceSaved:
    recurrence, start = await service.update_recurrence(
        session, principal.administration, recurrence_id, data
    )
    return service.saved_out(recurrence, principal.administration, start)


@router.delete(
    "/{recurrence_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound),
    name="delete",
    summary="Delete a recurrence (invoices it made stay)",
)
async def delete_recurrence(
    recurrence_id: str, session: Session, principal: RecurrencesWriter
) -> Response:
    await service.delete_recurrence(session, principal.administration_id, recurrence_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{recurrence_id}/copy",
    status_code=status.HTTP_201_CREATED,
    response_model=invoice_schemas.InvoiceOut,
    responses=responses(NotFound, service.BaseInvoiceGone),
    name="copy",
    summary="Manual flow: a draft copy of the base invoice, dated today",
)
async def copy(
    recurrence_id: str, session: Session, principal: InvoicesWriter
) -> invoice_schemas.InvoiceOut:
    invoice = await service.copy_now(session, principal.administration, recurrence_id)
    return await invoices.out(session, invoice)


@router.post(
    "/{recurrence_id}/acknowledge",
    response_model=schemas.RecurrenceOut,
    responses=responses(NotFound, service.RecurrenceFinished, service.RecurrenceNotDue),
    name="acknowledge",
    summary="Manual flow: the due occurrence is done; move the next date on",
)
async def acknowledge(
    recurrence_id: str, session: Session, principal: RecurrencesWriter
) -> schemas.RecurrenceOut:
    recurrence = await service.acknowledge(session, principal.administration, recurrence_id)
    return service.to_out(recurrence, principal.administration)


@by_invoice.get(
    "/{invoice_id}/recurrences",
    response_model=schemas.RecurrencePage,
    responses=responses(NotFound),
    name="recurrences",
    summary="The recurrences of a base invoice",
)
async def invoice_recurrences(
    invoice_id: str, session: Session, principal: Reader, params: Pagination
) -> schemas.RecurrencePage:
    await invoices.get_invoice(session, principal.administration_id, invoice_id)
    rows = await repo.recurrences(
        session, principal.administration_id, params, base_invoice_id=invoice_id
    )
    out = [service.to_out(r, principal.administration) for r in rows]
    return page(schemas.RecurrencePage, out, params, lambda r: r.id)


@catalogue.get(
    "",
    response_model=list[schemas.PlaceholderOut],
    name="list",
    summary="The placeholder catalogue",
)
async def list_placeholders(principal: Reader) -> list[schemas.PlaceholderOut]:
    administration = principal.administration
    today = clock.today_in(administration.timezone)
    return [
        schemas.PlaceholderOut(
            name=p.name,
            token=p.token,
            context=p.context,
            description=p.description,
            example=p.example,
            in_mail=p.in_mail,
            in_notes=p.in_notes,
        )
        for p in placeholders.catalogue(administration.locale.value, today)
    ]


@catalogue.post(
    "/render", response_model=schemas.RenderOut, name="render", summary="Preview a text for a date"
)
async def render(data: schemas.RenderRequest, principal: Reader) -> schemas.RenderOut:
    administration = principal.administration
    locale = (data.locale or administration.locale).value
    day = data.date or clock.today_in(administration.timezone)
    values = placeholders.mail_date_values(day, locale) | placeholders.note_date_values(
        data.invoice_date or day, locale
    )
    text = placeholders.render(data.text, values)
    return schemas.RenderOut(text=text, unknown=placeholders.unknown_placeholders(text, values))
