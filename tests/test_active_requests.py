"""`ActiveRequests`: a few requests of a process run at once, the others wait their turn; a
slow upload or a health probe never holds or waits for a turn; a failing request gives its
turn back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from app.main import ActiveRequests

pytestmark = pytest.mark.anyio


class Probe:
    """An ASGI app that counts the requests inside it; /hold waits for `release`."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.entered = anyio.Event()
        self.release = anyio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.inside += 1
        self.most = max(self.most, self.inside)
        self.entered.set()
        try:
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            if scope["path"] == "/boom":
                raise RuntimeError("boom")
            if scope["path"] == "/hold":
                await self.release.wait()
            await anyio.sleep(0.01)
        finally:
            self.inside -= 1
        start: Message = {"type": "http.response.start", "status": 200, "headers": []}
        await send(start)
        await send({"type": "http.response.body", "body": body or scope["path"].encode()})


def client(app: ActiveRequests) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_at_most_the_limit_run_at_once_and_every_request_is_answered() -> None:
    probe = Probe()
    answers: list[int] = []
    async with client(ActiveRequests(probe, limit=3)) as http:

        async def one(i: int) -> None:
            answers.append((await http.post(f"/r{i}", content=b"x" * i)).status_code)

        async with anyio.create_task_group() as tasks:
            for i in range(20):
                tasks.start_soon(one, i)
    assert answers == [200] * 20
    assert probe.most == 3


async def test_a_slow_upload_holds_no_turn() -> None:
    probe = Probe()
    uploaded = anyio.Event()

    async def slow_body() -> AsyncIterator[bytes]:
        yield b"first "
        await uploaded.wait()
        yield b"last"

    async with client(ActiveRequests(probe, limit=1)) as http, anyio.create_task_group() as tasks:
        slow: list[httpx.Response] = []

        async def upload() -> None:
            slow.append(await http.post("/upload", content=slow_body()))

        tasks.start_soon(upload)
        await anyio.sleep(0.05)
        with anyio.fail_after(5):
            other = await http.get("/other")  # the only turn is free while the body trickles
        assert other.text == "/other"
        assert probe.most == 1
        uploaded.set()
    assert slow[0].text == "first last"


async def test_health_probes_do_not_wait_for_a_turn() -> None:
    probe = Probe()
    async with client(ActiveRequests(probe, limit=1)) as http, anyio.create_task_group() as tasks:
        tasks.start_soon(http.get, "/hold")
        await probe.entered.wait()
        with anyio.fail_after(5):
            assert (await http.get("/healthz")).status_code == 200
            assert (await http.get("/readyz")).status_code == 200
        with pytest.raises(TimeoutError), anyio.fail_after(0.2):
            await http.get("/v1/invoices")  # an API request waits for the held turn
        probe.release.set()


async def test_a_failing_request_gives_its_turn_back() -> None:
    probe = Probe()
    async with client(ActiveRequests(probe, limit=1)) as http:
        with pytest.raises(RuntimeError):
            await http.get("/boom")
        with anyio.fail_after(5):
            assert (await http.get("/after")).text == "/after"
