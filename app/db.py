"""Engine, sessions and the one-transaction-per-unit-of-work rule.

A request (or a worker job) gets exactly one session inside one transaction. It commits once at the
end and rolls back on any exception; services only flush. On SQLite every write transaction starts
with `BEGIN IMMEDIATE` and writers are serialised in-process, which avoids the lock-upgrade
deadlocks and multi-second lock waits of deferred transactions.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session as SyncSession

_WRITE_OPTION = "invoicer_write"


def on_commit(session: AsyncSession | SyncSession, callback: Callable[[], None]) -> None:
    """Run `callback` only if and when the session's transaction commits (metrics, wake-ups).
    An async session and its sync session share `info`, so either may be given."""
    session.info.setdefault("after_commit", []).append(callback)


def async_url(url: str) -> URL:
    """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async driver."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+asyncpg")
    raise ValueError(f"unsupported database backend {backend!r}")


class Database:
    """Owns the engine, the session factory and the SQLite writer lock."""

    def __init__(self, url: str, *, pool_size: int = 20) -> None:
        self.url = async_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30}
        else:
            # No pre-ping (three round trips per checkout with asyncpg): a connection lost to a
            # restart fails its request with a 503 (see app.errors) and is not reused.
            # A fixed-size pool, opened on demand and kept: overflow connections are closed
            # whenever more than `pool_size` are idle, so a load that swings around the pool
            # size opened and closed a PostgreSQL backend (a fork, authentication and asyncpg's
            # type introspection) every few requests. Beyond `pool_size` requests wait.
            kwargs.update(pool_size=pool_size, max_overflow=0, pool_recycle=1800)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @asynccontextmanager
    async def transaction(self, *, write: bool) -> AsyncIterator[AsyncSession]:
        """One session in one transaction: committed when the block ends, rolled back on error."""
        lock = self._write_lock if write else None
        if lock is not None:
            await lock.acquire()
        try:
            async with self.sessionmaker() as session:
                session.info["write"] = write
                if write and self.is_sqlite:
                    # Take the connection now so the transaction begins IMMEDIATE.
                    await session.connection(execution_options={_WRITE_OPTION: True})
                elif not write and not self.is_sqlite:
                    # Reads need no BEGIN/COMMIT round trips: each statement sees committed data.
                    await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                try:
                    yield session
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
                for callback in session.info.get("after_commit", ()):
                    callback()
        finally:
            if lock is not None:
                lock.release()

    async def dispose(self) -> None:
        await self.engine.dispose()


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions are off).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL + NORMAL survives a killed process; busy_timeout covers other processes' writers.
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=30000",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
