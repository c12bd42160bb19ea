"""Delivering queued mails: the outbox's adapter to the leased work queue (`app.shared.queue`).

A mail is leased in one short transaction, sent outside any transaction, and its per-recipient
outcome recorded in another. Delivery is at-least-once, never at-most-zero:

- A recipient the server accepted is never sent to again: a retry goes only to the recipients
  still deferred (the Message-ID and the headers stay those of the first attempt).
- If the process dies after the server accepted a message but before the outcome was recorded,
  the lease runs out and the message is sent again with the same Message-ID (set when the mail
  was queued), so the receiving side can recognise the duplicate.
- An outcome is recorded only while the lease is held; after it ran out, the worker that took
  the mail over records its own. Recording is retried while the database is unreachable and
  the lease lasts.
- Deferred recipients are retried after `backoff` with the `INVOICER_MAIL_RETRY_*` settings,
  until `INVOICER_MAIL_MAX_ATTEMPTS`; then the mail is `sent` if anyone accepted it and no one
  refused it for good, `partially_sent` if some accepted it and others refused it (SMTP 5xx),
  else `failed`; and a dead letter (`dead_at`) when recipients were still deferred: the operator can
  queue it again for those recipients (`app.shared.queue.revive`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.config import Settings
from app.db import Database, on_commit
from app.mails import repository as repo
from app.mails.message import Attachment, OutgoingMail, envelope_recipients
from app.mails.transport import transport_for
from app.mails.transport.contract import RecipientResult, RecipientStatus, SendResult
from app.models.base import new_id
from app.models.enums import MailStatus
from app.observability import MAILS_SETTLED
from app.shared import queue
from app.shared import queue_repository as queue_repo

log = logging.getLogger("invoicer.outbox")

# The statuses a mail ends in (each published as `events.MailSettled`).
SETTLED = frozenset({MailStatus.sent, MailStatus.partially_sent, MailStatus.failed})


@dataclass(frozen=True)
class _Claimed:
    """A leased mail: what to send, and what the worker knew when it took the lease."""

    mail_id: str
    administration_id: str
    attempt: int
    lease_until: datetime
    recipients: tuple[str, ...]  # to + cc + bcc
    prior: tuple[tuple[str, str, str], ...]  # (recipient, status, reply) of earlier attempts
    outgoing: OutgoingMail


@dataclass(frozen=True)
class Settlement:
    status: MailStatus
    next_attempt_at: datetime | None
    sent_at: datetime | None
    error: str | None
    dead_at: datetime | None = None  # given up with recipients still deferred


def pending_recipients(
    recipients: Iterable[str], deliveries: Iterable[tuple[str, str, str]]
) -> list[str]:
    """Recipients without a final outcome (neither accepted nor rejected) yet, each once."""
    done = {r.lower() for r, status, _ in deliveries if status != RecipientStatus.deferred}
    seen: set[str] = set()
    out = []
    for address in recipients:
        key = address.lower()
        if key not in done and key not in seen:
            seen.add(key)
            out.append(address)
    return out


def retry_policy(settings: Settings) -> queue.RetryPolicy:
    return queue.RetryPolicy(settings.mail_retry_base_seconds, settings.mail_retry_max_seconds)


def settle(
    recipients: Sequence[str],
    earlier: Sequence[tuple[str, str, str]],
    latest: Sequence[tuple[str, str, str]],
    attempts: int,
    settings: Settings,
    now: datetime,
) -> Settlement:
    """The mail's status after its deliveries, each (recipient, status, reply): queued again
    while a recipient is deferred and attempts remain (with the latest deferrals as `error`);
    then `sent` when anyone accepted it, `partially_sent` when others also refused it for good,
    else `failed`, with every rejection and give-up as `error`, and
    dead (`dead_at`) when a recipient was given up while still deferred."""
    deliveries = [*earlier, *latest]
    pending = pending_recipients(recipients, deliveries)
    if pending and attempts < settings.mail_max_attempts:
        deferred = [f"{r}: {reply}" for r, s, reply in latest if s == RecipientStatus.deferred]
        error = "; ".join(deferred)[:2000] or None
        delay = queue.backoff(attempts, retry_policy(settings))
        return Settlement(MailStatus.queued, now + delay, None, error)
    problems = [
        f"{r} rejected: {reply}" for r, s, reply in deliveries if s == RecipientStatus.rejected
    ]
    problems += [f"{address}: gave up after {attempts} attempts" for address in pending]
    accepted = any(s == RecipientStatus.accepted for _, s, _ in deliveries)
    rejected = any(s == RecipientStatus.rejected for _, s, _ in deliveries)
    if not accepted:
        status = MailStatus.failed
    elif rejected:
        status = MailStatus.partially_sent
    else:
        status = MailStatus.sent
    return Settlement(
        status,
        None,
        now if accepted else None,
        "; ".join(problems)[:4000] or None,
        now if pending else None,
    )


async def _load(session: AsyncSession, ids: list[str], lease_until: datetime) -> list[_Claimed]:
    """The claimed mails as messages to send, each to the recipients still without an outcome."""
    mails = await repo.mails_to_send(session, ids)
    documents = await repo.documents_with_content(
        session, [a.document_id for m in mails for a in m.attachments]
    )
    claimed = []
    for mail in mails:
        recipients = (*mail.to, *mail.cc, *mail.bcc)
        prior = tuple((d.recipient, d.status, d.reply) for d in mail.deliveries)
        pending = pending_recipients(recipients, prior)
        claimed.append(
            _Claimed(
                mail.id,
                mail.administration_id,
                mail.attempts,
                lease_until,
                recipients,
                prior,
                OutgoingMail(
                    message_id=mail.message_id,
                    sender=mail.sender,
                    to=tuple(mail.to),
                    cc=tuple(mail.cc),
                    bcc=tuple(mail.bcc),
                    subject=mail.subject,
                    text=mail.body,
                    html=mail.body_html,
                    attachments=tuple(
                        Attachment(
                            documents[a.document_id].filename,
                            documents[a.document_id].content_type,
                            documents[a.document_id].content,
                        )
                        for a in mail.attachments
                        if a.document_id in documents
                    ),
                    date=mail.queued_at,
                    only_recipients=tuple(pending) if prior else None,
                ),
            )
        )
    return claimed


async def _record(
    db: Database, settings: Settings, done: Sequence[tuple[_Claimed, SendResult]]
) -> None:
    """Store the outcomes of sent mails in one short transaction, each only while its lease is
    still ours (after a lease ran out, the worker that took the mail over records its own).
    Mails with the same outcome (usually: sent, no error) are written by one statement."""
    now = clock.now()
    groups: dict[tuple[datetime, Settlement], list[_Claimed]] = {}
    rows: dict[str, list[dict[str, object]]] = {}
    for item, result in done:
        rows[item.mail_id] = [
            {
                "id": new_id("dlv"),
                "mail_id": item.mail_id,
                "attempt": item.attempt,
                "recipient": r.address,
                "status": r.status.value,
                "code": r.code,
                "reply": r.reply[:2000],
                "created_at": now,
            }
            for r in result.results
        ]
        latest = [(r.address, r.status.value, r.reply) for r in result.results]
        outcome = settle(item.recipients, item.prior, latest, item.attempt, settings, now)
        groups.setdefault((item.lease_until, outcome), []).append(item)
    async with db.transaction(write=True) as session:
        settled: list[tuple[_Claimed, MailStatus]] = []
        deliveries: list[dict[str, object]] = []
        for (lease_until, outcome), items in groups.items():
            owned = await queue_repo.settle(
                session,
                repo.OUTBOX,
                [item.mail_id for item in items],
                lease_until,
                {
                    "status": outcome.status,
                    "next_attempt_at": outcome.next_attempt_at,
                    "sent_at": outcome.sent_at,
                    "error": outcome.error,
                    "dead_at": outcome.dead_at,
                    "updated_at": now,
                },
            )
            for item in items:
                if item.mail_id not in owned:
                    log.warning(
                        "lease on mail %s ran out before its result was recorded", item.mail_id
                    )
                    continue
                deliveries.extend(rows[item.mail_id])
                if outcome.status in SETTLED:
                    settled.append((item, outcome.status))
        await repo.add_deliveries(session, deliveries)
        for item, status in settled:
            on_commit(session, MAILS_SETTLED.labels(status.value).inc)
            await events.publish(
                session, events.MailSettled(item.administration_id, item.mail_id, status)
            )


def _unsendable(item: _Claimed, exc: ValueError) -> SendResult:
    # A mail the transport refuses to build (an address it cannot encode, say) will never go
    # out: it is rejected for everyone instead of being retried forever.
    try:
        envelope = envelope_recipients(item.outgoing)
    except ValueError:
        envelope = item.outgoing.to
    return SendResult(
        tuple(
            RecipientResult(a, RecipientStatus.rejected, None, f"not sendable: {exc}")
            for a in envelope
        )
    )


async def deliver_batch(
    db: Database, settings: Settings, *, limit: int = 50, administration_id: str | None = None
) -> int:
    """Deliver up to `limit` due mails; returns how many.

    The mails go out over `settings.mail_connections` SMTP connections at once (each reused for
    the mails its lane takes), so one mail's MIME building overlaps another's wait for the
    server; outcomes are recorded while the others are still being sent (`queue.work_off`).
    """
    claimed = await queue.claim(
        db,
        repo.OUTBOX,
        _load,
        lease_seconds=settings.mail_lease_seconds,
        limit=limit,
        administration_id=administration_id,
    )

    @asynccontextmanager
    async def connection() -> AsyncIterator[Callable[[_Claimed], Awaitable[SendResult]]]:
        async with transport_for(settings) as transport:

            async def send(item: _Claimed) -> SendResult:
                try:
                    return await transport.send(item.outgoing)
                except ValueError as exc:
                    return _unsendable(item, exc)

            yield send

    async def record(done: Sequence[tuple[_Claimed, SendResult]]) -> None:
        await _record(db, settings, done)

    await queue.work_off(claimed, lanes=settings.mail_connections, lane=connection, record=record)
    return len(claimed)


async def outbox_job(db: Database, settings: Settings) -> int:
    return await deliver_batch(db, settings)
