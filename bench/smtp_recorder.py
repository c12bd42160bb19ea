"""An aiosmtpd handler that records every accepted message's Message-ID and recipients.

    PYTHONPATH=bench python -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_recorder.Recorder FILE

Each message the server accepts appends one line `<message-id>\\t<rcpt>,<rcpt>...\\t<time>\\n` to
FILE with a single `write(2)` on a file opened with O_APPEND, *before* the `250` reply is sent: a
message the client saw accepted is always on record, even when this process is killed with
SIGKILL right after. Several server processes (one after another, on the same port) may append
to the same file. `bench/faults.py` counts deliveries per Message-ID and recipient from it.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any


class Recorder:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.parser = BytesHeaderParser()

    @classmethod
    def from_cli(cls, parser: argparse.ArgumentParser, *args: str) -> Recorder:
        if len(args) != 1:
            parser.error("smtp_recorder.Recorder takes one argument: the file to append to")
        return cls(args[0])

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        headers = self.parser.parsebytes(content)
        message_id = str(headers.get("Message-ID", "")).strip() or "<missing>"
        recipients = ",".join(r.lower() for r in envelope.rcpt_tos)
        os.write(self.fd, f"{message_id}\t{recipients}\t{time.time():.3f}\n".encode())
        return "250 OK recorded"


def read_deliveries(path: Path) -> Counter[tuple[str, str]]:
    """(Message-ID, recipient) -> how many times the server accepted that message for it."""
    counts: Counter[tuple[str, str]] = Counter()
    if not path.exists():
        return counts
    for message_id, recipients, _at in _lines(path):
        for recipient in recipients.split(","):
            counts[(message_id, recipient)] += 1
    return counts


def first_deliveries_of_repeats(path: Path) -> list[float]:
    """When each Message-ID that was accepted more than once was first accepted (time.time())."""
    times: dict[str, list[float]] = {}
    for message_id, _recipients, at in _lines(path):
        times.setdefault(message_id, []).append(at)
    return sorted(min(ts) for ts in times.values() if len(ts) > 1)


def _lines(path: Path) -> list[tuple[str, str, float]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        message_id, recipients, at = [*line.split("\t"), "0"][:3]
        out.append((message_id, recipients, float(at)))
    return out
