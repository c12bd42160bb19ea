"""Webhook endpoints over the API, the event types, and the data each event carries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import httpx
from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator

from app.i18n import t
from app.models.enums import (
    InvoiceKind,
    InvoiceStatus,
    MailKind,
    MailStatus,
    PaymentMethod,
    PaymentStatus,
    WebhookStatus,
)
from app.shared.pagination import Page
from app.shared.schemas import StrictModel, UpdateModel


class WebhookEventType(StrEnum):
    """Event types an endpoint can subscribe to."""

    invoice_finalized = "invoice.finalized"
    invoice_paid = "invoice.paid"
    payment_created = "payment.created"
    payment_reversed = "payment.reversed"
    mail_sent = "mail.sent"
    mail_partially_sent = "mail.partially_sent"
    mail_failed = "mail.failed"
    recurrence_invoice_created = "recurrence.invoice_created"
    recurrence_due = "recurrence.due"


# Sent only on request (`POST .../test`), whatever the endpoint subscribes to.
TEST_EVENT = "webhook.test"


def _url(value: str) -> str:
    """The shape of a webhook URL. Where it points (public addresses only) is checked by the
    service, which needs the settings and DNS."""
    if any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(t("a URL cannot contain spaces or control characters"))
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise ValueError(t("not a valid URL: {reason}", reason=str(exc))) from exc
    if url.scheme not in ("http", "https"):
        raise ValueError(t("only http and https URLs can receive webhooks"))
    if not url.host:
        raise ValueError(t("the URL has no host"))
    if url.userinfo:
        # The URL is shown in every response and log line; receivers verify the signature.
        raise ValueError(
            t("credentials in the URL are not supported; verify the signature instead")
        )
    return value


Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_url),
]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Events = Annotated[
    list[WebhookEventType],
    Field(
        max_length=len(WebhookEventType),
        description="Event types to receive; empty (the default) means every type.",
    ),
]


def _unique_events(value: list[WebhookEventType] | None) -> list[WebhookEventType] | None:
    if value is None:
        return None
    return sorted(set(value), key=list(WebhookEventType).index)


class WebhookEndpointCreate(StrictModel):
    url: Url = Field(description="Where events are POSTed; http(s) on a public address.")
    description: Description | None = None
    events: Events = Field(default_factory=list)

    _events = field_validator("events")(_unique_events)


class WebhookEndpointUpdate(UpdateModel):
    not_nullable = ("url", "events", "active")

    url: Url | None = None
    description: Description | None = None
    events: Events | None = None
    active: bool | None = Field(
        default=None,
        description="False stops deliveries (pending ones fail); true resumes new events.",
    )

    _events = field_validator("events")(_unique_events)


class WebhookEndpointOut(BaseModel):
    id: str
    url: str
    description: str | None
    events: list[WebhookEventType]
    active: bool
    disabled_reason: str | None = Field(
        description="Why the service switched the endpoint off (it answered 410 Gone)."
    )
    created_at: datetime
    updated_at: datetime


class WebhookEndpointWithSecret(WebhookEndpointOut):
    secret: str = Field(
        description="Standard Webhooks signing secret (`whsec_...`); shown only in this response."
    )


class WebhookEndpointPage(Page[WebhookEndpointOut]):
    pass


class WebhookDeliveryOut(BaseModel):
    id: str = Field(description="The event id, sent as the `webhook-id` header on every attempt.")
    endpoint_id: str
    type: str
    status: WebhookStatus
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    payload: dict[str, Any] = Field(description="The body as sent.")
    created_at: datetime
    delivered_at: datetime | None


class WebhookDeliveryPage(Page[WebhookDeliveryOut]):
    pass


# --- the `data` of each event ------------------------------------------------------------------


class InvoiceData(BaseModel):
    id: str
    kind: InvoiceKind
    number: str | None
    status: InvoiceStatus
    payment_status: PaymentStatus
    invoice_date: date
    due_date: date
    currency: str
    subtotal: Decimal
    vat_total: Decimal
    total: Decimal
    customer_id: str | None
    company_id: str | None
    credited_invoice_id: str | None
    finalized_at: datetime | None
    paid_at: datetime | None
    amount_paid: Decimal
    amount_due: Decimal


class PaymentData(BaseModel):
    id: str
    amount: Decimal = Field(description="Negative on a reversal; signed as the invoice's total.")
    date: date
    method: PaymentMethod
    reference: str | None
    reverses_id: str | None
    bank_transaction_id: str | None


class MailData(BaseModel):
    id: str
    invoice_id: str | None
    kind: MailKind
    status: MailStatus
    to: list[str]
    cc: list[str]
    subject: str
    message_id: str
    sent_at: datetime | None
    error: str | None


class OccurrenceData(BaseModel):
    recurrence_id: str
    occurrence_date: date
    outcome: str
    detail: str | None
    mail_id: str | None


class PaymentEvent(BaseModel):
    """`payment.created`, `payment.reversed` (`payment` is then the reversal)."""

    administration_id: str
    invoice: InvoiceData
    payment: PaymentData


class InvoiceEvent(BaseModel):
    """`invoice.finalized`, `invoice.paid`."""

    administration_id: str
    invoice: InvoiceData


class MailEvent(BaseModel):
    """`mail.sent`, `mail.partially_sent`, `mail.failed`."""

    administration_id: str
    mail: MailData


class RecurrenceEvent(BaseModel):
    """`recurrence.due`, and `recurrence.invoice_created` with the invoice made."""

    administration_id: str
    occurrence: OccurrenceData
    invoice: InvoiceData | None = None


class PingEvent(BaseModel):
    """`webhook.test`."""

    administration_id: str
    endpoint_id: str
    message: str
