"""HTTP routes for reminders: the policy, running due reminders, an invoice's reminders."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends

from app.auth.dependencies import InvoicesWriter, Reader, SettingsWriter, operator_or
from app.errors import Invalid, NotFound, responses
from app.http.dependencies import AppDatabase, AppSettings, Session
from app.http.routing import api_router, own_transactions
from app.models.enums import Scope
from app.reminders import runner, schemas, service

router = api_router("/v1/reminders", "reminders")
policy = api_router("/v1/reminder-policy", "reminders")
by_invoice = api_router("/v1/invoices", "reminders")


@policy.get(
    "", response_model=schemas.ReminderPolicyOut, name="get_policy", summary="The reminder policy"
)
async def get_policy(session: Session, principal: Reader) -> schemas.ReminderPolicyOut:
    return await service.get_policy(session, principal.administration_id)


@policy.put(
    "",
    response_model=schemas.ReminderPolicyOut,
    responses=responses(Invalid),
    name="put_policy",
    summary="Replace the reminder policy",
    description=(
        "Replaces the whole policy. Every final invoice of the administration is then scheduled "
        "by it (the step after the last one made), also invoices finalised before reminders "
        "existed: saving the policy is how they join."
    ),
)
async def put_policy(
    data: schemas.ReminderPolicyIn, session: Session, principal: SettingsWriter
) -> schemas.ReminderPolicyOut:
    return await service.put_policy(session, principal.administration, data)


@router.post(
    "/run-due",
    response_model=schemas.RemindersRunOut,
    name="run_due",
    summary="Make every due reminder now (the worker does this by itself)",
    description=(
        "With the operator token: every administration. With an API key holding `mails:send`: "
        "the key's administration only. `date` may be any date, also in the future (for "
        "operators and tests). Each invoice commits in its own transaction."
    ),
)
@own_transactions
async def run_due(
    data: schemas.RemindersRunRequest,
    db: AppDatabase,
    settings: AppSettings,
    administration_id: Annotated[str | None, Depends(operator_or(Scope.mails_send))],
) -> schemas.RemindersRunOut:
    return await runner.run_due_now(
        db,
        mail_limit_per_hour=settings.mail_limit_per_hour,
        until=data.date,
        administration_id=administration_id,
    )


@by_invoice.get(
    "/{invoice_id}/reminders",
    response_model=schemas.ReminderStateOut,
    responses=responses(NotFound),
    name="reminders",
    summary="An invoice's reminders: made so far, on hold or not, the next one's date",
)
async def invoice_reminders(
    invoice_id: str, session: Session, principal: Reader
) -> schemas.ReminderStateOut:
    return await service.state(session, principal.administration_id, invoice_id)


@by_invoice.post(
    "/{invoice_id}/reminders/pause",
    response_model=schemas.ReminderStateOut,
    responses=responses(NotFound, service.RemindersNotApplicable),
    name="pause_reminders",
    summary="Put an invoice's reminders on hold (a dispute); unsent reminder mails are withdrawn",
)
async def pause(
    invoice_id: str,
    session: Session,
    principal: InvoicesWriter,
    data: Annotated[schemas.PauseRequest | None, Body()] = None,
) -> schemas.ReminderStateOut:
    reason = data.reason if data is not None else None
    return await service.pause(session, principal.administration_id, invoice_id, reason)


@by_invoice.post(
    "/{invoice_id}/reminders/resume",
    response_model=schemas.ReminderStateOut,
    responses=responses(NotFound, service.RemindersNotApplicable),
    name="resume_reminders",
    summary="Follow an invoice with reminders again",
)
async def resume(
    invoice_id: str, session: Session, principal: InvoicesWriter
) -> schemas.ReminderStateOut:
    return await service.resume(session, principal.administration_id, invoice_id)
