"""The leased work queue (app/shared/queue.py) on both backends: fairness between
administrations, leases that keep workers apart and run out, outcomes written only under the
caller's lease, and the backoff policies of mails and webhooks."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import Select, func, insert, select, update

from app import clock
from app.config import Settings
from app.db import Database
from app.mails import repository as mails_repo
from app.mails.outbox import deliver_batch, retry_policy
from app.models import Mail
from app.models.base import new_id
from app.models.enums import MailStatus
from app.shared import queue_repository as queue_repo
from app.shared.queue import RetryPolicy, backoff
from app.shared.queue_repository import QueueTable
from app.webhooks.delivery import DEFAULT_RETRY
from tests.support.factories import Tenant, new_tenant
from tests.support.mail import smtp_settings
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio


# Mails made by `queue_mails` in the running test: given up afterwards (see `leave_none_queued`).
_QUEUED: list[str] = []


@pytest.fixture
async def leave_none_queued(db: Database) -> AsyncIterator[None]:
    """The session's database is shared: a mail these tests leave queued would be sent by the
    worker processes that later tests start (all administrations), slowing them for minutes."""
    yield
    if _QUEUED:
        async with db.transaction(write=True) as session:
            await session.execute(
                update(Mail)
                .where(Mail.id.in_(_QUEUED), Mail.status == MailStatus.queued)
                .values(status=MailStatus.failed, error="left by a queue test", lease_until=None)
            )
        _QUEUED.clear()


async def queue_mails(db: Database, administration_id: str, count: int, due: datetime) -> list[str]:
    """`count` queued mails of one administration, due one millisecond apart from `due` on."""
    ids = [new_id("mail") for _ in range(count)]
    _QUEUED.extend(ids)
    rows = [
        {
            "id": mail_id,
            "administration_id": administration_id,
            "status": MailStatus.queued,
            "sender": "facturen@testbedrijf.nl",
            "to": ["jan@devries.nl"],
            "cc": [],
            "bcc": [],
            "subject": f"Factuur {i}",
            "body": "In de bijlage vindt u de factuur.",
            "message_id": f"<{mail_id}@testbedrijf.nl>",
            "attempts": 0,
            "queued_at": due,
            "next_attempt_at": due + timedelta(milliseconds=i),
        }
        for i, mail_id in enumerate(ids)
    ]
    async with db.transaction(write=True) as session:
        await session.execute(insert(Mail), rows)
    return ids


def only(*administration_ids: str) -> QueueTable:
    """The outbox, seeing only these administrations' mails: the session's database holds the
    mails other tests left queued, which must not take part."""

    def eligible(candidates: Select[Any]) -> Select[Any]:
        return candidates.where(Mail.administration_id.in_(administration_ids))

    return dataclasses.replace(mails_repo.OUTBOX, eligible=eligible)


@pytest.fixture
async def other(app: Any, http: httpx.AsyncClient) -> Any:
    async with new_tenant(app, http) as made:
        yield made


async def claim(db: Database, table: QueueTable, limit: int, lease_until: datetime) -> list[str]:
    async with db.transaction(write=True) as session:
        return await queue_repo.claim(
            session, table, clock.now(), lease_until, limit, skip_locked=not db.is_sqlite
        )


async def statuses(db: Database, ids: list[str]) -> dict[str, MailStatus]:
    async with db.transaction(write=False) as session:
        rows = await session.execute(select(Mail.id, Mail.status).where(Mail.id.in_(ids)))
        return {row.id: row.status for row in rows.all()}


@pytest.mark.usefixtures("leave_none_queued")
async def test_a_busy_administration_does_not_hold_back_another(
    db: Database,
    settings: Settings,
    smtp_server: SmtpServer,
    tenant: Tenant,
    other: Tenant,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """500 mails of one administration have waited longer than the other's single mail; oldest
    first, that mail would wait ten batches. Round-robin, it goes out in the first."""
    now = clock.now()
    busy = await queue_mails(db, tenant.id, 500, now - timedelta(hours=1))
    [single] = await queue_mails(db, other.id, 1, now)
    monkeypatch.setattr(mails_repo, "OUTBOX", only(tenant.id, other.id))
    assert await deliver_batch(db, smtp_settings(settings, smtp_server), limit=50) == 50
    assert (await statuses(db, [single]))[single] is MailStatus.sent
    sent = [i for i, s in (await statuses(db, busy)).items() if s is MailStatus.sent]
    assert sorted(sent) == sorted(busy[:49])  # the busy one's oldest, in their order
    assert len(smtp_server.messages) == 50


@pytest.mark.usefixtures("leave_none_queued")
async def test_a_claim_takes_each_administration_in_turn(
    db: Database, tenant: Tenant, other: Tenant, app: Any, http: httpx.AsyncClient
) -> None:
    now = clock.now()
    async with new_tenant(app, http) as third:
        a = await queue_mails(db, tenant.id, 3, now - timedelta(hours=2))
        b = await queue_mails(db, other.id, 2, now - timedelta(hours=1))
        c = await queue_mails(db, third.id, 1, now - timedelta(minutes=1))
        table = only(tenant.id, other.id, third.id)
        lease = now + timedelta(minutes=5)
        # Every administration's first, then every one's second, ...; within a round, oldest first.
        assert await claim(db, table, 4, lease) == [a[0], b[0], c[0], a[1]]
        # The line is counted afresh at each claim: both are first in their line now.
        assert await claim(db, table, 4, lease) == [a[2], b[1]]
        assert await claim(db, table, 4, lease) == []


@pytest.mark.usefixtures("leave_none_queued")
async def test_a_lease_that_ran_out_is_claimed_again(db: Database, tenant: Tenant) -> None:
    [mail_id] = await queue_mails(db, tenant.id, 1, clock.now())
    table = only(tenant.id)
    gone = clock.now() + timedelta(milliseconds=50)  # a worker that died holding it
    assert await claim(db, table, 10, gone) == [mail_id]
    assert await claim(db, table, 10, clock.now() + timedelta(minutes=5)) == []
    await anyio.sleep(0.1)
    mine = clock.now() + timedelta(minutes=5)
    assert await claim(db, table, 10, mine) == [mail_id]
    async with db.transaction(write=True) as session:
        # The dead worker's outcome is not written; the new holder's is.
        assert await queue_repo.settle(session, table, [mail_id], gone, {"error": "late"}) == set()
        written = await queue_repo.settle(
            session, table, [mail_id], mine, {"status": MailStatus.sent}
        )
        assert written == {mail_id}
        mail = await session.scalar(select(Mail).where(Mail.id == mail_id))
        assert mail is not None
        assert (mail.status, mail.attempts, mail.lease_until, mail.error) == (
            MailStatus.sent,
            2,
            None,
            None,
        )


@pytest.mark.usefixtures("leave_none_queued")
async def test_concurrent_claims_never_take_the_same_row(
    app: Any, database_url: str, tenant: Tenant
) -> None:
    """Several workers (one engine each, as separate processes would have) claim at once: on
    PostgreSQL they skip each other's locked rows, on SQLite the write transaction serialises
    them; no row is leased twice and every due row is leased."""
    ids = await queue_mails(app.state.db, tenant.id, 60, clock.now())
    table = only(tenant.id)
    workers = [Database(database_url) for _ in range(4)]
    taken: list[list[str]] = []
    try:

        async def worker(db: Database) -> None:
            while got := await claim(db, table, 7, clock.now() + timedelta(minutes=5)):
                taken.append(got)

        async with anyio.create_task_group() as group:
            for db in workers:
                group.start_soon(worker, db)
    finally:
        for db in workers:
            await db.dispose()
    flat = [mail_id for batch in taken for mail_id in batch]
    assert len(flat) == len(set(flat)) == 60
    assert set(flat) == set(ids)
    async with app.state.db.transaction(write=False) as session:
        attempts = await session.scalar(select(func.sum(Mail.attempts)).where(Mail.id.in_(ids)))
    assert attempts == 60


def test_the_retry_policies_keep_their_defaults() -> None:
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert retry_policy(defaults) == RetryPolicy(base_seconds=60.0, max_seconds=3600.0)
    assert (defaults.mail_max_attempts, defaults.webhook_max_attempts) == (8, 10)
    assert DEFAULT_RETRY == RetryPolicy(base_seconds=60.0, max_seconds=12 * 3600.0)


@pytest.mark.parametrize(
    ("attempt", "expected"), [(0, 60), (1, 60), (2, 120), (3, 240), (7, 3600), (40, 3600)]
)
def test_backoff_doubles_with_jitter_up_to_the_maximum(attempt: int, expected: float) -> None:
    policy = RetryPolicy(base_seconds=60, max_seconds=3600)
    for _ in range(50):
        delay = backoff(attempt, policy).total_seconds()
        assert expected * 0.75 <= delay <= expected * 1.25
