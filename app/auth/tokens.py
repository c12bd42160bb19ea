"""API key tokens: their format (`ik_<ULID>_<secret>`) and how secrets are stored (hashed)."""

from __future__ import annotations

import hashlib

KEY_PREFIX = "ik_"
_ULID_LENGTH = 26


def hash_secret(secret: str) -> str:
    # Secrets are 256 random bits, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def format_token(key_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}{key_id.removeprefix('key_')}_{secret}"


def parse_token(token: str) -> tuple[str, str] | None:
    """`ik_<ULID>_<secret>` -> (key id, secret), or None when it is not shaped like a key."""
    ulid_end = len(KEY_PREFIX) + _ULID_LENGTH
    if not token.startswith(KEY_PREFIX) or len(token) < ulid_end + 20 or token[ulid_end] != "_":
        return None
    return "key_" + token[len(KEY_PREFIX) : ulid_end], token[ulid_end + 1 :]
