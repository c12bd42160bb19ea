"""Dead letters over the API: the items the work queue gave up on, and retrying them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from app.i18n import t
from app.shared.pagination import Page
from app.shared.schemas import StrictModel


class DeadLetterKind(StrEnum):
    """Which queue an item belongs to."""

    mail = "mail"
    webhook_event = "webhook_event"


class DeadLetterOut(BaseModel):
    id: str
    kind: DeadLetterKind
    administration_id: str
    status: str = Field(
        description="The item's status as clients see it: `failed`, or `sent` (`partially_sent` "
        "when others refused it for good) for a mail some recipients accepted."
    )
    attempts: int
    dead_at: datetime = Field(description="When the attempts ran out.")
    error: str | None
    pending_recipients: list[str] | None = Field(
        default=None, description="Mails: the recipients a retry sends to (still deferred)."
    )
    endpoint_id: str | None = Field(default=None, description="Webhook events: the endpoint.")
    type: str | None = Field(default=None, description="Webhook events: the event type.")


class DeadLetterPage(Page[DeadLetterOut]):
    pass


# The form of every id this service makes (`mail_...`, `evt_...`, `adm_...`): anything else
# is a typo or worse, refused with a 422 rather than reported as not found.
ID_PATTERN = r"^[a-z]{2,5}_[0-9A-Za-z]{1,34}$"
ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class RetryRequest(StrictModel):
    kind: DeadLetterKind
    ids: list[ItemId] | None = Field(
        default=None, min_length=1, max_length=1000, description="The items to retry."
    )
    all: bool = Field(
        default=False,
        description="Retry every dead item of `kind` (of `administration_id`, when given), up "
        "to 1000 per call (`more` says whether to call again). Exclusive with `ids`.",
    )
    administration_id: ItemId | None = Field(
        default=None, description="Only items of this administration."
    )

    @model_validator(mode="after")
    def _ids_or_all(self) -> Self:
        if (self.ids is None) == (not self.all):
            raise ValueError(t("give either `ids` or `all: true`"))
        return self


class NotRetriedReason(StrEnum):
    not_found = "not_found"  # no such item (of this kind and administration)
    not_dead = "not_dead"  # waiting, delivered, or refused for good: nothing to retry
    not_eligible = "not_eligible"  # dead, but the queue would not take it (endpoint disabled)


class NotRetried(BaseModel):
    id: str
    reason: NotRetriedReason


class RetryResult(BaseModel):
    retried: list[str] = Field(description="Queued again: due now, attempts from zero.")
    not_retried: list[NotRetried] = Field(description="Ids asked for that were not retried.")
    more: bool = Field(description="With `all`: more dead items may be left; call again.")
