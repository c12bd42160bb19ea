"""A real `invoicer serve` for the browser test, on the suite's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import Settings
from tests.support import clients


@pytest.fixture(scope="session")
def page_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with clients.live_server(settings, tmp_path_factory.mktemp("page-server")) as base:
        yield base
