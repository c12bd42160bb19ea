"""All SQL of the mails package: templates, mails, and the outbox's rows."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app.models import Document, EmailTemplate, Mail, MailDelivery
from app.models.enums import MailStatus
from app.repository import get_owned, page_of
from app.shared.pagination import PageParams
from app.shared.queue_repository import QueueTable


async def email_template(
    session: AsyncSession, administration_id: str, template_id: str
) -> EmailTemplate | None:
    return await get_owned(session, EmailTemplate, template_id, administration_id)


async def email_templates(
    session: AsyncSession, administration_id: str, params: PageParams | None = None
) -> list[EmailTemplate]:
    stmt = select(EmailTemplate).where(EmailTemplate.administration_id == administration_id)
    if params is None:
        return list((await session.scalars(stmt.order_by(EmailTemplate.id).limit(200))).all())
    return await page_of(session, stmt, EmailTemplate.id, params)


async def mail(
    session: AsyncSession, administration_id: str, mail_id: str, *, for_update: bool = False
) -> Mail | None:
    return await get_owned(session, Mail, mail_id, administration_id, for_update=for_update)


async def mails(
    session: AsyncSession,
    administration_id: str,
    params: PageParams,
    *,
    invoice_id: str | None = None,
    status: MailStatus | None = None,
) -> list[Mail]:
    stmt = select(Mail).where(Mail.administration_id == administration_id)
    if invoice_id is not None:
        stmt = stmt.where(Mail.invoice_id == invoice_id)
    if status is not None:
        stmt = stmt.where(Mail.status == status)
    return await page_of(session, stmt, Mail.id, params)


# The outbox as a leased work queue (`app.shared.queue`): queued mails wait for an attempt.
OUTBOX = QueueTable(Mail, MailStatus.queued)


async def mails_to_send(session: AsyncSession, mail_ids: list[str]) -> list[Mail]:
    """Claimed mails with their attachments and delivery log, fresh from the database."""
    rows = await session.scalars(
        select(Mail)
        .where(Mail.id.in_(mail_ids))
        .order_by(Mail.id)
        .execution_options(populate_existing=True)
    )
    return list(rows.all())


async def documents_with_content(
    session: AsyncSession, document_ids: list[str]
) -> dict[str, Document]:
    if not document_ids:
        return {}
    rows = await session.scalars(
        select(Document).where(Document.id.in_(document_ids)).options(undefer(Document.content))
    )
    return {d.id: d for d in rows.all()}


async def add_deliveries(session: AsyncSession, deliveries: list[dict[str, object]]) -> None:
    if deliveries:
        await session.execute(insert(MailDelivery), deliveries)


async def mails_by_id(session: AsyncSession, mail_ids: list[str]) -> list[Mail]:
    if not mail_ids:
        return []
    rows = await session.scalars(select(Mail).where(Mail.id.in_(mail_ids)))
    found = {m.id: m for m in rows.all()}
    return [found[i] for i in mail_ids if i in found]


async def outbox_stats(session: AsyncSession, now: datetime) -> tuple[int, datetime | None]:
    """How many mails are queued, and since when the oldest due one has been waiting."""
    depth = await session.scalar(
        select(func.count(Mail.id)).where(Mail.status == MailStatus.queued)
    )
    oldest = await session.scalar(
        select(func.min(Mail.next_attempt_at)).where(
            Mail.status == MailStatus.queued, Mail.next_attempt_at <= now
        )
    )
    if isinstance(oldest, datetime) and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)  # SQLite hands aggregates back naive
    return int(depth or 0), oldest


async def queued_since(
    session: AsyncSession, administration_id: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many mails the administration queued since `since`, and when the first of them was."""
    row = (
        await session.execute(
            select(func.count(Mail.id), func.min(Mail.queued_at)).where(
                Mail.administration_id == administration_id, Mail.queued_at >= since
            )
        )
    ).one()
    oldest = row[1]
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)  # SQLite hands aggregates back naive
    return int(row[0] or 0), oldest
