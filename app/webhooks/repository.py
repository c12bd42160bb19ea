"""All SQL of the webhooks package: endpoints and the event outbox's rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Invoice, Mail, WebhookEndpoint, WebhookEvent
from app.models.enums import WebhookStatus
from app.repository import get_owned, page_of
from app.shared.pagination import PageParams
from app.shared.queue_repository import QueueTable


async def endpoint(
    session: AsyncSession, administration_id: str, endpoint_id: str, *, for_update: bool = False
) -> WebhookEndpoint | None:
    return await get_owned(
        session, WebhookEndpoint, endpoint_id, administration_id, for_update=for_update
    )


async def endpoints(
    session: AsyncSession, administration_id: str, params: PageParams
) -> list[WebhookEndpoint]:
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.administration_id == administration_id)
    return await page_of(session, stmt, WebhookEndpoint.id, params)


async def count_endpoints(session: AsyncSession, administration_id: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(WebhookEndpoint.administration_id == administration_id)
    )
    return int(count or 0)


# Asked in every finalising, paying or mailing transaction: built once.
_SUBSCRIBERS = (
    select(WebhookEndpoint)
    .where(
        WebhookEndpoint.administration_id == bindparam("administration_id"),
        WebhookEndpoint.active.is_(True),
    )
    .order_by(WebhookEndpoint.id)
)


async def subscribers(session: AsyncSession, administration_id: str) -> list[WebhookEndpoint]:
    """The administration's active endpoints (their event filters are applied by the caller)."""
    rows = await session.scalars(_SUBSCRIBERS, {"administration_id": administration_id})
    return list(rows.all())


async def add_events(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(WebhookEvent), rows)


async def deliveries(
    session: AsyncSession, endpoint_id: str, params: PageParams, status: WebhookStatus | None
) -> list[WebhookEvent]:
    stmt = select(WebhookEvent).where(WebhookEvent.endpoint_id == endpoint_id)
    if status is not None:
        stmt = stmt.where(WebhookEvent.status == status)
    return await page_of(session, stmt, WebhookEvent.id, params)


async def event(session: AsyncSession, event_id: str) -> WebhookEvent | None:
    return await session.get(WebhookEvent, event_id)


async def fail_pending(session: AsyncSession, endpoint_id: str, reason: str) -> None:
    """Give up every pending event of an endpoint, leased ones too: a worker sending one now
    finds it settled when it records its outcome, and leaves it so."""
    await session.execute(
        update(WebhookEvent)
        .where(
            WebhookEvent.endpoint_id == endpoint_id,
            WebhookEvent.status == WebhookStatus.pending,
        )
        .values(status=WebhookStatus.failed, last_error=reason, lease_until=None)
        .execution_options(synchronize_session=False)
    )


async def disable_endpoint(
    session: AsyncSession, endpoint_id: str, reason: str, now: datetime
) -> None:
    await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.active.is_(True))
        .values(active=False, disabled_reason=reason, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await fail_pending(session, endpoint_id, f"not sent: {reason}")


# --- what events say about other packages' rows ------------------------------------------------


async def mail_summary(session: AsyncSession, mail_id: str) -> dict[str, Any] | None:
    """The columns a mail event carries, without loading attachments and delivery logs."""
    result = await session.execute(
        select(
            Mail.id,
            Mail.invoice_id,
            Mail.kind,
            Mail.status,
            Mail.to,
            Mail.cc,
            Mail.subject,
            Mail.message_id,
            Mail.sent_at,
            Mail.error,
        ).where(Mail.id == mail_id)
    )
    row = result.first()
    return row._asdict() if row is not None else None


async def invoice(session: AsyncSession, invoice_id: str) -> Invoice | None:
    # Usually already in the session: the occurrence that made it is in this transaction.
    return await session.get(Invoice, invoice_id)


# --- the delivery worker -----------------------------------------------------------------------


def _of_active_endpoints(candidates: Select[Any]) -> Select[Any]:
    return candidates.join(WebhookEndpoint, WebhookEndpoint.id == WebhookEvent.endpoint_id).where(
        WebhookEndpoint.active.is_(True)
    )


# The events as a leased work queue (`app.shared.queue`): pending events of active endpoints.
EVENTS = QueueTable(WebhookEvent, WebhookStatus.pending, _of_active_endpoints)


async def events_to_send(
    session: AsyncSession, event_ids: list[str]
) -> list[tuple[WebhookEvent, str, str]]:
    """Claimed events, fresh from the database, each with its endpoint's URL and secret."""
    rows = await session.execute(
        select(WebhookEvent, WebhookEndpoint.url, WebhookEndpoint.secret)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookEvent.endpoint_id)
        .where(WebhookEvent.id.in_(event_ids))
        .order_by(WebhookEvent.id)
        .execution_options(populate_existing=True)
    )
    return [(e, url, secret) for e, url, secret in rows.all()]
