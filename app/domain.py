"""Loads every package that plugs into another through a hook list (default templates of a new
administration, checks before deleting, worker jobs), so behaviour never depends on which
modules happened to be imported first."""

from __future__ import annotations


def load() -> None:
    import app.documents.service
    import app.invoices.service
    import app.mails.outbox
    import app.mails.service
    import app.recurrences.runner
    import app.recurrences.service
    import app.webhooks.delivery
    import app.webhooks.service  # noqa: F401
