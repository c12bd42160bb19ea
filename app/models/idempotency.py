"""Stored responses of POST requests made with an `Idempotency-Key`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, id_column


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[str] = id_column("idk")
    # The administration id, or "operator" for operator-token requests.
    scope: Mapped[str] = mapped_column(String(40))
    # Who made the request: the API key id, or "operator". Only the same owner may replay it;
    # null on records made before replays were bound to keys (they replay for nobody).
    owner: Mapped[str | None] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    response_body: Mapped[bytes] = mapped_column(LargeBinary)
    headers: Mapped[str] = mapped_column(String(2000), default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
