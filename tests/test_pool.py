"""The PostgreSQL pool keeps its connections: a load that swings above and below the pool size
must not open and close backends (each a fork, authentication and asyncpg's type
introspection; under load this cost a quarter of a core)."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from sqlalchemy import event, text

from app.db import Database

pytestmark = pytest.mark.anyio


async def test_waves_above_the_pool_size_reuse_its_connections(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has no connection pool to churn")
    db = Database(database_url, pool_size=4)
    opened: list[Any] = []
    event.listen(db.engine.sync_engine, "connect", lambda conn, record: opened.append(conn))
    done = 0

    async def read() -> None:
        nonlocal done
        async with db.transaction(write=False) as session:
            await session.execute(text("SELECT pg_sleep(0.02)"))
        done += 1

    try:
        for _wave in range(3):  # 12 at once, then idle: more than the pool, three times
            async with anyio.create_task_group() as tasks:
                for _ in range(12):
                    tasks.start_soon(read)
    finally:
        await db.dispose()
    assert done == 36
    assert len(opened) == 4, f"{len(opened)} connections opened for a pool of 4"
