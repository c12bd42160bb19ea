"""Request bodies read as JSON that means exactly one thing.

The standard `json.loads` keeps the last of two equal keys (`{"to": [...], "to": [...]}`), turns
a number too small for a float into 0 (`1e-400`), one too large into infinity (`1e400`) and
accepts the non-JSON constants `NaN` and `Infinity`. Each of those lets a client send a body that
the service reads differently from the client, a proxy or a log: they are refused with the path
of the offending value instead.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.i18n import Message, t


@dataclass(frozen=True)
class JsonProblem:
    loc: tuple[str | int, ...]  # path inside the body
    msg: Message
    type: str


class _Bad:
    """Stands in for a value that must not be read; `problems()` finds it with its path."""

    __slots__ = ("msg", "type")

    def __init__(self, msg: Message, type_: str) -> None:
        self.msg = msg
        self.type = type_


class _DuplicateKeys(dict[str, Any]):
    """An object that had a key twice (the first value is kept; the body is refused anyway)."""

    duplicates: list[str]


def loads(body: bytes | str) -> tuple[Any, list[JsonProblem]]:
    """Parse like `json.loads` (same exceptions for malformed JSON) and list what is ambiguous."""
    flagged = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal flagged
        result = dict(items)
        if len(result) == len(items):
            return result
        flagged = True
        marked = _DuplicateKeys()
        for k, v in items:
            marked.setdefault(k, v)
        marked.duplicates = [k for k, n in Counter(k for k, _ in items).items() if n > 1]
        return marked

    def number(text: str) -> float | _Bad:
        nonlocal flagged
        value = float(text)
        if math.isinf(value):
            flagged = True
            return _Bad(t("the number {number} is too large", number=text), "number_too_large")
        if value == 0.0 and any(c in "123456789" for c in text.partition("e")[0].lower()):
            flagged = True
            return _Bad(
                t("the number {number} is too small to be represented", number=text),
                "number_too_small",
            )
        return value

    def constant(text: str) -> _Bad:
        nonlocal flagged
        flagged = True
        return _Bad(t("{number} is not a JSON number", number=text), "json_invalid")

    value = json.loads(body, object_pairs_hook=pairs, parse_float=number, parse_constant=constant)
    return value, (_problems(value, ()) if flagged else [])


def _problems(value: Any, path: tuple[str | int, ...]) -> list[JsonProblem]:
    found: list[JsonProblem] = []
    if isinstance(value, _Bad):
        found.append(JsonProblem(path, value.msg, value.type))
    elif isinstance(value, dict):
        if isinstance(value, _DuplicateKeys):
            found.extend(
                JsonProblem(
                    (*path, key),
                    t("the key {key} appears more than once", key=repr(key)),
                    "duplicate_key",
                )
                for key in value.duplicates
            )
        for key, item in value.items():
            found.extend(_problems(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_problems(item, (*path, index)))
    return found
