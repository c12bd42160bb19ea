"""Webhook endpoints and the outbox of events to deliver to them (a row per event and endpoint)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UTCDateTime, enum_column, id_column
from app.models.enums import WebhookStatus


class WebhookEndpoint(Timestamps, Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = id_column("whe")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(500))
    # Subscribed event types; empty means every type.
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Kept in the clear because every delivery is signed with it (HMAC needs the key itself).
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Why the service switched the endpoint off (e.g. it answered 410 Gone).
    disabled_reason: Mapped[str | None] = mapped_column(Text)


class WebhookEvent(Base):
    """An event addressed to one endpoint: its id is the `webhook-id` header and `payload` the
    exact body, so every retry sends the same bytes under the same id."""

    __tablename__ = "webhook_events"
    __table_args__ = (
        # The worker's claim query: pending events due for an attempt.
        Index("ix_webhook_events_status_next_attempt_at", "status", "next_attempt_at"),
        # An endpoint's deliveries, page by page.
        Index("ix_webhook_events_endpoint_id_id", "endpoint_id", "id"),
        # Dead letters, listed and counted (every metrics scrape) by the operator.
        Index("ix_webhook_events_dead_at", "dead_at"),
    )

    id: Mapped[str] = id_column("evt")
    administration_id: Mapped[str] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(50))
    # Text, not JSON: the signed bytes must survive the database unchanged (a JSON type may
    # re-serialise them, and PostgreSQL's jsonb would reorder keys).
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[WebhookStatus] = mapped_column(
        enum_column(WebhookStatus), default=WebhookStatus.pending
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # While set and in the future, a worker owns the event (is sending it).
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the attempts ran out (a dead letter, `failed` to clients): the operator may queue
    # the event again. A 410 Gone or a disabled endpoint fails an event without it.
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
