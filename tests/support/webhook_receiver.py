"""A real HTTP(S) receiver for webhooks on 127.0.0.1, with scriptable replies, for tests."""

from __future__ import annotations

import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    def verify(self, secret: str) -> Any:
        """The parsed payload if the signature is valid for `secret` (raises otherwise)."""
        return Webhook(secret).verify(self.body, self.headers)


@dataclass(frozen=True)
class Reply:
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class _State:
    received: list[Received] = field(default_factory=list)
    replies: deque[Reply] = field(default_factory=deque)
    default: Reply = field(default_factory=Reply)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    state: _State  # set on the subclass made per receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        with self.state.lock:
            self.state.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            reply = self.state.replies.popleft() if self.state.replies else self.state.default
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()
        except OSError:
            pass  # the client gave up waiting (timeout tests)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Receiver:
    """Answers each POST with the next scripted `Reply` (then with `default`) and records it."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._state = _State()
        self._scheme = "https" if tls is not None else "http"
        handler = type("Handler", (_Handler,), {"state": self._state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        if tls is not None:
            # HTTPS: each accepted connection does the TLS handshake with this context.
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        # A short poll interval: `shutdown` waits for the serving loop to notice.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self.port}/hooks"

    @property
    def received(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.received)

    def script(self, *replies: Reply | int) -> None:
        with self._state.lock:
            for reply in replies:
                self._state.replies.append(Reply(reply) if isinstance(reply, int) else reply)

    def answer_always(self, reply: Reply | int) -> None:
        with self._state.lock:
            self._state.default = Reply(reply) if isinstance(reply, int) else reply

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
