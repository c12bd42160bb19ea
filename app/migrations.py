"""Alembic glue: the schema is made only by migrations (`invoicer migrate`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncConnection

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if database_url is not None:
        # Escape % for configparser interpolation.
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@cache
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def current_revision(conn: AsyncConnection) -> str | None:
    return await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


def _outside_event_loop(fn: Callable[[], None]) -> None:
    # Alembic's env.py runs its own event loop (asyncio.run); inside a running loop, use a thread.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        fn()
        return
    with ThreadPoolExecutor(1) as pool:
        pool.submit(fn).result()


def pending_revisions(current: str | None, revision: str = "head") -> int:
    """How many migrations `upgrade` would apply to a database at `current`."""
    script = ScriptDirectory.from_config(alembic_config())
    return len(list(script.iterate_revisions(revision, current or "base")))


def upgrade(
    database_url: str, revision: str = "head", on_step: Callable[[], None] | None = None
) -> None:
    """Migrate to `revision`; `on_step` is called after each migration applied (progress)."""
    config = alembic_config(database_url)
    if on_step is not None:
        config.attributes["on_version_apply"] = lambda **_: on_step()
    _outside_event_loop(lambda: command.upgrade(config, revision))


def downgrade(database_url: str, revision: str = "base") -> None:
    _outside_event_loop(lambda: command.downgrade(alembic_config(database_url), revision))
