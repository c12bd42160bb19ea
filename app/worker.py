"""The worker loop: runs the jobs it is given (app/wiring.py: mails, recurrences, webhooks), one
transaction per item.

It runs in-process with `invoicer serve` or alone as `invoicer worker`; any number of workers may
run against PostgreSQL at once (they claim rows with `FOR UPDATE SKIP LOCKED`). A worker looks
for work every `worker_poll_seconds`, and at once when woken: by a commit of its own process, and
on PostgreSQL by `NOTIFY` from any process (it keeps one connection that `LISTEN`s; lost, it is
opened again, and polling covers the gap). `stop()` lets the batch under way finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from app.config import Settings
from app.db import Database
from app.shared import links, wakeup

log = logging.getLogger("invoicer.worker")

# How long a woken worker waits before it looks: mail goes out up to that much later (instead of
# up to a poll interval, 5 s by default), and the commits of that second cost one tick. 0.2 s
# still cost the worker twice the CPU of a poll every second under the load bench, and the API
# a longer tail (bench/README.md); 1 s does not.
WAKE_GATHER_SECONDS = 1.0

# A job does one batch of work and returns how many items it handled (app/wiring.py lists them).
Job = Callable[[Database, Settings], Awaitable[int]]


class Worker:
    def __init__(self, db: Database, settings: Settings, jobs: Sequence[tuple[str, Job]]) -> None:
        self.db = db
        self.jobs = tuple(jobs)
        self.settings = settings
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self.listening = asyncio.Event()  # set while a LISTEN connection is open (PostgreSQL)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """New work was committed: look now instead of at the next poll."""
        self._wake.set()

    async def tick(self) -> int:
        """Run every job once; a failing job is logged and does not stop the others."""
        handled = 0
        with links.serving(self.settings.public_base()):
            for name, job in self.jobs:
                try:
                    handled += await job(self.db, self.settings)
                except Exception:
                    log.exception("worker job %s failed", name)
        return handled

    async def run_forever(self) -> None:
        log.info("worker started (poll every %ss)", self.settings.worker_poll_seconds)
        unsubscribe = wakeup.subscribe(self.wake)
        listener = None if self.db.is_sqlite else asyncio.create_task(self._listen())
        try:
            await self._loop()
        finally:
            unsubscribe()
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener
        log.info("worker stopped")

    async def _listen(self) -> None:
        """Keep a connection that LISTENs for work committed by any process (PostgreSQL)."""
        while not self._stop.is_set():
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is away: poll meanwhile, try again soon
                log.warning("cannot listen for work (%r); polling until it works again", exc)
            if not self._stop.is_set():
                await asyncio.sleep(1.0)

    async def _listen_once(self) -> None:
        """LISTEN on one connection until the worker stops or the connection is lost."""
        lost = asyncio.Event()

        def notified(*_: Any) -> None:
            self.wake()

        async with self.db.engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            raw.add_termination_listener(lambda *_: lost.set())
            await raw.add_listener(wakeup.CHANNEL, notified)
            self.listening.set()
            log.info("listening for work on %s", wakeup.CHANNEL)
            self.wake()  # what was committed before we listened
            stopped = asyncio.create_task(self._stop.wait())
            dropped = asyncio.create_task(lost.wait())
            try:
                await asyncio.wait({stopped, dropped}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopped.cancel()
                dropped.cancel()
                self.listening.clear()
                if not lost.is_set():
                    with contextlib.suppress(Exception):
                        await raw.remove_listener(wakeup.CHANNEL, notified)

    async def _loop(self) -> None:
        while not self._stop.is_set():
            handled = await self.tick()
            if handled:
                continue  # more work may be waiting; poll again at once
            try:
                await asyncio.wait_for(self._wake.wait(), self.settings.worker_poll_seconds)
            except TimeoutError:
                pass
            else:
                # Woken: let the wake-ups of a burst gather, so that one tick takes their work
                # together. Each finalise-and-send wakes the workers; ticking for every one of
                # them took a quarter of a core from the API under the load bench.
                await asyncio.sleep(WAKE_GATHER_SECONDS)
            self._wake.clear()
