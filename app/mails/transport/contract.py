"""What every mail transport promises: the `MailTransport` protocol and the per-recipient results
of a send.

Delivery contract (the outbox relies on it):

- `send()` never raises for anything the server or the network does. Every envelope recipient
  gets a `RecipientResult`: `accepted`, `deferred` (try again later) or `rejected` (permanent),
  with the server's code and reply. Only programming errors raise (`ValueError` for an invalid
  address, Message-ID, content type or `only_recipients`).
- Delivery is at least once, never at most once: if the connection drops after the server
  received the message but before we read its reply to DATA, the recipients are `deferred` and a
  retry sends the same message again, with the same Message-ID, so a receiving system can
  recognise the duplicate.
- Both transports hand over the same bytes for the same mail, those of `app.mails.message`
  (7-bit clean, so they pass every relay; see there).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self

from app.mails.message import OutgoingMail


class RecipientStatus(StrEnum):
    accepted = "accepted"
    deferred = "deferred"  # temporary: retry this recipient later
    rejected = "rejected"  # permanent: do not retry


@dataclass(frozen=True, slots=True)
class RecipientResult:
    address: str  # the envelope address (addr-spec, no display name)
    status: RecipientStatus
    code: int | None  # SMTP reply code; None when there was no reply (network, file transport)
    reply: str


@dataclass(frozen=True, slots=True)
class SendResult:
    results: tuple[RecipientResult, ...]  # one per envelope recipient, in envelope order

    def addresses(self, status: RecipientStatus) -> tuple[str, ...]:
        return tuple(result.address for result in self.results if result.status is status)


class MailTransport(Protocol):
    """Sends mails. `async with transport:` is a batch that may reuse one connection for many
    sends; `send` also works outside a batch (one connection per mail). Not for concurrent use
    from several tasks at once; sends on one transport are serialised."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def send(self, mail: OutgoingMail) -> SendResult: ...
