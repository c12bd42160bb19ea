"""Reminder fixtures: settings that let the API accept a webhook endpoint on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.config import Settings


@pytest.fixture
def allow_private(app: Any) -> Iterator[Settings]:
    """The API accepts webhook URLs on loopback for one test (the app is the session's)."""
    original = app.state.settings
    permissive = original.model_copy(update={"webhook_allow_private_urls": True})
    app.state.settings = permissive
    try:
        yield permissive
    finally:
        app.state.settings = original
