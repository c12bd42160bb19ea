"""Delivering queued mails: claim, send outside any transaction, record per recipient.

Delivery is at-least-once, never at-most-zero: a mail is leased in one short transaction, sent,
and its per-recipient outcome recorded in another. A recipient the server accepted is never sent
to again. If the process dies after the server accepted a message but before the outcome was
recorded, the lease runs out and the message is sent again with the same Message-ID, so the
receiving side can recognise the duplicate.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio
from anyio.streams.memory import MemoryObjectSendStream

from app import clock, events
from app.config import Settings
from app.db import Database, on_commit
from app.errors import database_unavailable
from app.mails import repository as repo
from app.mails.message import Attachment, OutgoingMail, envelope_recipients
from app.mails.transport import transport_for
from app.mails.transport.contract import RecipientResult, RecipientStatus, SendResult
from app.models.base import new_id
from app.models.enums import MailStatus
from app.observability import MAILS_SETTLED

log = logging.getLogger("invoicer.outbox")


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


def backoff(attempt: int, settings: Settings) -> timedelta:
    """Exponential backoff with +-25% jitter, so retries of many mails do not arrive together."""
    base = settings.mail_retry_base_seconds * 2 ** max(attempt - 1, 0)
    delay = min(base, settings.mail_retry_max_seconds) * random.uniform(0.75, 1.25)
    return timedelta(seconds=delay)


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
    then `sent` when anyone accepted it, else `failed`, with every rejection and give-up."""
    deliveries = [*earlier, *latest]
    pending = pending_recipients(recipients, deliveries)
    if pending and attempts < settings.mail_max_attempts:
        deferred = [f"{r}: {reply}" for r, s, reply in latest if s == RecipientStatus.deferred]
        error = "; ".join(deferred)[:2000] or None
        return Settlement(MailStatus.queued, now + backoff(attempts, settings), None, error)
    problems = [
        f"{r} rejected: {reply}" for r, s, reply in deliveries if s == RecipientStatus.rejected
    ]
    problems += [f"{address}: gave up after {attempts} attempts" for address in pending]
    accepted = any(s == RecipientStatus.accepted for _, s, _ in deliveries)
    return Settlement(
        MailStatus.sent if accepted else MailStatus.failed,
        None,
        now if accepted else None,
        "; ".join(problems)[:4000] or None,
    )


async def _claim(
    db: Database, settings: Settings, limit: int, administration_id: str | None
) -> list[_Claimed]:
    now = clock.now()
    lease_until = now + timedelta(seconds=settings.mail_lease_seconds)
    async with db.transaction(write=True) as session:
        mails = await repo.claim_due(
            session,
            now,
            lease_until,
            limit,
            skip_locked=not db.is_sqlite,
            administration_id=administration_id,
        )
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
            owned = await repo.record_outcome(
                session,
                [item.mail_id for item in items],
                lease_until,
                status=outcome.status,
                next_attempt_at=outcome.next_attempt_at,
                sent_at=outcome.sent_at,
                error=outcome.error,
                now=now,
            )
            for item in items:
                if item.mail_id not in owned:
                    log.warning(
                        "lease on mail %s ran out before its result was recorded", item.mail_id
                    )
                    continue
                deliveries.extend(rows[item.mail_id])
                if outcome.status in (MailStatus.sent, MailStatus.failed):
                    settled.append((item, outcome.status))
        await repo.add_deliveries(session, deliveries)
        for item, status in settled:
            on_commit(session, MAILS_SETTLED.labels(status.value).inc)
            await events.publish(
                session, events.MailSettled(item.administration_id, item.mail_id, status)
            )


async def _record_while_leased(
    db: Database, settings: Settings, done: Sequence[tuple[_Claimed, SendResult]]
) -> None:
    """`_record`, retried while the database is unreachable (a restart, a failover) and the
    leases last: an outcome dropped here would have the server's accepted mails sent again
    once their leases ran out."""
    lease_left = min(item.lease_until for item, _ in done) - clock.now()
    give_up = time.monotonic() + lease_left.total_seconds()
    delay = 0.1
    while True:
        try:
            await _record(db, settings, done)
            return
        except Exception as exc:
            if not database_unavailable(exc) or time.monotonic() + delay >= give_up:
                raise
            log.warning("database unavailable while recording %d outcomes: %s", len(done), exc)
        await anyio.sleep(delay)
        delay = min(2 * delay, 2.0)


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
    its share of the batch), so one mail's MIME building overlaps another's wait for the
    server. Sending and recording overlap too: the outcomes that arrived meanwhile are committed
    together, so an outcome waits in memory for one commit at most.
    """
    claimed = await _claim(db, settings, limit, administration_id)
    if not claimed:
        return 0
    send, receive = anyio.create_memory_object_stream[tuple[_Claimed, SendResult]](len(claimed))
    lanes = max(1, min(settings.mail_connections, len(claimed)))

    async def recorder() -> None:
        async with receive:
            async for first in receive:
                done = [first]
                while True:
                    try:
                        done.append(receive.receive_nowait())
                    except (anyio.WouldBlock, anyio.EndOfStream):
                        break
                await _record_while_leased(db, settings, done)

    async def lane(
        items: list[_Claimed], out: MemoryObjectSendStream[tuple[_Claimed, SendResult]]
    ) -> None:
        async with out, transport_for(settings) as transport:
            for item in items:
                try:
                    result = await transport.send(item.outgoing)
                except ValueError as exc:
                    result = _unsendable(item, exc)
                await out.send((item, result))

    async with anyio.create_task_group() as group:
        group.start_soon(recorder)
        async with send:
            for i in range(lanes):
                group.start_soon(lane, claimed[i::lanes], send.clone())
    return len(claimed)


async def outbox_job(db: Database, settings: Settings) -> int:
    return await deliver_batch(db, settings)
