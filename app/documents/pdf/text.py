"""User text on its way into ReportLab: control characters cleaned out, Paragraph markup escaped
so it prints exactly as typed (and cannot pull in files or images), placeholders filled in one
pass."""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape

from app.documents.pdf.fonts import FALLBACK_FONT, fallback_runs

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# C0 controls print as boxes or upset the Paragraph parser: tabs become spaces, carriage
# returns line breaks, the rest goes.
_CONTROL_CHARS = dict.fromkeys([*range(32), 127]) | {9: " ", 10: "\n", 13: "\n"}


def clean(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_CONTROL_CHARS)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def markup(text: str) -> str:
    """User text as Paragraph markup that prints exactly as typed; characters the layout's
    fonts lack are set in the fallback font (our own tag around escaped text)."""
    return "".join(
        f'<font name="{FALLBACK_FONT}">{escape(part)}</font>' if fallback else escape(part)
        for part, fallback in fallback_runs(clean(text))
    ).replace("\n", "<br/>")


def fill(template: str, values: Mapping[str, str]) -> str:
    # One pass, so a value that happens to contain "{iban}" is printed, not substituted again.
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def fill_markup(template: str, values: Mapping[str, str]) -> str:
    """Like `fill`, escaping template and values and setting the values in bold."""
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        value = values.get(match.group(1))
        parts.append(markup(template[position : match.start()]))
        parts.append(markup(match.group(0)) if value is None else f"<b>{markup(value)}</b>")
        position = match.end()
    parts.append(markup(template[position:]))
    return "".join(parts)
