"""Which outcomes make a dead letter: only running out of attempts with work left, never a
refusal for good (the pure settle functions of both queue adapters)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.config import Settings
from app.mails import outbox
from app.models.enums import MailStatus, WebhookStatus
from app.webhooks import delivery

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
SETTINGS = Settings(_env_file=None, mail_max_attempts=3, webhook_max_attempts=3)  # type: ignore[call-arg]
A, B = "a@example.org", "b@example.org"


@pytest.mark.parametrize(
    ("latest", "attempts", "status", "dead"),
    [
        ([(A, "deferred", "451")], 2, MailStatus.queued, False),
        ([(A, "deferred", "451")], 3, MailStatus.failed, True),
        ([(A, "rejected", "550")], 1, MailStatus.failed, False),
        ([(A, "accepted", "250"), (B, "deferred", "451")], 3, MailStatus.sent, True),
        ([(A, "accepted", "250"), (B, "rejected", "550")], 3, MailStatus.partially_sent, False),
    ],
    ids=["deferred-retried", "deferred-given-up", "refused", "partly-given-up", "settled"],
)
def test_a_mail_is_dead_only_when_recipients_were_given_up_while_deferred(
    latest: list[tuple[str, str, str]], attempts: int, status: MailStatus, dead: bool
) -> None:
    settled = outbox.settle([A, B][: len(latest)], [], latest, attempts, SETTINGS, NOW)
    assert settled.status == status
    assert settled.dead_at == (NOW if dead else None)


@pytest.mark.parametrize(
    ("attempt", "number", "status", "dead"),
    [
        (delivery.Attempt(500, "HTTP 500"), 2, WebhookStatus.pending, False),
        (delivery.Attempt(500, "HTTP 500"), 3, WebhookStatus.failed, True),
        (delivery.Attempt(410, "HTTP 410"), 1, WebhookStatus.failed, False),
        (delivery.Attempt(200), 3, WebhookStatus.delivered, False),
    ],
    ids=["retried", "given-up", "gone", "delivered"],
)
def test_an_event_is_dead_only_when_its_attempts_ran_out(
    attempt: delivery.Attempt, number: int, status: WebhookStatus, dead: bool
) -> None:
    outcome = delivery.settle(attempt, number, SETTINGS, delivery.DEFAULT_RETRY, NOW)
    assert outcome.status == status
    assert outcome.dead_at == (NOW if dead else None)
