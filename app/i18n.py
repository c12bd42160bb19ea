"""Texts people read, in their language: Dutch first, English second.

A user-facing text is written in English as a gettext message id with named fields and marked
with `t`: `t("Invoice {number} is already final.", number=invoice.number)`. That makes a `Text`,
which is rendered in a language only when it is shown: `render(text, "nl")`, or `str(text)` in the
language of the current request (`current_locale`, set from `Accept-Language` or else the
administration's locale). Machine-readable values (problem `type` and `code`, field names) are
never translated.

The translations are gettext catalogs, one per area of the service, in
`app/locale/<locale>/LC_MESSAGES/*.po` (`errors.po`, `checks.po`, `recurrences.po`, ...), read
with Babel once per process and merged. `pybabel extract -k t` finds every `t("...")`; a test
fails when one has no Dutch translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"

LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@dataclass(frozen=True, slots=True)
class Text:
    """A message id and its fields, rendered per language when shown."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, locale: str | None = None) -> str:
        return render(self, locale)

    def __str__(self) -> str:
        return render(self)


def t(msgid: str, **params: Any) -> Text:
    """Marks `msgid` as a user-facing text (and for extraction) with its fields."""
    return Text(msgid, params)


def translate(msgid: str, locale: str) -> str:
    """`msgid` in `locale`; the message id itself (English) where there is no translation."""
    if locale == "en":
        return msgid
    return _translations(locale).get(msgid, msgid)


def render(text: Text | str, locale: str | None = None) -> str:
    """`text` in `locale` (default: the current request's); a plain str is shown as it is."""
    if isinstance(text, str):
        return text
    template = translate(text.msgid, locale or current_locale.get())
    if not text.params:
        return template
    # Fields that are themselves texts are rendered in the same language.
    values = {
        name: render(value, locale) if isinstance(value, Text) else value
        for name, value in text.params.items()
    }
    return template.format(**values)


@cache
def _translations(locale: str) -> Mapping[str, str]:
    """Every catalog of `locale` merged, as msgid -> msgstr (untranslated and fuzzy entries left
    out, so they fall back to English rather than print an empty or stale text)."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as file:
            catalog = read_po(file, locale=locale)
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                merged[message.id] = str(message.string)
    return merged
