"""Webhook endpoints and the events written for them.

Events are outbox rows written in the business transaction that caused them (through the hook
lists of the invoices, mails and recurrences packages), one per subscribed endpoint, so an event
exists exactly when its cause was committed; the `webhooks` worker job delivers them.

Endpoints may only point at public addresses (see `url_safety`): the check is made when a URL is
saved and again by every attempt, on the addresses the attempt actually connects to.
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

import httpx
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.config import Settings
from app.errors import Conflict, Invalid, NotFound
from app.i18n import message_of, t
from app.models import Invoice, Payment, WebhookEndpoint, WebhookEvent
from app.models.base import new_id
from app.models.enums import MailStatus, PaymentStatus, WebhookStatus
from app.shared import wakeup
from app.shared.pagination import PageParams
from app.webhooks import repository as repo
from app.webhooks import schemas, url_safety
from app.webhooks.schemas import TEST_EVENT, WebhookEventType

MAX_ENDPOINTS = 20  # per administration; every event is written once per endpoint


class EndpointDisabled(Conflict):
    type, code = "webhook-endpoint-disabled", "webhook_endpoint_disabled"
    title = t("The webhook endpoint is disabled")


class TooManyEndpoints(Conflict):
    type, code = "webhook-endpoint-limit", "webhook_endpoint_limit"
    title = t("Too many webhook endpoints")


async def _check_url(url: str, settings: Settings) -> None:
    # With private URLs allowed there is nothing to check, and no reason to wait for DNS inside
    # the request's transaction.
    if settings.webhook_allow_private_urls:
        return
    try:
        await url_safety.check_url(httpx.URL(url), allow_private=False)
    except url_safety.UnsafeUrl as exc:
        raise Invalid.field(["body", "url"], message_of(exc)) from exc


# --- endpoints -----------------------------------------------------------------------------------


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def endpoint_out(endpoint: WebhookEndpoint) -> schemas.WebhookEndpointOut:
    return schemas.WebhookEndpointOut(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        events=[WebhookEventType(e) for e in endpoint.events],
        active=endpoint.active,
        disabled_reason=endpoint.disabled_reason,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
    )


def with_secret(endpoint: WebhookEndpoint) -> schemas.WebhookEndpointWithSecret:
    return schemas.WebhookEndpointWithSecret(
        **endpoint_out(endpoint).model_dump(), secret=endpoint.secret
    )


def delivery_out(event: WebhookEvent) -> schemas.WebhookDeliveryOut:
    return schemas.WebhookDeliveryOut(
        id=event.id,
        endpoint_id=event.endpoint_id,
        type=event.type,
        status=event.status,
        attempts=event.attempts,
        next_attempt_at=event.next_attempt_at if event.status is WebhookStatus.pending else None,
        last_status_code=event.last_status_code,
        last_error=event.last_error,
        payload=json.loads(event.payload),
        created_at=event.created_at,
        delivered_at=event.delivered_at,
    )


async def get_endpoint(
    session: AsyncSession, administration_id: str, endpoint_id: str, *, for_update: bool = False
) -> WebhookEndpoint:
    endpoint = await repo.endpoint(session, administration_id, endpoint_id, for_update=for_update)
    if endpoint is None:
        raise NotFound(t("Webhook endpoint {id} not found.", id=endpoint_id))
    return endpoint


async def list_endpoints(
    session: AsyncSession, administration_id: str, params: PageParams
) -> list[WebhookEndpoint]:
    return await repo.endpoints(session, administration_id, params)


async def create_endpoint(
    session: AsyncSession,
    administration_id: str,
    data: schemas.WebhookEndpointCreate,
    settings: Settings,
) -> WebhookEndpoint:
    if await repo.count_endpoints(session, administration_id) >= MAX_ENDPOINTS:
        raise TooManyEndpoints(
            t("An administration can have at most {limit} webhook endpoints.", limit=MAX_ENDPOINTS)
        )
    await _check_url(data.url, settings)
    now = clock.now()
    endpoint = WebhookEndpoint(
        id=new_id("whe"),
        administration_id=administration_id,
        url=data.url,
        description=data.description,
        events=[e.value for e in data.events],
        secret=new_secret(),
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    await session.flush()
    return endpoint


async def update_endpoint(
    session: AsyncSession,
    administration_id: str,
    endpoint_id: str,
    data: schemas.WebhookEndpointUpdate,
    settings: Settings,
) -> WebhookEndpoint:
    endpoint = await get_endpoint(session, administration_id, endpoint_id, for_update=True)
    fields = data.model_fields_set
    if "url" in fields and data.url is not None and data.url != endpoint.url:
        await _check_url(data.url, settings)
        endpoint.url = data.url
    if "description" in fields:
        endpoint.description = data.description
    if "events" in fields and data.events is not None:
        endpoint.events = [e.value for e in data.events]
    if "active" in fields and data.active is not None and data.active != endpoint.active:
        endpoint.active = data.active
        endpoint.disabled_reason = None
        if not data.active:
            # Switched off means nothing more is sent, including what was still waiting.
            await repo.fail_pending(session, endpoint.id, "not sent: the endpoint was disabled")
    endpoint.updated_at = clock.now()
    await session.flush()
    return endpoint


async def delete_endpoint(session: AsyncSession, administration_id: str, endpoint_id: str) -> None:
    endpoint = await get_endpoint(session, administration_id, endpoint_id, for_update=True)
    await session.delete(endpoint)  # its events go with it (ON DELETE CASCADE)
    await session.flush()


async def rotate_secret(
    session: AsyncSession, administration_id: str, endpoint_id: str
) -> WebhookEndpoint:
    """A new secret, used from the next attempt on (pending events included: they are signed
    when sent, not when written)."""
    endpoint = await get_endpoint(session, administration_id, endpoint_id, for_update=True)
    endpoint.secret = new_secret()
    endpoint.updated_at = clock.now()
    await session.flush()
    return endpoint


async def list_deliveries(
    session: AsyncSession,
    administration_id: str,
    endpoint_id: str,
    params: PageParams,
    status: WebhookStatus | None,
) -> list[WebhookEvent]:
    endpoint = await get_endpoint(session, administration_id, endpoint_id)
    return await repo.deliveries(session, endpoint.id, params, status)


async def send_test(
    session: AsyncSession, administration_id: str, endpoint_id: str
) -> WebhookEvent:
    endpoint = await get_endpoint(session, administration_id, endpoint_id)
    if not endpoint.active:
        raise EndpointDisabled(t("Enable the endpoint (PATCH `active: true`) to send it events."))
    data = schemas.PingEvent(
        administration_id=administration_id,
        endpoint_id=endpoint.id,
        message="A test event from Invoicer: this endpoint receives and verifies webhooks.",
    )
    [event_id] = await emit(session, administration_id, TEST_EVENT, data, [endpoint])
    event = await repo.event(session, event_id)
    assert event is not None
    return event


# --- events --------------------------------------------------------------------------------------


def _timestamp() -> str:
    return clock.now().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def payload_of(type_: str, data: BaseModel) -> str:
    """The body of an event, serialised once: these exact bytes are signed and sent on every
    attempt."""
    body = {"type": type_, "timestamp": _timestamp(), "data": data.model_dump(mode="json")}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


async def listeners(
    session: AsyncSession, administration_id: str, type_: str
) -> list[WebhookEndpoint]:
    """The administration's active endpoints subscribed to `type_` (asked before anything else,
    so an administration without webhooks pays one indexed query per transaction: the outbox
    records a whole batch of mails in one)."""
    known: dict[str, list[WebhookEndpoint]] = session.info.setdefault("webhook_subscribers", {})
    if administration_id not in known:
        known[administration_id] = await repo.subscribers(session, administration_id)
    return [e for e in known[administration_id] if not e.events or type_ in e.events]


async def emit(
    session: AsyncSession,
    administration_id: str,
    type_: str,
    data: BaseModel,
    endpoints: list[WebhookEndpoint],
) -> list[str]:
    """Write the event once per endpoint, in the caller's transaction; returns the event ids."""
    now = clock.now()
    payload = payload_of(type_, data)
    rows: list[dict[str, Any]] = [
        {
            "id": new_id("evt"),
            "administration_id": administration_id,
            "endpoint_id": endpoint.id,
            "type": type_,
            "payload": payload,
            "status": WebhookStatus.pending,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for endpoint in endpoints
    ]
    await repo.add_events(session, rows)
    if rows:
        await wakeup.work_added(session)
    return [row["id"] for row in rows]


def invoice_data(invoice: Invoice) -> schemas.InvoiceData:
    return schemas.InvoiceData(
        id=invoice.id,
        kind=invoice.kind,
        number=invoice.number,
        status=invoice.status,
        payment_status=invoice.payment_status,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        subtotal=invoice.subtotal,
        vat_total=invoice.vat_total,
        total=invoice.total,
        customer_id=invoice.customer_id,
        company_id=invoice.company_id,
        credited_invoice_id=invoice.credited_invoice_id,
        finalized_at=invoice.finalized_at,
        paid_at=invoice.paid_at,
        amount_paid=invoice.amount_paid,
        amount_due=invoice.amount_due,
    )


async def on_invoice_finalized(session: AsyncSession, event: events.InvoiceFinalized) -> None:
    administration, invoice = event.administration, event.invoice
    endpoints = await listeners(session, administration.id, WebhookEventType.invoice_finalized)
    if endpoints:
        data = schemas.InvoiceEvent(
            administration_id=administration.id, invoice=invoice_data(invoice)
        )
        await emit(session, administration.id, WebhookEventType.invoice_finalized, data, endpoints)


async def on_payment_status_changed(
    session: AsyncSession, event: events.PaymentStatusChanged
) -> None:
    invoice = event.invoice
    if invoice.payment_status is not PaymentStatus.paid:
        return
    administration_id = invoice.administration_id
    endpoints = await listeners(session, administration_id, WebhookEventType.invoice_paid)
    if endpoints:
        data = schemas.InvoiceEvent(
            administration_id=administration_id, invoice=invoice_data(invoice)
        )
        await emit(session, administration_id, WebhookEventType.invoice_paid, data, endpoints)


async def on_payment_recorded(session: AsyncSession, event: events.PaymentRecorded) -> None:
    await _payment_event(session, WebhookEventType.payment_created, event.invoice, event.payment)


async def on_payment_reversed(session: AsyncSession, event: events.PaymentReversed) -> None:
    await _payment_event(session, WebhookEventType.payment_reversed, event.invoice, event.reversal)


async def _payment_event(
    session: AsyncSession, type_: WebhookEventType, invoice: Invoice, payment: Payment
) -> None:
    administration_id = invoice.administration_id
    endpoints = await listeners(session, administration_id, type_)
    if endpoints:
        data = schemas.PaymentEvent(
            administration_id=administration_id,
            invoice=invoice_data(invoice),
            payment=schemas.PaymentData(
                id=payment.id,
                amount=payment.amount,
                date=payment.payment_date,
                method=payment.method,
                reference=payment.reference,
                reverses_id=payment.reverses_id,
                bank_transaction_id=payment.bank_transaction_id,
            ),
        )
        await emit(session, administration_id, type_, data, endpoints)


async def on_mail_settled(session: AsyncSession, event: events.MailSettled) -> None:
    administration_id, mail_id, status = event.administration_id, event.mail_id, event.status
    type_ = {
        MailStatus.sent: WebhookEventType.mail_sent,
        MailStatus.partially_sent: WebhookEventType.mail_partially_sent,
    }.get(status, WebhookEventType.mail_failed)
    endpoints = await listeners(session, administration_id, type_)
    mail = await repo.mail_summary(session, mail_id) if endpoints else None
    if mail is None:
        return
    data = schemas.MailEvent(
        administration_id=administration_id,
        mail=schemas.MailData.model_validate(mail | {"status": status}),
    )
    await emit(session, administration_id, type_, data, endpoints)


async def on_occurrence_handled(session: AsyncSession, event: events.OccurrenceHandled) -> None:
    run = event.run
    if run.outcome == "due":
        type_ = WebhookEventType.recurrence_due
    elif run.invoice_id and run.outcome in ("created", "sent", "not_sent"):
        type_ = WebhookEventType.recurrence_invoice_created
    else:
        return  # a failed occurrence made nothing to tell (its draft is not an invoice yet)
    endpoints = await listeners(session, run.administration_id, type_)
    if not endpoints:
        return
    invoice = await repo.invoice(session, run.invoice_id) if run.invoice_id else None
    data = schemas.RecurrenceEvent(
        administration_id=run.administration_id,
        occurrence=schemas.OccurrenceData(
            recurrence_id=run.recurrence_id,
            occurrence_date=run.occurrence_date,
            outcome=run.outcome,
            detail=run.detail,
            mail_id=run.mail_id,
        ),
        invoice=invoice_data(invoice) if invoice is not None else None,
    )
    await emit(session, run.administration_id, type_, data, endpoints)
