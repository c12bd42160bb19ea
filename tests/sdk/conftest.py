"""The committed clients against the real service: a uvicorn process (`invoicer serve`) on the
suite's database, so a tenant made through the test app works there too. It runs no worker: the
`outbox` fixture delivers the test administration's mails to the test's SMTP server, as
everywhere in the suite, and leaves other tests' queues alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import Settings
from tests.support import clients


@pytest.fixture(scope="session")
def live_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with clients.live_server(settings, tmp_path_factory.mktemp("live-server")) as base:
        yield base
