"""Dead letters of the work queue (`app.shared.queue`) for the operator: listing the mails and
webhook events given up after their attempts ran out, and queueing them again."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.deadletters.schemas import (
    DeadLetterKind,
    DeadLetterOut,
    NotRetried,
    NotRetriedReason,
    RetryRequest,
    RetryResult,
)
from app.mails import repository as mails_repo
from app.mails.outbox import pending_recipients
from app.models import Mail, WebhookEvent
from app.shared import queue
from app.shared import queue_repository as queue_repo
from app.shared.pagination import PageParams
from app.webhooks import repository as webhooks_repo

QUEUES: dict[DeadLetterKind, queue.QueueTable] = {
    DeadLetterKind.mail: mails_repo.OUTBOX,
    DeadLetterKind.webhook_event: webhooks_repo.EVENTS,
}


def _out(kind: DeadLetterKind, row: Any) -> DeadLetterOut:
    common = {
        "id": row.id,
        "kind": kind,
        "administration_id": row.administration_id,
        "status": row.status.value,
        "attempts": row.attempts,
        "dead_at": row.dead_at,
    }
    if isinstance(row, Mail):
        deliveries = [(d.recipient, d.status, d.reply) for d in row.deliveries]
        pending = pending_recipients((*row.to, *row.cc, *row.bcc), deliveries)
        return DeadLetterOut(**common, error=row.error, pending_recipients=pending)
    assert isinstance(row, WebhookEvent)
    return DeadLetterOut(**common, error=row.last_error, endpoint_id=row.endpoint_id, type=row.type)


async def list_dead(
    session: AsyncSession, kind: DeadLetterKind, params: PageParams, administration_id: str | None
) -> list[DeadLetterOut]:
    rows = await queue_repo.dead_letters(session, QUEUES[kind], params, administration_id)
    return [_out(kind, row) for row in rows]


async def retry(session: AsyncSession, data: RetryRequest) -> RetryResult:
    """Queue the dead items asked for again; the others are reported per id, not refused as a
    whole (see `queue.revive`)."""
    revived = await queue.revive(
        session, QUEUES[data.kind], ids=data.ids, administration_id=data.administration_id
    )
    return RetryResult(
        retried=revived.retried,
        not_retried=[
            NotRetried(id=id_, reason=NotRetriedReason(reason))
            for id_, reason in revived.not_retried.items()
        ],
        more=revived.more,
    )


async def counts(session: AsyncSession) -> dict[DeadLetterKind, int]:
    """How many items of each queue are dead, for the metrics."""
    return {kind: await queue_repo.count_dead(session, table) for kind, table in QUEUES.items()}
