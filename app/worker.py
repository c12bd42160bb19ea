"""The worker loop: delivers outbox mails and runs due recurrences, one transaction per item.

It runs in-process with `invoicer serve` or alone as `invoicer worker`; any number of workers may
run against PostgreSQL at once (they claim rows with `FOR UPDATE SKIP LOCKED`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from app.config import Settings
from app.db import Database
from app.shared import wakeup

log = logging.getLogger("invoicer.worker")

# A job does one batch of work and returns how many items it handled (app/wiring.py lists them).
Job = Callable[[Database, Settings], Awaitable[int]]


class Worker:
    def __init__(self, db: Database, settings: Settings, jobs: Sequence[tuple[str, Job]]) -> None:
        self.db = db
        self.jobs = tuple(jobs)
        self.settings = settings
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """New work was committed: look now instead of at the next poll."""
        self._wake.set()

    async def tick(self) -> int:
        """Run every job once; a failing job is logged and does not stop the others."""
        handled = 0
        for name, job in self.jobs:
            try:
                handled += await job(self.db, self.settings)
            except Exception:
                log.exception("worker job %s failed", name)
        return handled

    async def run_forever(self) -> None:
        log.info("worker started (poll every %ss)", self.settings.worker_poll_seconds)
        unsubscribe = wakeup.subscribe(self.wake)
        try:
            await self._loop()
        finally:
            unsubscribe()
        log.info("worker stopped")

    async def _loop(self) -> None:
        while not self._stop.is_set():
            handled = await self.tick()
            if handled:
                continue  # more work may be waiting; poll again at once
            try:
                await asyncio.wait_for(self._wake.wait(), self.settings.worker_poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()
