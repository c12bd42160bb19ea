"""Text as XML 1.0 can carry it: the e-invoice writes every user text through `clean_text`, and
the API refuses a name or description that would be left with nothing to show (`has_text`)."""

from __future__ import annotations

import re

# Characters outside XML 1.0's Char production: C0 controls other than tab and line ends, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_SPACE = " \t\n\r"


def clean_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry; line ends become `\\n`, as an XML
    parser would read them anyway."""
    return _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def has_text(value: str) -> bool:
    """Whether anything is left of `value` once cleaned for XML and stripped of XML spaces (what
    XPath's normalize-space strips, and what the e-invoice rules call empty)."""
    return bool(clean_text(value).strip(XML_SPACE))
