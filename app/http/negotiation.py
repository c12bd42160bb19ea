"""Content negotiation on `Accept` (RFC 9110 §12.5.1): which of the media types an operation
offers the client prefers."""

from __future__ import annotations

from collections.abc import Sequence


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    """(type, subtype, q) of each media range; a malformed q-value counts as 0 (not wanted)."""
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not slash or not kind or not subtype:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:  # also NaN
                    q = 0.0
        ranges.append((kind, subtype, q))
    return ranges


def preferred(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers; the first offered when it has no preference
    (no header, `*/*`, or a tie); None when it accepts none of them (answer 406).

    Each offered type takes the q-value of the most specific range that matches it, so
    `*/*;q=0.1, application/pdf` prefers the PDF and `application/*, application/pdf;q=0`
    refuses it."""
    if accept is None or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    best, best_q = None, 0.0
    for media in offered:
        kind, _, subtype = media.partition("/")
        matches = [
            (3 if (k, s) == (kind, subtype) else 2 if (k, s) == (kind, "*") else 1, q)
            for k, s, q in ranges
            if (k, s) in ((kind, subtype), (kind, "*"), ("*", "*"))
        ]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = media, q
    return best
