"""Outgoing mail: the MIME message and the transports that hand it to SMTP or to .eml files.

Delivery contract (the outbox relies on it):

- `send()` never raises for anything the server or the network does. Every envelope recipient
  gets a `RecipientResult`: `accepted`, `deferred` (try again later) or `rejected` (permanent),
  with the server's code and reply. Only programming errors raise (`ValueError` for an invalid
  address, Message-ID, content type or `only_recipients`).
- Delivery is at least once, never at most once: if the connection drops after the server
  received the message but before we read its reply to DATA, the recipients are `deferred` and a
  retry sends the same message again, with the same Message-ID, so a receiving system can
  recognise the duplicate.
- The message bytes are 7-bit clean, so they pass every relay, with or without 8BITMIME, and both
  transports produce the same bytes for the same mail (apart from the random MIME boundaries,
  and the Date when the mail gives none).
"""

from __future__ import annotations

import asyncio
import email.policy
import hashlib
import io
import os
import re
import secrets
import ssl
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.generator import BytesGenerator
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

import aiosmtplib
import anyio.to_thread

from app import clock
from app.config import MailTransport as TransportKind
from app.config import Settings, SmtpTls


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
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._@+-]")


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


class RecipientStatus(StrEnum):
    accepted = "accepted"
    deferred = "deferred"  # temporary: retry this recipient later
    rejected = "rejected"  # permanent: do not retry


@dataclass(frozen=True, slots=True)
class RecipientResult:
    address: str  # the envelope address (addr-spec, no display name)
    status: RecipientStatus
    code: int | None  # SMTP reply code; None when there was no reply (network, file transport)
    reply: str


@dataclass(frozen=True, slots=True)
class SendResult:
    results: tuple[RecipientResult, ...]  # one per envelope recipient, in envelope order

    def addresses(self, status: RecipientStatus) -> tuple[str, ...]:
        return tuple(result.address for result in self.results if result.status is status)


class MailTransport(Protocol):
    """Sends mails. `async with transport:` is a batch that may reuse one connection for many
    sends; `send` also works outside a batch (one connection per mail). Not for concurrent use
    from several tasks at once; sends on one transport are serialised."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def send(self, mail: OutgoingMail) -> SendResult: ...


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


class SmtpTransport:
    """Sends over SMTP with aiosmtplib, as configured by the `smtp_*` settings.

    Inside `async with transport:` one connection serves every send; it is opened at the first
    send (so entering a batch never fails) and closed with QUIT at the end. When the server has
    dropped the connection between two mails (idle timeout, 421), the next send reconnects once
    and goes on. `tls_context` replaces the default certificate verification (a private CA, tests).

    Outcome per envelope recipient:

    - RCPT TO refused: 4xx -> `deferred`, 5xx -> `rejected`, with that code and reply.
    - MAIL FROM or DATA refused: every recipient still open gets that code: 4xx `deferred`,
      5xx `rejected`. Recipients refused at RCPT keep their own result.
    - Accepted: code and reply of the server's answer to DATA (usually carrying its queue id).
    - No answer (connection refused or lost, timeout, TLS failure) and failures of the session
      itself (greeting, EHLO, STARTTLS, AUTH, even with 5xx): every recipient still open is
      `deferred`, so the outbox retries with backoff; such failures concern the transport
      configuration, not this mail, and end as `failed` only when the retries run out.
    - Codes outside 4xx/5xx where an error was expected count as `deferred`.
    """

    def __init__(self, settings: Settings, *, tls_context: ssl.SSLContext | None = None) -> None:
        password = settings.smtp_password
        # One client object for the transport's life: aiosmtplib resolves our own host name
        # (getfqdn) once per object, not once per connection.
        self._client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password.get_secret_value() if password is not None else None,
            timeout=settings.smtp_timeout_seconds,
            use_tls=settings.smtp_tls is SmtpTls.tls,
            # Never opportunistic: `none` means plain text, `starttls` fails without STARTTLS.
            start_tls=settings.smtp_tls is SmtpTls.starttls,
            tls_context=tls_context,
        )
        self._lock = asyncio.Lock()
        self._in_batch = False

    async def __aenter__(self) -> Self:
        if self._in_batch:
            raise RuntimeError("this transport is already in a batch")
        self._in_batch = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._in_batch = False
        async with self._lock:
            await self._disconnect()

    async def send(self, mail: OutgoingMail) -> SendResult:
        envelope = envelope_recipients(mail)
        data = message_bytes(build_message(mail))
        sender = parse_address(mail.sender).addr_spec
        async with self._lock:
            try:
                return await self._send(sender, envelope, data)
            except BaseException:
                # Cancelled halfway: the session state is unknown, so it must not be reused.
                self._client.close()
                raise
            finally:
                if not self._in_batch:
                    await self._disconnect()

    async def _send(self, sender: str, envelope: tuple[str, ...], data: bytes) -> SendResult:
        results: dict[str, RecipientResult] = {}
        reused = self._client.is_connected
        try:
            if not reused:
                await self._client.connect()
            try:
                await self._transaction(sender, envelope, data, results)
            except _DroppedBeforeMail as dropped:
                if not reused:
                    raise dropped.error from None
                # Nothing of this mail reached the server yet, so sending again is safe.
                self._client.close()
                await self._client.connect()
                try:
                    await self._transaction(sender, envelope, data, results)
                except _DroppedBeforeMail as dropped_again:
                    raise dropped_again.error from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            # Includes timeouts and lost connections (both OSError subclasses) and TLS errors.
            self._client.close()
            code = exc.code if isinstance(exc, aiosmtplib.SMTPResponseException) else None
            reply = (exc.message if isinstance(exc, aiosmtplib.SMTPException) else "") or repr(exc)
            for address in envelope:
                results.setdefault(
                    address, RecipientResult(address, RecipientStatus.deferred, code, reply)
                )
        return SendResult(tuple(results[address] for address in envelope))

    async def _transaction(
        self,
        sender: str,
        envelope: tuple[str, ...],
        data: bytes,
        results: dict[str, RecipientResult],
    ) -> None:
        """One MAIL/RCPT/DATA exchange, filling `results` as the replies come in.

        Calls the protocol steps itself rather than `sendmail`, which loses the per-recipient
        RCPT replies when DATA then fails and cannot tell a drop before MAIL from one after it.
        """
        client = self._client
        # Fail early on a message the server announced it will not take (RFC 1870).
        options = [f"SIZE={len(data)}"] if client.supports_extension("size") else []
        try:
            await client.mail(sender, options=options)
        except aiosmtplib.SMTPServerDisconnected as exc:
            raise _DroppedBeforeMail(exc) from exc
        except aiosmtplib.SMTPSenderRefused as exc:
            if exc.code == 421:  # "service closing": an idle connection the server gave up
                raise _DroppedBeforeMail(exc) from exc
            _settle(results, envelope, exc.code, exc.message)
            await self._reset()
            return
        accepted: list[str] = []
        for address in envelope:
            try:
                await client.rcpt(address)
            except aiosmtplib.SMTPRecipientRefused as exc:
                results[address] = RecipientResult(
                    address, _status_for(exc.code), exc.code, exc.message
                )
            else:
                accepted.append(address)
        if not accepted:
            await self._reset()
            return
        try:
            response = await client.data(data)
        except aiosmtplib.SMTPDataError as exc:
            _settle(results, accepted, exc.code, exc.message)
            await self._reset()
            return
        for address in accepted:
            results[address] = RecipientResult(
                address, RecipientStatus.accepted, response.code, response.message
            )

    async def _reset(self) -> None:
        # A failed transaction may leave the envelope open on the server; the next mail on this
        # connection needs a clean one, else reconnect.
        if not self._client.is_connected:
            return
        try:
            await self._client.rset()
        except (aiosmtplib.SMTPException, OSError):
            self._client.close()

    async def _disconnect(self) -> None:
        if not self._client.is_connected:
            return
        try:
            await self._client.quit()
        except (aiosmtplib.SMTPException, OSError):
            pass  # the mails are already accounted for; a rude goodbye loses nothing
        finally:
            self._client.close()


class FileTransport:
    """Writes each mail to `<mail_dir>/<message id>.eml` (development, demos, tests).

    The file appears complete or not at all (temporary file, fsync, `os.replace`); a retry with
    the same Message-ID replaces the same file. All envelope recipients count as `accepted`, or
    `deferred` when the file cannot be written. The envelope itself (Bcc) is not recorded: the
    file holds exactly what SMTP would transmit.
    """

    def __init__(self, mail_dir: Path) -> None:
        self.mail_dir = mail_dir

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None

    def path_for(self, message_id: str) -> Path:
        return self.mail_dir / f"{_safe_name(message_id)}.eml"

    async def send(self, mail: OutgoingMail) -> SendResult:
        envelope = envelope_recipients(mail)
        data = message_bytes(build_message(mail))
        path = self.path_for(mail.message_id)
        try:
            await anyio.to_thread.run_sync(_write_atomically, path, data)
        except OSError as exc:
            # A full or read-only disk is this transport's "server unavailable": retry later.
            status, reply = RecipientStatus.deferred, f"cannot write {path}: {exc}"
        else:
            status, reply = RecipientStatus.accepted, f"written to {path.name}"
        return SendResult(
            tuple(RecipientResult(address, status, None, reply) for address in envelope)
        )


def transport_for(
    settings: Settings, *, tls_context: ssl.SSLContext | None = None
) -> MailTransport:
    if settings.mail_transport is TransportKind.smtp:
        return SmtpTransport(settings, tls_context=tls_context)
    return FileTransport(settings.mail_dir)


class _DroppedBeforeMail(Exception):
    """The connection was gone before the server took MAIL FROM."""

    def __init__(self, error: aiosmtplib.SMTPException) -> None:
        super().__init__(error)
        self.error = error


def _status_for(code: int) -> RecipientStatus:
    return RecipientStatus.rejected if 500 <= code < 600 else RecipientStatus.deferred


def _settle(
    results: dict[str, RecipientResult], addresses: Iterable[str], code: int, reply: str
) -> None:
    status = _status_for(code)
    for address in addresses:
        results.setdefault(address, RecipientResult(address, status, code, reply))


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


def _safe_name(message_id: str) -> str:
    bare = message_id.strip("<>")
    safe = _UNSAFE_FILENAME_CHARS.sub("_", bare).lstrip(".")
    if safe != bare:
        # Two ids that differ only in replaced characters must not share a file.
        safe = f"{safe}-{hashlib.sha256(message_id.encode()).hexdigest()[:12]}"
    return safe


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A dot name: readers that look for *.eml never see a file being written.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
