"""SMTP delivery throughput: one reused connection against a new connection per mail.

    .venv/bin/python bench/outbox_smtp.py [--count 2000] [--attachment-kb 30]

Runs aiosmtpd on 127.0.0.1 in a thread of this process, so client and server share one GIL:
the figures are a floor for a real, separate SMTP server. Prints mails/s for both ways, their
ratio, and the share of the per-mail time spent building the MIME message.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiosmtpd.controller import Controller

from app.config import MailTransport, Settings
from app.mails.message import Attachment, OutgoingMail, render_message
from app.mails.transport.contract import RecipientStatus
from app.mails.transport.smtp import SmtpTransport


@dataclass
class CountingHandler:
    """Accepts everything and keeps only a count, so the server does as little as it can."""

    received: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received += 1
        return "250 OK queued"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fake_pdf(size: int) -> bytes:
    # Random bytes: base64 cannot take a shortcut, as with a real compressed PDF stream.
    header, trailer = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\n%%EOF\n"
    return header + os.urandom(size - len(header) - len(trailer)) + trailer


def make_mails(count: int, attachment: bytes) -> list[OutgoingMail]:
    now = datetime.now(UTC)
    return [
        OutgoingMail(
            message_id=f"<bench_{number:06d}@invoicer.example>",
            sender="Acme B.V. <facturen@acme.example>",
            to=(f"Klant {number} <klant{number}@example.com>",),
            cc=("boekhouding@example.com",),
            bcc=("archief@acme.example",),
            subject=f"Factuur 2026-{number:05d} – € 12,10",
            text=f"Beste klant,\n\nIn de bijlage vindt u factuur 2026-{number:05d}.\n\nAcme\n",
            html=f"<p>Beste klant,</p><p>Factuur 2026-{number:05d} van <b>€ 12,10</b>.</p>",
            attachments=(
                Attachment(f"Factuur 2026-{number:05d}.pdf", "application/pdf", attachment),
            ),
            date=now,
        )
        for number in range(count)
    ]


@dataclass(frozen=True)
class Run:
    wall: float  # seconds per mail
    client_cpu: float  # seconds per mail of this thread's CPU: the client without the server


async def send_all(transport: SmtpTransport, mails: list[OutgoingMail], *, reuse: bool) -> Run:
    started, started_cpu = time.perf_counter(), time.thread_time()
    if reuse:
        async with transport:
            results = [await transport.send(mail) for mail in mails]
    else:
        results = [await transport.send(mail) for mail in mails]
    run = Run(
        (time.perf_counter() - started) / len(mails),
        (time.thread_time() - started_cpu) / len(mails),
    )
    failed = [
        r for result in results for r in result.results if r.status is not RecipientStatus.accepted
    ]
    if failed:
        raise SystemExit(f"{len(failed)} recipients not accepted, first: {failed[0]}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="mails per run")
    parser.add_argument("--attachment-kb", type=int, default=30, help="PDF size in KB")
    args = parser.parse_args()

    handler = CountingHandler()
    port = free_port()  # aiosmtpd's start-up probe cannot follow port 0
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = Settings(
            mail_transport=MailTransport.smtp,
            smtp_host="127.0.0.1",
            smtp_port=port,
            _env_file=None,
        )
        mails = make_mails(args.count, fake_pdf(args.attachment_kb * 1024))
        size = len(render_message(mails[0]))

        started = time.perf_counter()
        for mail in mails:
            render_message(mail)
        build = (time.perf_counter() - started) / len(mails)

        transport = SmtpTransport(settings)
        asyncio.run(send_all(transport, mails[:20], reuse=True))  # warm-up
        reused = asyncio.run(send_all(transport, mails, reuse=True))
        fresh = asyncio.run(send_all(transport, mails, reuse=False))
    finally:
        controller.stop()

    def line(label: str, seconds: float) -> str:
        return f"{label:<24}{seconds * 1000:6.2f} ms/mail  {1 / seconds:6.0f} mails/s"

    print(f"{args.count} mails of {size / 1024:.1f} KB on the wire, 3 envelope recipients each")
    print(line("build MIME", build))
    print(line("reused connection", reused.wall))
    print(line("new connection per mail", fresh.wall))
    print(f"{'reused / new':<24}{fresh.wall / reused.wall:6.2f}x")
    share = f"{build / reused.wall:6.0%} reused, {build / fresh.wall:.0%} new"
    print(f"{'MIME share of a send':<24}{share}")
    print(line("client CPU, reused", reused.client_cpu) + "  (this thread only: no server)")
    print(line("client CPU, new", fresh.client_cpu))
    print(f"{'server received':<24}{handler.received:6d}")


if __name__ == "__main__":
    main()
