"""ASGI middlewares of the API: the language of the answer, body size limit, NUL-free URLs, an
optional per-process limit on requests worked on at once."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import FieldError, Invalid, PayloadTooLarge, problem_response
from app.i18n import DEFAULT_LOCALE, current_locale, negotiate, t
from app.shared import links


class Language:
    """Sets the language of the request's texts (`current_locale`) from `Accept-Language` when
    it names nl or en, else the default (the authenticated administration's locale replaces the
    default, in `principal_for`). Reset when the request ends, so nothing leaks to the next."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope["headers"]:
            if name == b"accept-language":
                header = value.decode("latin-1")
                break
        asked = negotiate(header)
        # Read by `principal_for`: an explicit choice beats the administration's locale.
        scope.setdefault("state", {})["locale_asked"] = asked
        token = current_locale.set(asked or DEFAULT_LOCALE)
        try:
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)


class PublicBase:
    """Links to invoice pages made during the request start with the app's public base URL
    (`app.shared.links`), whatever the settings of the process."""

    def __init__(self, app: ASGIApp, base_url: str) -> None:
        self.app = app
        self.base_url = base_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with links.serving(self.base_url):
            await self.app(scope, receive, send)


class BodyLimit:
    """Refuses request bodies over the configured size with 413, before they are buffered."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        too_large = False
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                too_large = True
        if too_large:
            await self._too_large(scope, receive, send)
            return
        seen = 0
        exceeded = False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    # FastAPI turns errors while reading the body into a 400; `guarded_send`
                    # replaces whatever response follows with the 413.
                    raise PayloadTooLarge()
            return message

        replaced = False

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if not exceeded:
                await send(message)
            elif not replaced:
                replaced = True
                await self._too_large(scope, receive, send)

        await self.app(scope, limited_receive, guarded_send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            PayloadTooLarge.type,
            PayloadTooLarge.title,
            t("Request bodies are limited to {max_bytes} bytes.", max_bytes=self.max_bytes),
            code=PayloadTooLarge.code,
        )
        await response(scope, receive, send)


class ActiveRequests:
    """At most `limit` requests of this process run at once; the others wait their turn (FIFO).

    The API is CPU-bound on an event loop: without a limit every request in flight shares the
    loop, so a finalisation (~20 ms of CPU, a dozen round trips) re-queues behind all the others
    at each await and the tail grows with the load (processor sharing). With a few at a time,
    requests run nearly through and wait in line instead: under the load bench the mix's p99 at
    24 in flight fell from 290-420 ms to ~200 ms, with more throughput (bench/README.md).
    Off by default: a request waiting for a row lock keeps its turn, so finalisations of one
    administration queueing on its number counter can take every turn of a process. One bench
    run with a limit of 4 stalled with the machine partly idle (p99 568 ms); that is the likely
    cause, not a proven one.

    A turn is taken only once the request body has been received (bodies are capped by
    `BodyLimit`, outside this), and given back when the response starts (its body is made by
    then), so a slow client holds no turn. Health probes and metrics never wait."""

    EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.turns = asyncio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.EXEMPT:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        try:
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request" or not message.get("more_body", False):
                    break
        except Exception as exc:  # e.g. BodyLimit's 413: raised where the app reads the body
            failure = exc

            async def failing_receive() -> Message:
                raise failure

            await self.app(scope, failing_receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        held = True

        async def releasing_send(message: Message) -> None:
            nonlocal held
            if held and message["type"] == "http.response.start":
                held = False
                self.turns.release()
            await send(message)

        await self.turns.acquire()
        try:
            await self.app(scope, replay, releasing_send)
        finally:
            if held:
                self.turns.release()


class RejectNul:
    """NUL in the path or query string is refused up front (PostgreSQL cannot store it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            where = None
            if "\0" in scope["path"]:
                where = ["path"]
            else:
                for name, value in parse_qsl(
                    scope["query_string"].decode("latin-1"), keep_blank_values=True
                ):
                    if "\0" in name or "\0" in value:
                        where = ["query", name.replace("\0", "\\0")]
                        break
            if where is not None:
                response = problem_response(
                    422,
                    Invalid.type,
                    Invalid.title,
                    t("NUL characters are not allowed in URLs."),
                    code=Invalid.code,
                    errors=[
                        FieldError(
                            loc=list(where),
                            msg=t("NUL characters are not allowed"),
                            type="value_error",
                        )
                    ],
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
