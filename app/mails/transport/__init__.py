"""The transports that hand an outgoing mail's message (`app.mails.message`) to SMTP
(`smtp.py`) or to .eml files (`file.py`). The delivery contract both keep, and the outbox relies
on, is in `contract.py`; `transport_for` picks the one the settings name.
"""

from __future__ import annotations

import ssl

from app.config import MailTransport as TransportKind
from app.config import Settings
from app.mails.transport.contract import MailTransport
from app.mails.transport.file import FileTransport
from app.mails.transport.smtp import SmtpTransport


def transport_for(
    settings: Settings, *, tls_context: ssl.SSLContext | None = None
) -> MailTransport:
    if settings.mail_transport is TransportKind.smtp:
        return SmtpTransport(settings, tls_context=tls_context)
    return FileTransport(settings.mail_dir)
