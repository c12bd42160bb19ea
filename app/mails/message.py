"""The outgoing mail as bytes: the `OutgoingMail` the outbox stores, its MIME message and the
bytes that go over the wire. No I/O; the transports (`app.mails.transport`) hand these bytes over.

- The message bytes are 7-bit clean, so they pass every relay, with or without 8BITMIME, and both
  transports produce the same bytes for the same mail (apart from the random MIME boundaries,
  and the Date when the mail gives none).
- User text (subject, display names, attachment file names) enters a header only through
  `header_text`, and addresses only through `parse_address`, so no value can start a header of
  its own or smuggle in an SMTP command.
"""

from __future__ import annotations

import email.policy
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.generator import BytesGenerator
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime

from app import clock


class _HeaderClasses(HeaderRegistry):
    """The stdlib registry creates a new class for every header it parses or folds; creating
    each once per header name makes building a message about 1.5x faster."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


# 7bit: non-ASCII text goes out quoted-printable, so no relay has to downgrade 8-bit content.
_POLICY = email.policy.SMTP.clone(cte_type="7bit", header_factory=_HeaderClasses())

# RFC 5322 dot-atom local part; quoted local parts are legal but never seen in invoicing.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATEXT}(?:\.{_ATEXT})*"
_LOCAL_PART = re.compile(_DOT_ATOM)
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_NAME_ADDR = re.compile(r"(?P<name>[^<>]*)<(?P<addr>[^<>]*)>")
# Anything that could end a header line or hide in one: C0 controls (CR, LF, vertical tab, form
# feed, the file/group/record separators), DEL, C1 controls (next line U+0085) and the Unicode
# line and paragraph separators; together every line boundary of `str.splitlines`.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_RUN = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")
# The stdlib turns lone surrogates \udc80-\udcff back into raw bytes before decoding them as
# UTF-8, so "\udce2\udc80\udca8" would become U+2028 after our check; others make it raise.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MESSAGE_ID = re.compile(rf"<{_DOT_ATOM}@{_DOT_ATOM}>")  # RFC 5322 msg-id, no domain literal
_TOKEN = r"[A-Za-z0-9!#$&^_.+-]+"
_CONTENT_TYPE = re.compile(rf"({_TOKEN})/({_TOKEN})")


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class OutgoingMail:
    """One mail as the outbox stores it.

    Addresses are `addr@example.com` or `Display Name <addr@example.com>`. `only_recipients`
    narrows the envelope on a retry to the recipients that were deferred last time; the To and
    Cc headers still show everyone. `date` is the Date header (aware); `None` means now.
    """

    message_id: str  # "<mail_01J...@invoicer.example>": set once, reused on every retry
    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None
    date: datetime | None = None
    only_recipients: tuple[str, ...] | None = None


def header_text(value: str) -> str:
    """`value` made safe as the text of a header: the one way user text enters a header (the
    subject, display names, attachment file names).

    The stdlib email package decodes RFC 2047 encoded words (`=?utf-8?b?...?=`) in any value it
    is given and, on CPython 3.11.7, writes the decoded text out as it is: a CR/LF inside an
    encoded word becomes a new header line. So every decoding must be impossible, not just the
    literal line breaks. Visible changes, all needed for that and nothing more:

    - each run of control characters and line or paragraph separators (C0 and C1 controls with
      CR, LF, tab, vertical tab, form feed, U+0085, U+2028, U+2029), with the whitespace around
      it, becomes one space; the text is then trimmed;
    - lone surrogates become U+FFFD (the stdlib would turn some of them into bytes, and those
      bytes into a line separator);
    - every `=?` is written `= ?`: each encoded word starts with `=?`, so none is left to
      decode, on any CPython and in any receiving mail program. The replacement cannot form a
      new `=?`.
    """
    text = _SURROGATE.sub("\ufffd", value)
    text = _CONTROL_RUN.sub(" ", text).strip()
    return text.replace("=?", "= ?")


def parse_address(value: str) -> Address:
    """Parse `addr@example.com` or `Name <addr@example.com>`; `ValueError` when invalid.

    Control characters (CR, LF, NUL, ...) are refused outright, so no address can smuggle in a
    header or an SMTP command; the display name goes through `header_text`. Internationalised
    domains are converted to their ASCII form; non-ASCII local parts would need SMTPUTF8 and
    are refused.
    """
    if _CONTROL.search(value):
        raise ValueError(f"control character in e-mail address {value!r}")
    text = value.strip()
    name, addr = "", text
    if match := _NAME_ADDR.fullmatch(text):
        name, addr = match["name"].strip(), match["addr"].strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = re.sub(r"\\(.)", r"\1", name[1:-1])
    local, at, domain = addr.rpartition("@")
    if not at or not _LOCAL_PART.fullmatch(local) or len(local) > 64:
        raise ValueError(f"invalid e-mail address {value!r}")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"invalid e-mail domain in {value!r}") from exc
    labels = ascii_domain.split(".")
    if len(ascii_domain) > 253 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"invalid e-mail domain in {value!r}")
    return Address(display_name=_display_name(name), username=local, domain=ascii_domain)


# CPython 3.11 drops the quotes of a quoted display name that it has to split over two lines,
# and `"Jan, attacker@evil.example..." <jan@...>` then reads as another address. A name whose
# quoted form fits on a line of its own is never split.
_DISPLAY_NAME_MAX = 60


def _display_name(name: str) -> str:
    """`header_text(name)`, shortened to `_DISPLAY_NAME_MAX` characters in quoted form (quotes
    and backslashes count twice), ending in "…" when shortened."""
    text = header_text(name)

    def quoted_length(value: str) -> int:
        return len(value) + value.count('"') + value.count("\\")

    if quoted_length(text) <= _DISPLAY_NAME_MAX:
        return text
    while quoted_length(text) > _DISPLAY_NAME_MAX - 1:
        text = text[:-1]
    return f"{text.rstrip()}…"


def envelope_recipients(mail: OutgoingMail) -> tuple[str, ...]:
    """The RCPT TO addresses: To + Cc + Bcc, first spelling of each kept, duplicates removed
    case-insensitively; or `only_recipients` (which must be among them) on a retry."""
    everyone = _unique(parse_address(value).addr_spec for value in (*mail.to, *mail.cc, *mail.bcc))
    if mail.only_recipients is None:
        chosen = everyone
    else:
        known = {address.lower(): address for address in everyone}
        wanted = _unique(parse_address(value).addr_spec for value in mail.only_recipients)
        strangers = [address for address in wanted if address.lower() not in known]
        if strangers:
            raise ValueError(f"only_recipients not among the mail's recipients: {strangers}")
        # The mail's own spelling, so results match the addresses the outbox stored.
        chosen = tuple(known[address.lower()] for address in wanted)
    if not chosen:
        raise ValueError("a mail needs at least one recipient")
    return chosen


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The MIME message: text/plain, or multipart/alternative with the HTML, wrapped in
    multipart/mixed when there are attachments. Bcc never appears in the headers."""
    if not _MESSAGE_ID.fullmatch(mail.message_id):
        raise ValueError(f"invalid Message-ID {mail.message_id!r}")
    date = mail.date if mail.date is not None else clock.now()
    if date.tzinfo is None:
        raise ValueError("the Date of a mail must be timezone-aware")
    message = EmailMessage(policy=_POLICY)
    message["From"] = parse_address(mail.sender)
    if mail.to:
        message["To"] = [parse_address(value) for value in mail.to]
    if mail.cc:
        message["Cc"] = [parse_address(value) for value in mail.cc]
    if mail.reply_to is not None:
        message["Reply-To"] = parse_address(mail.reply_to)
    # A subject is user text: it can never start a new header, not even after decoding.
    message["Subject"] = header_text(mail.subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = mail.message_id
    message.set_content(mail.text, charset="utf-8")
    if mail.html is not None:
        message.make_alternative(boundary=_boundary())
        message.add_alternative(mail.html, subtype="html", charset="utf-8")
    if mail.attachments:
        message.make_mixed(boundary=_boundary())
    for attachment in mail.attachments:
        maintype, subtype = _split_content_type(attachment.content_type)
        # File names are ours (made from invoice numbers): a control character is a bug.
        if not attachment.filename.strip() or _CONTROL.search(attachment.filename):
            raise ValueError(f"invalid attachment file name {attachment.filename!r}")
        # The parameter parser decodes encoded words inside the quoted file name too. The policy
        # writes non-ASCII file names as RFC 2231 parameters.
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=header_text(attachment.filename),
        )
    for part in message.iter_parts():
        _drop_mime_version(part)
    return message


class _Generator(BytesGenerator):
    """The standard generator, except that a base64 attachment body is written in one piece.

    The stdlib writes a body line by line (two writes per 76 characters: about a third of the
    CPU of a mail with a 30 KB PDF). A base64 body is plain ASCII in lines of its own, so writing
    it with the line ends replaced gives the same bytes (a test compares both)."""

    def _handle_application(self, msg: MIMEPart) -> None:
        payload = msg.get_payload()
        if (
            isinstance(payload, str)
            and str(msg.get("content-transfer-encoding", "")).lower() == "base64"
            and payload.isascii()
            and "\r" not in payload
        ):
            # The generator's own output stream and line end (private, not in typeshed).
            linesep: str = self._NL  # type: ignore[attr-defined]
            self._fp.write(payload.replace("\n", linesep).encode("ascii"))  # type: ignore[attr-defined]
        else:
            self._handle_text(msg)  # type: ignore[attr-defined]


def message_bytes(message: EmailMessage) -> bytes:
    """`message.as_bytes()`, faster for attachments."""
    out = io.BytesIO()
    _Generator(out, mangle_from_=False, policy=message.policy).flatten(message)
    return out.getvalue()


def render_message(mail: OutgoingMail) -> bytes:
    """The bytes that go over the wire (CRLF line ends), after validating the envelope too."""
    envelope_recipients(mail)
    return message_bytes(build_message(mail))


def _unique(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for address in addresses:
        seen.setdefault(address.lower(), address)
    return tuple(seen.values())


def _drop_mime_version(part: EmailMessage | MIMEPart) -> None:
    # The stdlib gives every body part its own MIME-Version; only the message needs one.
    del part["MIME-Version"]
    for child in part.iter_parts():
        _drop_mime_version(child)


def _boundary() -> str:
    # "=_" never occurs in base64 or quoted-printable, and 128 random bits make a clash with a
    # 7bit text part hopeless, so the generator need not scan the body for it (a quarter of
    # the build time with a PDF attached).
    return f"=_{secrets.token_hex(16)}"


def _split_content_type(content_type: str) -> tuple[str, str]:
    match = _CONTENT_TYPE.fullmatch(content_type.strip())
    if match is None:
        raise ValueError(f"invalid content type {content_type!r}")
    return match[1].lower(), match[2].lower()
