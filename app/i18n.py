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

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
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


@contextmanager
def using_locale(locale: str) -> Iterator[None]:
    """Texts rendered inside the block default to `locale`: for work done outside a request,
    such as the recurrence runner acting for an administration."""
    token = current_locale.set(locale)
    try:
        yield
    finally:
        current_locale.reset(token)


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
    if isinstance(text, Joined):
        return text.render(locale)
    template = translate(text.msgid, locale or current_locale.get())
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


Message = str | Text
"""A text shown to a user: a marked `Text`, or a plain str (user input, a name) shown as it is."""


@dataclass(frozen=True, slots=True)
class Joined(Text):
    """Several texts shown as one, e.g. every field error of a 422 in its `detail`."""

    parts: tuple[Message, ...] = ()
    separator: str = "; "

    def render(self, locale: str | None = None) -> str:
        return self.separator.join(render(part, locale) for part in self.parts)


def join(parts: Iterable[Message], separator: str = "; ") -> Joined:
    return Joined("", {}, tuple(parts), separator)


def negotiate(accept_language: str | None) -> str | None:
    """The first of LOCALES the `Accept-Language` header asks for, by q-value (RFC 9110 12.5.4):
    `en-GB,en;q=0.9,nl;q=0.8` -> "en". None when it names none of them (or there is none)."""
    if not accept_language:
        return None
    wanted: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")[:32]):
        tag, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = tag.replace("_", "-").split("-", 1)[0].lower()
        if language in LOCALES and quality > 0:
            wanted.append((-quality, position, language))
    return min(wanted)[2] if wanted else None


# --- pydantic's own validation messages ------------------------------------------------------


@cache
def _pydantic_templates() -> Mapping[str, str]:
    """Pydantic's English message template per error type, e.g. missing -> "Field required";
    they are the message ids of `validation.po`."""
    from pydantic_core._pydantic_core import list_all_errors

    return {e["type"]: e["message_template_python"] for e in list_all_errors()}


def validation_message(error: Mapping[str, Any], locale: str | None = None) -> str:
    """The message of one pydantic error (an item of `ValidationError.errors()`) in `locale`.

    Our own validators raise `ValueError(t(...))`: that text is rendered, without pydantic's
    "Value error, " prefix. Pydantic's own messages are translated by their error type, with
    the fields of its context; an unknown type keeps pydantic's English message."""
    locale = locale or current_locale.get()
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, ValueError | AssertionError) and cause.args:
        if isinstance(cause.args[0], Text):
            return render(cause.args[0], locale)
    english = str(error.get("msg", ""))
    kind = str(error.get("type", ""))
    if kind == "value_error":
        return english.removeprefix("Value error, ")
    if locale == "en":
        return english
    template = _pydantic_templates().get(kind)
    translated = translate(template, locale) if template else None
    if not template or translated == template:
        return english
    fields = dict(ctx)
    count = next((ctx[n] for n in _COUNTED if n in ctx), None)
    fields.setdefault("expected_plural", "" if count == 1 else "s")
    if locale == "nl" and isinstance(fields.get("expected"), str):
        fields["expected"] = fields["expected"].replace("' or '", "' of '")
    try:
        return str(translated).format(**fields)
    except (KeyError, IndexError, ValueError):
        return english


_COUNTED = ("min_length", "max_length", "max_digits", "decimal_places", "whole_digits")


def message_of(exc: BaseException) -> Message:
    """The text an exception was raised with: its `Text` kept for rendering later."""
    if exc.args and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)
