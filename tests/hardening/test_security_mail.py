"""Security regressions of issue 18: mail headers, HTML bodies and addresses.

1. Header injection through RFC 2047 encoded words: the stdlib decodes `=?utf-8?b?...?=` in any
   header value it is given and (CPython 3.11.7) writes a CR/LF inside it out as a new header
   line. Subjects, placeholder values in subjects, display names and attachment file names.
3. Placeholder values in HTML bodies: a customer's name is data, never markup.
6. Addresses the mailer cannot send (non-ASCII local parts, IDN domains) are refused or stored
   in their ASCII form, and the Message-ID domain is always ASCII.
"""

from __future__ import annotations

import base64
import email
import email.policy
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from email.message import EmailMessage
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import placeholders
from app.mails.message import Attachment, OutgoingMail, render_message
from app.mails.service import message_id
from tests.support.assertions import assert_problem
from tests.support.factories import create_customer, create_invoice, finalize
from tests.support.smtp import Received, SmtpServer

pytestmark = pytest.mark.anyio

ATTACK = "x\r\nReply-To: attacker@evil.example"


def b_word(text: str, charset: str = "utf-8") -> str:
    data = base64.b64encode(text.encode(charset, "replace")).decode()
    return f"=?{charset}?b?{data}?="


def q_word(text: str, charset: str = "utf-8") -> str:
    # RFC 2047 Q: letters and digits as they are, space as `_`, every other byte as =XX.
    data = "".join(
        chr(byte) if chr(byte).isalnum() and byte < 128 else "_" if byte == 32 else f"={byte:02X}"
        for byte in text.encode(charset, "replace")
    )
    return f"=?{charset}?q?{data}?="


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


_BOUNDARY_LINE = re.compile(r"--=_[0-9a-f]{32}(--)?")
_HEADER_START = re.compile(r"([A-Za-z0-9-]+):")


def header_lines(data: bytes) -> list[str]:
    """The names of the header lines of the message and of each of its MIME parts, in order.

    Continuation lines (starting with a space or tab) belong to the header before them; any
    other line in a header block that is no `Name:` line is reported as `!` + the line, so an
    injected line always changes the list."""
    names: list[str] = []
    in_headers = True
    for line in data.decode("ascii").split("\r\n"):
        if in_headers:
            if line == "":
                in_headers = False
            elif line[0] in " \t":
                assert names, "a continuation line before any header"
            elif match := _HEADER_START.match(line):
                names.append(match[1])
            else:
                names.append(f"!{line}")
        elif match := _BOUNDARY_LINE.fullmatch(line):
            in_headers = match[1] is None
    return names


# --- 1. header injection: a property over everything that reaches a header --------------------

# Every line break some decoder honours, and C0/C1 controls besides.
BREAKS = ["\r\n", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1e", "\x00"]
INJECTED = ["Reply-To: attacker@evil.example", "Bcc: evil@example.org", "", "X-Evil: 1\r\n\r\nbody"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_attacks = st.builds(
    lambda before, line_break, line: f"{before}{line_break}{line}",
    st.text(max_size=6),
    st.sampled_from(BREAKS),
    st.sampled_from(INJECTED),
)


@st.composite
def encoded_words(draw: st.DrawFn) -> str:
    text = draw(_attacks | st.text(max_size=12))
    charset = draw(st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "us-ascii"]))
    word = draw(st.sampled_from([b_word, q_word]))(text, charset)
    if draw(st.booleans()):
        word = word.replace("?b?", "?B?").replace("?q?", "?Q?")
    return word


_pieces = st.one_of(
    st.text(max_size=8),
    encoded_words(),
    _attacks,
    st.sampled_from(["=?", "?=", "==?", "=?=?", "=?utf-8?", "\udce2\udc80\udca8", "é", " "]),
)
# Arbitrary text with encoded words, line breaks and their parts, glued with or without spaces.
evil_text = st.lists(st.tuples(_pieces, st.sampled_from(["", " ", "\t", "\r\n "])), max_size=3).map(
    lambda pieces: "".join(piece + glue for piece, glue in pieces)
)


def display_name(text: str) -> str:
    """What the address syntax itself allows in a display name: no `<>`, no control characters
    (those refuse the whole address: tests/mails/test_transport.py)."""
    return _CONTROL.sub("", re.sub(r"[<>]", "", text))


_FACTS = placeholders.InvoiceFacts(
    number="2026-00001",
    invoice_date=date(2026, 1, 5),
    due_date=date(2026, 2, 4),
    subtotal=Decimal("100.00"),
    vat_total=Decimal("21.00"),
    total=Decimal("121.00"),
    customer_name="Jan",
    administration_name="Acme B.V.",
)
# Computed once: Babel formatting would dominate the property's run time.
_VALUES = placeholders.mail_values(today=date(2026, 1, 5), locale="nl", facts=_FACTS)
SUBJECT_TEMPLATES = [
    "Factuur [factuurnummer] van [administratie_naam]",
    "[klant_naam]",
    "Beste [klant_naam], factuur [factuurnummer] ([bedrijf_naam])",
]


def make_mail(
    *, subject: str, sender_name: str, to_name: str, filename: str | None = None
) -> OutgoingMail:
    return OutgoingMail(
        message_id="<mail_1@acme.example>",
        sender=f"{sender_name} <facturen@acme.example>",
        to=(f'"{to_name}" <klant@example.com>' if to_name else "klant@example.com",),
        subject=subject,
        text="t",
        attachments=() if filename is None else (Attachment(filename, "application/pdf", b"x"),),
        date=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    )


def harmless_headers(filename: str | None = None) -> list[str]:
    harmless = "f.pdf" if filename is not None else None
    mail = make_mail(subject="s", sender_name="Acme", to_name="Klant", filename=harmless)
    return header_lines(render_message(mail))


EXPECTED_HEADERS = harmless_headers()
EXPECTED_HEADERS_WITH_ATTACHMENT = harmless_headers("f.pdf")


def assert_safe(data: bytes, expected_headers: list[str]) -> EmailMessage:
    """The message has exactly the header lines of a harmless mail, the addresses it was given,
    and no text a reader parses back holds a control character or line break."""
    assert data.isascii()
    assert header_lines(data) == expected_headers
    message = parse(data)
    assert message.get_all("Reply-To") is None
    assert message.get_all("Bcc") is None
    # No display name turned into (part of) another address.
    assert [a.addr_spec for a in message["From"].addresses] == ["facturen@acme.example"]
    assert [a.addr_spec for a in message["To"].addresses] == ["klant@example.com"]
    texts = [
        str(message["Subject"]),
        message["From"].addresses[0].display_name,
        message["To"].addresses[0].display_name,
        *(part.get_filename() or "" for part in message.iter_attachments()),
    ]
    for text in texts:
        assert not _CONTROL.search(text), text
    # Not compared with the text given for equality: the stdlib's own encoded words come back
    # with spaces dropped, or undecoded when it writes one right after a word (cosmetic).
    return message


@settings(max_examples=2000, deadline=None)
@given(
    subject=evil_text,
    template=st.sampled_from(SUBJECT_TEMPLATES),
    value=evil_text,
    name=evil_text,
)
def test_no_subject_or_display_name_adds_a_header_line(
    subject: str, template: str, value: str, name: str
) -> None:
    """Whatever the text, encoded words or placeholder values in the subject and the display
    names: exactly the header lines of a harmless mail, and no line break parsed back.

    Three texts play every part (generating and folding text is all of the run time): the
    subject, a placeholder value (customer name; the sender's display name) and a name
    (administration name; the recipient's display name, quoted)."""
    values = _VALUES | {"klant_naam": value, "administratie_naam": f"{name} B.V."}
    mail = make_mail(
        subject=f"{placeholders.render(template, values)} {subject}",
        sender_name=display_name(value),
        # Quoted in `make_mail`: no quoting of its own.
        to_name=display_name(name).replace("\\", "").replace('"', ""),
    )
    assert_safe(render_message(mail), EXPECTED_HEADERS)


@settings(max_examples=500, deadline=None)
@given(name=evil_text)
def test_no_attachment_file_name_adds_a_header_line(name: str) -> None:
    """The file name is a quoted parameter, whose encoded words the stdlib decodes as well."""
    mail = make_mail(subject="s", sender_name="Acme", to_name="Klant", filename=f"{name}x.pdf")
    try:
        data = render_message(mail)
    except ValueError:
        # Control characters in a file name (made by us, from invoice numbers) are a bug.
        assert _CONTROL.search(name)
        return
    assert_safe(data, EXPECTED_HEADERS_WITH_ATTACHMENT)


def test_the_reported_reproduction_adds_no_header() -> None:
    word = b_word(ATTACK)
    data = render_message(
        OutgoingMail(
            message_id="<a@b.c>",
            sender=f"{word} <a@b.nl>",
            to=("c@d.nl",),
            subject=f"Hi {word}",
            text="t",
        )
    )

    assert b"\r\nReply-To:" not in data
    message = parse(data)
    assert "Reply-To" not in message
    assert message["Subject"] == f"Hi {word.replace('=?', '= ?')}"
    assert "\n" not in message["From"].addresses[0].display_name


async def wait_for_mail(client: httpx.AsyncClient, mail_id: str) -> dict[str, Any]:
    with anyio.fail_after(15):
        while True:
            mail: dict[str, Any] = (await client.get(f"/v1/mails/{mail_id}")).json()
            if mail["status"] in ("sent", "failed"):
                return mail
            await anyio.sleep(0.02)


def assert_no_injected_header(received: Received) -> None:
    assert b"\r\nReply-To:" not in received.data
    message = received.message
    assert "Reply-To" not in message
    assert message.get_all("Subject") == [message["Subject"]]
    assert not _CONTROL.search(str(message["Subject"]))
    assert received.rcpt_tos == ["jan@example.nl"]


@pytest.mark.parametrize("encode", [b_word, q_word], ids=["b", "q"])
async def test_encoded_crlf_in_a_customer_name_or_draft_subject_adds_no_header_over_smtp(
    client: httpx.AsyncClient, outbox: SmtpServer, encode: Any
) -> None:
    """End to end, real app and real SMTP server: the customer's name reaches the subject
    through `[klant_naam]` on finalise-and-send; a draft's subject is edited directly."""
    word = encode(ATTACK)
    template = await client.post(
        "/v1/email-templates",
        json={"name": "t", "subject": "Factuur [factuurnummer] voor [klant_naam]", "body": "b"},
    )
    assert template.status_code == 201, template.text
    customer = await create_customer(
        client, name=f"Jan {word}", email="jan@example.nl", delivery_method="email"
    )

    # The customer's name through a placeholder, finalise-and-send.
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = await finalize(
        client, invoice["id"], email_template_id=template.json()["id"], action="send"
    )
    assert final.status_code == 200, final.text
    mail = await wait_for_mail(client, final.json()["mail"]["id"])
    assert mail["status"] == "sent", mail
    [received] = outbox.messages
    assert_no_injected_header(received)
    assert received.message["Subject"] == mail["subject"].replace("=?", "= ?")

    # A draft whose subject is edited to hold the encoded word.
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = await finalize(
        client, invoice["id"], email_template_id=template.json()["id"], action="edit"
    )
    assert final.status_code == 200, final.text
    url = f"/v1/mails/{final.json()['mail']['id']}"
    etag = (await client.get(url)).headers["etag"]
    saved = await client.patch(url, json={"subject": f"Hi {word}"}, headers={"If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert (await client.post(f"{url}/send")).status_code == 200
    mail = await wait_for_mail(client, final.json()["mail"]["id"])
    assert mail["status"] == "sent", mail
    received = outbox.messages[1]
    assert_no_injected_header(received)
    assert received.message["Subject"] == f"Hi {word.replace('=?', '= ?')}"


# --- 3. placeholder values in HTML bodies ------------------------------------------------------

LINK = '<a href="https://evil.example/pay">Betaal hier</a>'


async def test_a_customer_name_is_not_markup_in_the_html_body(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    template = await client.post(
        "/v1/email-templates",
        json={
            "name": "html",
            "subject": "Factuur voor [klant_naam]",
            "body": "Beste [klant_naam],",
            "body_html": '<p>Beste <b title="x">[klant_naam]</b>,</p>',
        },
    )
    assert template.status_code == 201, template.text
    customer = await create_customer(
        client, name=LINK, email="jan@example.nl", delivery_method="email"
    )
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = await finalize(
        client, invoice["id"], email_template_id=template.json()["id"], action="send"
    )
    assert final.status_code == 200, final.text
    escaped = "&lt;a href=&quot;https://evil.example/pay&quot;&gt;Betaal hier&lt;/a&gt;"
    stored = final.json()["mail"]
    # The template's own HTML as written, the value escaped; plain texts stay plain.
    assert stored["body_html"] == f'<p>Beste <b title="x">{escaped}</b>,</p>'
    assert stored["body"] == f"Beste {LINK},"
    assert stored["subject"] == f"Factuur voor {LINK}"

    mail = await wait_for_mail(client, stored["id"])
    assert mail["status"] == "sent", mail
    [received] = outbox.messages
    html = received.message.get_body(("html",))
    assert html is not None
    assert "<a " not in html.get_content()
    assert escaped in html.get_content()


# --- 6. addresses the mailer can deliver ------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["jörg@example.nl", "ｊａｎ@example.nl", "zoë@bücher.example"],
    ids=["umlaut", "full-width", "both"],
)
async def test_non_ascii_local_parts_are_a_422_naming_the_field(
    client: httpx.AsyncClient, address: str
) -> None:
    problem = assert_problem(
        await client.post("/v1/customers", json={"name": "Jörg", "email": address}), 422
    )
    assert [error["loc"] for error in problem["errors"]] == [["body", "email"]]
    problem = assert_problem(
        await client.patch("/v1/administration", json={"sender_email": address}), 422
    )
    assert [error["loc"] for error in problem["errors"]] == [["body", "sender_email"]]
    assert (await client.get("/v1/customers")).json()["data"] == []


async def test_an_idn_sender_is_stored_in_ascii_and_its_mails_are_sent(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    administration = await client.patch(
        "/v1/administration", json={"sender_email": "facturen@BÜCHER.example"}
    )
    assert administration.status_code == 200, administration.text
    assert administration.json()["sender_email"] == "facturen@xn--bcher-kva.example"
    customer = await create_customer(client, email="jan@bücher.example", delivery_method="email")
    assert customer["email"] == "jan@xn--bcher-kva.example"
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = await finalize(client, invoice["id"], action="send")
    assert final.status_code == 200, final.text

    mail = await wait_for_mail(client, final.json()["mail"]["id"])
    assert mail["status"] == "sent", mail
    assert re.fullmatch(r"<mail_\w+@xn--bcher-kva\.example>", mail["message_id"])
    [received] = outbox.messages
    assert received.mail_from == "facturen@xn--bcher-kva.example"
    assert received.rcpt_tos == ["jan@xn--bcher-kva.example"]
    assert received.message["Message-ID"] == mail["message_id"]


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("facturen@bücher.example", "<mail_1@xn--bcher-kva.example>"),
        ("facturen@xn--bcher-kva.example", "<mail_1@xn--bcher-kva.example>"),
        ("facturen@example.nl", "<mail_1@example.nl>"),
        ("facturen@" + "ü" * 70 + ".example", "<mail_1@invoicer.invalid>"),
        ("facturen@[127.0.0.1]", "<mail_1@invoicer.invalid>"),
        ("", "<mail_1@invoicer.invalid>"),
    ],
)
def test_the_message_id_domain_is_ascii_even_for_a_stored_unicode_sender(
    sender: str, expected: str
) -> None:
    """Rows stored before addresses were normalised to ASCII may still hold `bücher.example`."""
    assert message_id("mail_1", sender) == expected
    render_message(
        OutgoingMail(
            message_id=expected, sender="a@example.nl", to=("b@example.nl",), subject="s", text="t"
        )
    )
