from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

import anyio.to_thread

from app.mails.message import OutgoingMail, build_message, envelope_recipients, message_bytes
from app.mails.transport.contract import RecipientResult, RecipientStatus, SendResult

_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._@+-]")


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
