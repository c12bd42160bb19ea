"""Shared fixtures: the suite runs once per database backend (SQLite, and PostgreSQL when one
answers), against migrated databases, the real ASGI app over httpx and a real SMTP server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import Database
from app.i18n import current_locale
from app.main import create_app
from app.migrations import upgrade
from tests.support.database import BACKENDS, POSTGRES_URL
from tests.support.factories import ENGLISH, OPERATOR_TOKEN, Tenant, new_tenant
from tests.support.mail import smtp_settings
from tests.support.smtp import SmtpServer


def pytest_report_header() -> str:
    return f"database backends: {', '.join(BACKENDS)}"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def english_outside_requests() -> Iterator[None]:
    """Texts rendered outside a request (a validator called directly) are English in the suite,
    as the API clients ask for English; a request sets its own language (tests/test_i18n.py)."""
    token = current_locale.set("en")
    yield
    current_locale.reset(token)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh database per backend and test session, migrated to head."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "invoicer.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        return
    assert POSTGRES_URL is not None
    name = f"invoicer_test_{uuid.uuid4().hex[:12]}"
    base = make_url(POSTGRES_URL)
    url = base.set(database=name).render_as_string(hide_password=False)
    maintenance = create_engine(
        base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with maintenance.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        upgrade(url)
        yield url
    finally:
        with maintenance.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    var = tmp_path_factory.mktemp("var")
    return Settings(
        database_url=database_url,
        operator_token=OPERATOR_TOKEN,  # type: ignore[arg-type]
        var_dir=var,
        mail_dir=var / "mail",
        worker_poll_seconds=0.05,
        # Tests make many requests per key quickly; the limits have their own tests.
        rate_limit_per_minute=1_000_000,
        rate_limit_burst=100_000,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
def db(app: Any) -> Database:
    database: Database = app.state.db
    return database


@pytest.fixture
async def http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An unauthenticated client of the real ASGI app. It asks for English texts (the suite's
    assertions quote them); the Dutch default is tested in tests/test_i18n.py."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=ENGLISH
    ) as client:
        yield client


@pytest.fixture
async def tenant(app: Any, http: httpx.AsyncClient) -> AsyncIterator[Tenant]:
    """A fresh administration (with every scope) for each test: tests never share data."""
    async with new_tenant(app, http) as made:
        yield made


@pytest.fixture
def client(tenant: Tenant) -> httpx.AsyncClient:
    return tenant.client


@pytest.fixture
async def smtp_server() -> AsyncIterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Keep tests of one backend together so each database is set up once.
    items.sort(key=lambda item: "postgresql" in item.nodeid)


@pytest.fixture
async def outbox(
    db: Database, settings: Settings, smtp_server: SmtpServer, tenant: Tenant
) -> AsyncIterator[SmtpServer]:
    """The outbox worker running in the background for this test's administration, delivering
    to the test's real SMTP server. Yields that server."""
    import anyio

    from app.mails.outbox import deliver_batch

    worker_settings = smtp_settings(settings, smtp_server)
    stop = anyio.Event()
    async with anyio.create_task_group() as group:

        async def loop() -> None:
            # Stopped between batches, as the real worker stops: cancelling it inside a batch
            # could also cancel the rollback of its transaction and leave SQLite's write lock
            # held by a connection nobody uses (the next test then waited 30 s and got a 503).
            while not stop.is_set():
                await deliver_batch(db, worker_settings, administration_id=tenant.id)
                with anyio.move_on_after(0.02):
                    await stop.wait()

        group.start_soon(loop)
        yield smtp_server
        stop.set()
