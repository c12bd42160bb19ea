"""Typed domain events, published inside the transaction of the change they report.

A domain package that has news for others publishes an event (`await publish(session, event)`)
instead of calling into them or keeping a list of callbacks; who reacts, and in what order, is
written in one place: `app/wiring.py`. Handlers run in the publisher's transaction, so what they
write (a webhook event, a default template) commits or rolls back with the change itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Administration, Invoice, Payment, RecurrenceRun
from app.models.enums import MailStatus


@dataclass(frozen=True, slots=True)
class AdministrationCreated:
    administration: Administration


@dataclass(frozen=True, slots=True)
class InvoiceFinalized:
    administration: Administration
    invoice: Invoice


@dataclass(frozen=True, slots=True)
class PaymentStatusChanged:
    invoice: Invoice


@dataclass(frozen=True, slots=True)
class PaymentRecorded:
    """A payment (or a credit note's settlement) was added to `invoice`."""

    invoice: Invoice
    payment: Payment


@dataclass(frozen=True, slots=True)
class PaymentReversed:
    """`reversal` cancels `payment` on `invoice`."""

    invoice: Invoice
    payment: Payment
    reversal: Payment


@dataclass(frozen=True, slots=True)
class MailSettled:
    """A mail reached `sent`, `partially_sent` or `failed`."""

    administration_id: str
    mail_id: str
    status: MailStatus


@dataclass(frozen=True, slots=True)
class OccurrenceHandled:
    """One occurrence of a recurrence was handled (its run row is written)."""

    run: RecurrenceRun


E = TypeVar("E")
Handler = Callable[[AsyncSession, Any], Awaitable[None]]

_handlers: dict[type, list[Handler]] = {}


def subscribe(event_type: type[E], handler: Callable[[AsyncSession, E], Awaitable[None]]) -> None:
    """Called by `app.wiring` only; a handler subscribed twice runs once."""
    handlers = _handlers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


async def publish(session: AsyncSession, event: object) -> None:
    """Run the handlers of `event`'s type, in the order they were subscribed."""
    for handler in _handlers.get(type(event), ()):
        await handler(session, event)


def subscribers(event_type: type) -> list[Handler]:
    """The handlers of an event type, in order (for tests and the architecture check)."""
    return list(_handlers.get(event_type, ()))
