"""Mail transports against a real SMTP server (aiosmtpd on 127.0.0.1) and a real directory."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import anyio
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.config import MailTransport as TransportKind
from app.config import Settings, SmtpTls
from app.mails.message import (
    Attachment,
    OutgoingMail,
    build_message,
    envelope_recipients,
    header_text,
    message_bytes,
    parse_address,
    render_message,
)
from app.mails.transport import transport_for
from app.mails.transport.contract import RecipientResult, RecipientStatus, SendResult
from app.mails.transport.file import FileTransport
from app.mails.transport.smtp import SmtpTransport
from tests.support.ports import free_port
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
SUBJECT = "Factuur 2026-00001 – € 12,10"
TEXT = "Beste klant,\n\nIn de bijlage vindt u factuur 2026-00001 van € 12,10.\n\nGroet,\nAcme\n"
MESSAGE_ID = "<mail_01JQ7Z8X9Y0ABCDEFGHJKMNPQR@invoicer.example>"
ACCEPTED, DEFERRED, REJECTED = (
    RecipientStatus.accepted,
    RecipientStatus.deferred,
    RecipientStatus.rejected,
)


def make_mail(**changes: Any) -> OutgoingMail:
    mail = OutgoingMail(
        message_id=MESSAGE_ID,
        sender="Acme B.V. <facturen@acme.example>",
        to=("Klant & Zn <klant@example.com>",),
        cc=("boekhouding@example.com",),
        bcc=("archief@acme.example",),
        subject=SUBJECT,
        text=TEXT,
        attachments=(Attachment("Factuur 2026-00001.pdf", "application/pdf", PDF),),
        date=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    )
    return replace(mail, **changes)


def smtp_settings(port: int, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "mail_transport": TransportKind.smtp,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout_seconds": 5.0,
        **changes,
    }
    return Settings(_env_file=None, **values)


def statuses(result: SendResult) -> dict[str, RecipientStatus]:
    return {r.address: r.status for r in result.results}


def lf(text: str) -> str:
    # Text parts travel with CRLF line ends; the parser hands them back as they came.
    return text.replace("\r\n", "\n")


def listing(directory: Path) -> list[Path]:
    """Every entry, hidden temporary files included."""
    return sorted(directory.iterdir())


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def count_connections(server: SmtpServer) -> list[Any]:
    """Sessions (one per TCP connection) that say EHLO from now on (aiosmtpd reads a handler's
    hooks when a connection opens)."""
    sessions: list[Any] = []

    async def handle_EHLO(
        smtp: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if all(seen is not session for seen in sessions):
            sessions.append(session)
        return responses

    server.handler.handle_EHLO = handle_EHLO  # type: ignore[attr-defined]
    return sessions


def script_mail_from(server: SmtpServer, replies: list[str]) -> None:
    """Answer the next MAIL FROM commands with `replies` (a list the test may still extend),
    then accept as usual. Applies to connections opened after the call."""

    async def handle_MAIL(
        smtp: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if replies:
            return replies.pop(0)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    server.handler.handle_MAIL = handle_MAIL  # type: ignore[attr-defined]


class ConfiguredServer(SmtpServer):
    """`SmtpServer` with extra aiosmtpd options (TLS, AUTH)."""

    def __init__(self, **controller_options: Any) -> None:
        super().__init__()
        self.controller_options = controller_options

    def start(self) -> None:
        self._controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, **self.controller_options
        )
        self._controller.start()


@contextmanager
def running(server: SmtpServer) -> Iterator[SmtpServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- the message ---------------------------------------------------------------------------


async def test_mail_arrives_with_headers_body_and_attachment(smtp_server: SmtpServer) -> None:
    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(make_mail())

    assert statuses(result) == {
        "klant@example.com": ACCEPTED,
        "boekhouding@example.com": ACCEPTED,
        "archief@acme.example": ACCEPTED,
    }
    assert {r.code for r in result.results} == {250}
    [received] = smtp_server.messages
    assert received.mail_from == "facturen@acme.example"
    assert received.rcpt_tos == [
        "klant@example.com",
        "boekhouding@example.com",
        "archief@acme.example",
    ]
    message = received.message
    assert message["From"].addresses[0].display_name == "Acme B.V."
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Klant & Zn", "klant@example.com")
    ]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["boekhouding@example.com"]
    assert "Bcc" not in message
    assert b"archief@acme.example" not in received.data
    assert message["Subject"] == SUBJECT
    assert message["Message-ID"] == MESSAGE_ID
    assert message["Date"] == "Mon, 05 Jan 2026 09:30:00 +0000"
    assert message["MIME-Version"] == "1.0"
    assert "Reply-To" not in message
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",))
    assert body is not None
    assert lf(body.get_content()) == TEXT
    assert message.get_body(("html",)) is None
    [attachment] = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "Factuur 2026-00001.pdf"
    assert attachment.get_content() == PDF


async def test_html_alternative_and_reply_to(smtp_server: SmtpServer) -> None:
    html = "<p>Beste klant, factuur van <b>€ 12,10</b>.</p>"
    mail = make_mail(html=html, reply_to="Support <support@acme.example>")

    await SmtpTransport(smtp_settings(smtp_server.port)).send(mail)

    message = smtp_server.messages[0].message
    alternative, pdf = message.iter_parts()
    assert isinstance(alternative, EmailMessage)
    assert alternative.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert pdf.get_content_type() == "application/pdf"
    html_part = message.get_body(("html",))
    assert html_part is not None
    assert lf(html_part.get_content()) == html + "\n"
    assert message["Reply-To"].addresses[0].addr_spec == "support@acme.example"


def test_non_ascii_attachment_name_is_rfc2231_and_wire_is_7bit() -> None:
    mail = make_mail(attachments=(Attachment("Factuur Zoë €.pdf", "application/pdf", PDF),))

    data = render_message(mail)

    assert data.isascii()
    assert b"filename*=utf-8''Factuur%20Zo%C3%AB%20%E2%82%AC.pdf" in data
    [attachment] = parse(data).iter_attachments()
    assert attachment.get_filename() == "Factuur Zoë €.pdf"
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    "attachments",
    [
        (),
        (Attachment("factuur.pdf", "application/pdf", PDF),),
        (
            Attachment("Factuur Zoë €.pdf", "application/pdf", os.urandom(30 * 1024)),
            Attachment("factuur.xml", "application/xml", b"<Invoice>\r\n</Invoice>\n" * 300),
            Attachment("leeg.pdf", "application/pdf", b""),
        ),
    ],
    ids=["none", "one", "several"],
)
@pytest.mark.parametrize("html", [None, "<p>Beste klant</p>"], ids=["text", "html"])
def test_wire_bytes_equal_the_standard_generator(
    attachments: tuple[Attachment, ...], html: str | None
) -> None:
    # render_message writes base64 bodies in one piece; the bytes must be exactly what the
    # standard library's generator makes of the same message.
    message = build_message(make_mail(attachments=attachments, html=html))
    assert message_bytes(message) == message.as_bytes()


def test_plain_mail_without_attachments_is_a_single_text_part() -> None:
    message = parse(render_message(make_mail(attachments=())))

    assert message.get_content_type() == "text/plain"
    assert lf(message.get_content()) == TEXT


def test_envelope_is_deduplicated_case_insensitively() -> None:
    mail = make_mail(
        to=("Klant@Example.com", "Tweede <tweede@example.com>"),
        cc=("klant@example.COM",),
        bcc=("TWEEDE@example.com", "archief@acme.example"),
    )

    assert envelope_recipients(mail) == (
        "Klant@Example.com",
        "tweede@example.com",
        "archief@acme.example",
    )


def test_idn_domain_is_sent_in_ascii_form() -> None:
    assert parse_address("Zoë <zoe@bücher.example>").addr_spec == "zoe@xn--bcher-kva.example"


# --- header injection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Factuur\r\nBcc: evil@example.com",
        "Factuur\nBcc: evil@example.com",
        "Factuur\rBcc: evil@example.com",
        "Factuur\u2028Bcc: evil@example.com",
        "Factuur\x85Bcc: evil@example.com",
        "Factuur\r\n\r\nBody of the attacker",
    ],
)
async def test_subject_cannot_add_headers(smtp_server: SmtpServer, subject: str) -> None:
    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(
        make_mail(subject=subject, bcc=())
    )

    assert statuses(result) == {"klant@example.com": ACCEPTED, "boekhouding@example.com": ACCEPTED}
    [received] = smtp_server.messages
    message = received.message
    assert "Bcc" not in message
    assert message.get_all("Subject") == [message["Subject"]]
    assert message["Subject"].startswith("Factuur ")
    assert "\n" not in message["Subject"]
    assert "evil@example.com" not in received.rcpt_tos
    assert message.defects == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Factuur 2026-00001", "Factuur 2026-00001"),
        ("  a \r\n\t b\u2028c\x85d\x0be\x0cf\x00g  ", "a b c d e f g"),
        ("=?utf-8?b?eA0KQmNjOiB4?=", "= ?utf-8?b?eA0KQmNjOiB4?="),
        ("==?=?", "== ?= ?"),
        ("=\r\n?", "= ?"),
        ("\udce2\udc80\udca8", "\ufffd\ufffd\ufffd"),
    ],
    ids=["plain", "breaks", "encoded-word", "repeated-openers", "broken-opener", "surrogates"],
)
def test_header_text_leaves_nothing_that_ends_a_line_or_decodes(value: str, expected: str) -> None:
    assert header_text(value) == expected


def test_long_display_names_are_shortened_so_their_quotes_survive_folding() -> None:
    # CPython 3.11 drops the quotes when it splits a quoted display name over two lines, and
    # the name's "@" then made the address `"...attacker"@evil.example`.
    name = "a" * 80 + ", attacker@evil.example"
    message = parse(render_message(make_mail(to=(f'"{name}" <klant@example.com>',))))

    [address] = message["To"].addresses
    assert address.addr_spec == "klant@example.com"
    # (The stdlib puts a space before the encoded word it writes for "…".)
    assert address.display_name.replace(" ", "") == "a" * 59 + "…"
    assert parse_address(f'"{name}" <klant@example.com>').display_name == "a" * 59 + "…"
    assert parse_address(f'"{"é" * 10}" <k@example.com>').display_name == "é" * 10


@pytest.mark.parametrize("field", ["sender", "to", "cc", "bcc", "reply_to", "only_recipients"])
@pytest.mark.parametrize(
    "address",
    [
        "klant@example.com\r\nBcc: evil@example.com",
        "klant@example.com\nRCPT TO:<evil@example.com>",
        "klant@example.com\x00",
        "Evil\r\nBcc: evil@example.com <klant@example.com>",
    ],
)
async def test_control_characters_in_addresses_are_refused(
    smtp_server: SmtpServer, field: str, address: str
) -> None:
    value: Any = address if field in ("sender", "reply_to") else (address,)
    mail = make_mail(**{field: value})
    sessions = count_connections(smtp_server)

    with pytest.raises(ValueError, match="control character"):
        render_message(mail)
    with pytest.raises(ValueError, match="control character"):
        await SmtpTransport(smtp_settings(smtp_server.port)).send(mail)
    assert sessions == []
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    "address",
    ["klant", "klant@", "@example.com", "a@b.nl, c@d.nl", "klant@exa mple.com", "zoë@example.com"],
)
def test_invalid_addresses_are_refused(address: str) -> None:
    with pytest.raises(ValueError, match="invalid e-mail"):
        render_message(make_mail(to=(address,)))


def test_display_names_with_specials_are_quoted_not_split() -> None:
    message = parse(render_message(make_mail(to=('"Vries, Jan" <jan@example.com>',))))

    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Vries, Jan", "jan@example.com")
    ]


@pytest.mark.parametrize(
    "message_id",
    [
        "mail_1@invoicer.example",
        "<mail_1@invoicer.example>\r\nBcc: x@y.z",
        "<mail 1@x.y>",
        "<a>",
        "<a<b@c>",
        "<a@b@c>",
        "<../escape@invoicer.example>",
    ],
)
def test_invalid_message_id_is_refused(message_id: str) -> None:
    with pytest.raises(ValueError, match="Message-ID"):
        render_message(make_mail(message_id=message_id))


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [("a\r\nb.pdf", "application/pdf"), ("", "application/pdf"), ("a.pdf", "pdf")],
)
def test_invalid_attachments_are_refused(filename: str, content_type: str) -> None:
    with pytest.raises(ValueError, match=r"attachment|content type"):
        render_message(make_mail(attachments=(Attachment(filename, content_type, PDF),)))


def test_naive_date_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        build_message(make_mail(date=datetime(2026, 1, 5, 9, 30)))  # noqa: DTZ001


# --- connections ---------------------------------------------------------------------------


async def test_batch_sends_over_one_connection(smtp_server: SmtpServer) -> None:
    sessions = count_connections(smtp_server)
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        for number in range(5):
            result = await transport.send(make_mail(message_id=f"<mail_{number}@invoicer.example>"))
            assert result.addresses(ACCEPTED) == envelope_recipients(make_mail())

    assert len(sessions) == 1
    assert [m.message["Message-ID"] for m in smtp_server.messages] == [
        f"<mail_{number}@invoicer.example>" for number in range(5)
    ]


async def test_send_outside_a_batch_uses_one_connection_per_mail(
    smtp_server: SmtpServer,
) -> None:
    sessions = count_connections(smtp_server)
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    await transport.send(make_mail())
    await transport.send(make_mail())

    assert len(sessions) == 2
    assert len(smtp_server.messages) == 2


async def test_batch_reconnects_when_the_server_restarted(smtp_server: SmtpServer) -> None:
    sessions = count_connections(smtp_server)
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        first = await transport.send(make_mail(message_id="<first@invoicer.example>"))
        smtp_server.stop()
        smtp_server.start()
        second = await transport.send(make_mail(message_id="<second@invoicer.example>"))

    assert set(statuses(first).values()) == {ACCEPTED}
    assert set(statuses(second).values()) == {ACCEPTED}
    assert len(sessions) == 2
    assert [m.message["Message-ID"] for m in smtp_server.messages] == [
        "<first@invoicer.example>",
        "<second@invoicer.example>",
    ]


async def test_batch_reconnects_once_when_an_idle_connection_gets_421(
    smtp_server: SmtpServer,
) -> None:
    sessions = count_connections(smtp_server)
    mail_from_replies: list[str] = []
    script_mail_from(smtp_server, mail_from_replies)
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        await transport.send(make_mail())
        mail_from_replies.append("421 4.4.2 Idle too long, closing")
        result = await transport.send(make_mail())

    assert set(statuses(result).values()) == {ACCEPTED}
    assert len(sessions) == 2
    assert len(smtp_server.messages) == 2


async def test_421_on_a_fresh_connection_is_deferred_without_a_second_try(
    smtp_server: SmtpServer,
) -> None:
    script_mail_from(smtp_server, ["421 4.3.2 System not accepting messages"])

    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(make_mail())

    assert set(statuses(result).values()) == {DEFERRED}
    assert {(r.code, r.reply) for r in result.results} == {
        (421, "4.3.2 System not accepting messages")
    }
    assert smtp_server.messages == []


# --- outcomes per recipient ----------------------------------------------------------------


async def test_each_recipient_gets_its_own_rcpt_outcome(smtp_server: SmtpServer) -> None:
    smtp_server.handler.rcpt_replies["klant@example.com"] = "451 4.3.0 Try again later"
    smtp_server.handler.rcpt_replies["boekhouding@example.com"] = "550 5.1.1 No such user"

    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(make_mail())

    assert result.results == (
        RecipientResult("klant@example.com", DEFERRED, 451, "4.3.0 Try again later"),
        RecipientResult("boekhouding@example.com", REJECTED, 550, "5.1.1 No such user"),
        RecipientResult("archief@acme.example", ACCEPTED, 250, "Message accepted for delivery"),
    )
    assert result.addresses(DEFERRED) == ("klant@example.com",)
    [received] = smtp_server.messages
    assert received.rcpt_tos == ["archief@acme.example"]


async def test_all_recipients_refused_is_a_result_and_the_connection_stays_usable(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.handler.rcpt_replies["klant@example.com"] = "452 4.2.2 Mailbox full"
    smtp_server.handler.rcpt_replies["boekhouding@example.com"] = "550 5.1.1 No such user"
    sessions = count_connections(smtp_server)
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        refused = await transport.send(make_mail(bcc=()))
        accepted = await transport.send(make_mail(to=("ander@example.com",), cc=(), bcc=()))

    assert [(r.status, r.code) for r in refused.results] == [(DEFERRED, 452), (REJECTED, 550)]
    assert statuses(accepted) == {"ander@example.com": ACCEPTED}
    assert len(sessions) == 1
    assert [m.rcpt_tos for m in smtp_server.messages] == [["ander@example.com"]]


@pytest.mark.parametrize(
    ("reply", "status", "code"),
    [
        ("451 4.3.0 Temporary failure, try later", DEFERRED, 451),
        ("554 5.7.1 Message refused as spam", REJECTED, 554),
    ],
)
async def test_data_reply_applies_to_every_recipient(
    smtp_server: SmtpServer, reply: str, status: RecipientStatus, code: int
) -> None:
    smtp_server.handler.data_reply = reply

    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(make_mail())

    assert {(r.status, r.code, r.reply) for r in result.results} == {(status, code, reply[4:])}
    assert len(result.results) == 3


async def test_recipient_refused_at_rcpt_keeps_its_reason_when_data_fails(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.handler.rcpt_replies["klant@example.com"] = "550 5.1.1 No such user"
    smtp_server.handler.data_reply = "451 4.3.0 Try again later"

    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(make_mail())

    assert [(r.address, r.status, r.code) for r in result.results] == [
        ("klant@example.com", REJECTED, 550),
        ("boekhouding@example.com", DEFERRED, 451),
        ("archief@acme.example", DEFERRED, 451),
    ]


@pytest.mark.parametrize(
    ("reply", "status"),
    [("451 4.7.1 Greylisted", DEFERRED), ("550 5.7.1 Sender not allowed", REJECTED)],
)
async def test_mail_from_reply_applies_to_every_recipient(
    smtp_server: SmtpServer, reply: str, status: RecipientStatus
) -> None:
    script_mail_from(smtp_server, [reply])
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        refused = await transport.send(make_mail())
        after = await transport.send(make_mail())

    assert {(r.status, r.code, r.reply) for r in refused.results} == {
        (status, int(reply[:3]), reply[4:])
    }
    assert set(statuses(after).values()) == {ACCEPTED}


async def test_server_down_defers_everyone_without_raising() -> None:
    port = free_port()  # nothing listens here

    result = await SmtpTransport(smtp_settings(port)).send(make_mail())

    assert set(statuses(result).values()) == {DEFERRED}
    assert {r.code for r in result.results} == {None}
    assert all(str(port) in r.reply for r in result.results)


async def test_server_that_never_greets_times_out_as_deferred() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel completes the handshake; no greeting ever comes
        port = silent.getsockname()[1]

        result = await SmtpTransport(smtp_settings(port, smtp_timeout_seconds=0.2)).send(
            make_mail()
        )

    assert set(statuses(result).values()) == {DEFERRED}
    assert all("ready" in r.reply.lower() for r in result.results)


async def test_server_down_inside_a_batch_defers_and_later_mails_retry_the_connection(
    smtp_server: SmtpServer,
) -> None:
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        smtp_server.stop()
        down = await transport.send(make_mail())
        smtp_server.start()
        up = await transport.send(make_mail())

    assert set(statuses(down).values()) == {DEFERRED}
    assert set(statuses(up).values()) == {ACCEPTED}


async def test_only_recipients_limits_the_envelope_not_the_headers(
    smtp_server: SmtpServer,
) -> None:
    mail = make_mail(only_recipients=("BOEKHOUDING@example.com",))

    result = await SmtpTransport(smtp_settings(smtp_server.port)).send(mail)

    assert result.results == (
        RecipientResult("boekhouding@example.com", ACCEPTED, 250, "Message accepted for delivery"),
    )
    [received] = smtp_server.messages
    assert received.rcpt_tos == ["boekhouding@example.com"]
    assert [a.addr_spec for a in received.message["To"].addresses] == ["klant@example.com"]
    assert [a.addr_spec for a in received.message["Cc"].addresses] == ["boekhouding@example.com"]
    assert received.message["Message-ID"] == MESSAGE_ID


@pytest.mark.parametrize(
    "only", [(), ("vreemde@example.com",), ("klant@example.com", "vreemde@example.com")]
)
def test_only_recipients_must_be_some_of_the_mails_recipients(only: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="recipient"):
        envelope_recipients(make_mail(only_recipients=only))


def slow_data(server: SmtpServer, delays: list[float]) -> None:
    """Store each message as usual, then wait the next of `delays` before answering DATA."""
    store = server.handler.handle_DATA

    async def handle_DATA(smtp: Any, session: Any, envelope: Any) -> str:
        reply = await store(smtp, session, envelope)
        await asyncio.sleep(delays.pop(0) if delays else 0)
        return reply

    server.handler.handle_DATA = handle_DATA  # type: ignore[method-assign,assignment]


async def test_reply_to_data_lost_is_deferred_and_the_retry_repeats_the_message_id(
    smtp_server: SmtpServer,
) -> None:
    slow_data(smtp_server, [1.0])
    transport = SmtpTransport(smtp_settings(smtp_server.port, smtp_timeout_seconds=0.2))

    first = await transport.send(make_mail())
    retry = await transport.send(make_mail(only_recipients=first.addresses(DEFERRED)))

    # At least once: the server had the message when our wait for its reply ran out, so the
    # retry delivers it twice, both times with the Message-ID a receiver can recognise.
    assert set(statuses(first).values()) == {DEFERRED}
    assert {r.code for r in first.results} == {None}
    assert set(statuses(retry).values()) == {ACCEPTED}
    assert [m.message["Message-ID"] for m in smtp_server.messages] == [MESSAGE_ID, MESSAGE_ID]


async def test_cancelled_send_drops_the_connection_and_the_batch_goes_on(
    smtp_server: SmtpServer,
) -> None:
    sessions = count_connections(smtp_server)
    slow_data(smtp_server, [0.3])
    transport = SmtpTransport(smtp_settings(smtp_server.port))

    async with transport:
        with anyio.move_on_after(0.1) as scope:
            await transport.send(make_mail(message_id="<cancelled@invoicer.example>"))
        after = await transport.send(make_mail())

    assert scope.cancelled_caught
    assert set(statuses(after).values()) == {ACCEPTED}
    # A half-finished session is never reused: the second mail had a connection of its own.
    assert len(sessions) == 2


async def test_a_batch_cannot_be_entered_twice() -> None:
    transport = SmtpTransport(smtp_settings(25))

    async with transport:
        with pytest.raises(RuntimeError, match="already"):
            await transport.__aenter__()


# --- TLS and AUTH --------------------------------------------------------------------------


@dataclass
class Credentials:
    seen: list[tuple[str, bytes, bytes]]

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.seen.append((mechanism, auth_data.login, auth_data.password))
        success = (auth_data.login, auth_data.password) == (b"acme", b"geheim")
        # handled=False: aiosmtpd sends the 235/535 reply itself.
        return AuthResult(success=success, handled=False)


@pytest.fixture(scope="module")
def certificates() -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting it) for 127.0.0.1."""
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    return server_context, client_context


@pytest.mark.parametrize(("password", "status"), [("geheim", ACCEPTED), ("fout", DEFERRED)])
async def test_starttls_then_auth(
    certificates: tuple[ssl.SSLContext, ssl.SSLContext], password: str, status: RecipientStatus
) -> None:
    server_context, client_context = certificates
    credentials = Credentials([])
    # The server offers AUTH only after STARTTLS and takes no mail without it.
    server = ConfiguredServer(
        tls_context=server_context,
        require_starttls=True,
        authenticator=credentials,
        auth_required=True,
    )
    settings = smtp_settings(
        server.port,
        smtp_tls=SmtpTls.starttls,
        smtp_username="acme",
        smtp_password=password,
    )

    with running(server):
        result = await SmtpTransport(settings, tls_context=client_context).send(make_mail())

    assert set(statuses(result).values()) == {status}
    assert {login for _, login, _ in credentials.seen} == {b"acme"}
    assert len(server.messages) == (1 if status is ACCEPTED else 0)
    if status is DEFERRED:
        assert {r.code for r in result.results} == {535}


async def test_auth_without_tls() -> None:
    credentials = Credentials([])
    server = ConfiguredServer(authenticator=credentials, auth_require_tls=False)
    settings = smtp_settings(server.port, smtp_username="acme", smtp_password="geheim")

    with running(server):
        result = await SmtpTransport(settings).send(make_mail())

    assert set(statuses(result).values()) == {ACCEPTED}
    assert [(login, password) for _, login, password in credentials.seen] == [(b"acme", b"geheim")]


async def test_implicit_tls(certificates: tuple[ssl.SSLContext, ssl.SSLContext]) -> None:
    server_context, client_context = certificates
    server = ConfiguredServer(ssl_context=server_context)
    settings = smtp_settings(server.port, smtp_tls=SmtpTls.tls)

    with running(server):
        trusted = await SmtpTransport(settings, tls_context=client_context).send(make_mail())
        # The system trust store does not know the test authority: never sent in the clear.
        untrusted = await SmtpTransport(settings).send(make_mail())

    assert set(statuses(trusted).values()) == {ACCEPTED}
    assert set(statuses(untrusted).values()) == {DEFERRED}
    assert all("certificate" in r.reply.lower() for r in untrusted.results)
    assert len(server.messages) == 1


async def test_starttls_required_but_not_offered_is_deferred(smtp_server: SmtpServer) -> None:
    settings = smtp_settings(smtp_server.port, smtp_tls=SmtpTls.starttls)

    result = await SmtpTransport(settings).send(make_mail())

    assert set(statuses(result).values()) == {DEFERRED}
    assert smtp_server.messages == []


# --- file transport ------------------------------------------------------------------------


async def test_file_transport_writes_the_same_message(tmp_path: Path) -> None:
    mail = make_mail(html="<p>Factuur</p>")
    transport = FileTransport(tmp_path / "mail")

    async with transport:
        result = await transport.send(mail)

    [written] = listing(tmp_path / "mail")
    assert written == transport.path_for(MESSAGE_ID)
    assert written.name == "mail_01JQ7Z8X9Y0ABCDEFGHJKMNPQR@invoicer.example.eml"
    assert set(statuses(result).values()) == {ACCEPTED}
    assert len(result.results) == 3
    message = parse(written.read_bytes())
    assert message["Message-ID"] == MESSAGE_ID
    assert message["Subject"] == SUBJECT
    assert "Bcc" not in message
    assert [a.addr_spec for a in message["To"].addresses] == ["klant@example.com"]
    [attachment] = message.iter_attachments()
    assert attachment.get_content() == PDF
    assert message.get_body(("html",)) is not None


async def test_file_transport_retry_replaces_the_same_file(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path)

    await transport.send(make_mail(subject="eerste"))
    await transport.send(make_mail(subject="tweede"))

    [written] = listing(tmp_path)
    assert parse(written.read_bytes())["Subject"] == "tweede"


async def test_file_transport_leaves_no_partial_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)

    result = await FileTransport(tmp_path).send(make_mail())

    assert set(statuses(result).values()) == {DEFERRED}
    assert all("No space left" in r.reply for r in result.results)
    assert listing(tmp_path) == []


async def test_file_transport_keeps_odd_message_ids_apart_and_inside_the_directory(
    tmp_path: Path,
) -> None:
    transport = FileTransport(tmp_path / "mail")

    # "/" is legal in a Message-ID; replaced, it must not make the first two share a file.
    for message_id in ("<a/.b@x.example>", "<a_.b@x.example>", "<a@x>"):
        await transport.send(make_mail(message_id=message_id))

    names = [path.name for path in listing(tmp_path / "mail")]
    assert len(names) == 3
    assert "a@x.eml" in names
    assert all(not name.startswith(".") and "/" not in name for name in names)
    assert [path.name for path in listing(tmp_path)] == ["mail"]


def test_transport_for_follows_the_settings(tmp_path: Path) -> None:
    file_settings = Settings(mail_dir=tmp_path, _env_file=None)

    assert isinstance(transport_for(file_settings), FileTransport)
    assert isinstance(transport_for(smtp_settings(25)), SmtpTransport)
