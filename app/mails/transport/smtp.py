from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from types import TracebackType
from typing import Self

import aiosmtplib

from app.config import Settings, SmtpTls
from app.mails.message import (
    OutgoingMail,
    build_message,
    envelope_recipients,
    message_bytes,
    parse_address,
)
from app.mails.transport.contract import RecipientResult, RecipientStatus, SendResult


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
