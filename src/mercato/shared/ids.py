"""Identifiers: a type prefix plus a ULID (time-ordered, 80 random bits, not guessable).

Time order keeps B-tree inserts local and makes the id a natural cursor for "newest first" lists.
"""

from __future__ import annotations

import base64
import os
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_FROM_RFC4648 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET.encode())
_last_ms: tuple[int, str] = (-1, "")  # many ids share a millisecond: its encoding is kept


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, rem = divmod(value, 32)
        chars.append(_ALPHABET[rem])
    return "".join(reversed(chars))


def new_id(prefix: str, *, at_ms: int | None = None) -> str:
    """Return e.g. ``ord_01jd9x...``: 10 chars of millisecond time, then 16 of randomness."""
    global _last_ms
    ms = int(time.time() * 1000) if at_ms is None else at_ms
    last = _last_ms
    if last[0] == ms:
        stamp = last[1]
    else:
        stamp = _encode(ms, 10)
        _last_ms = (ms, stamp)
    rand = base64.b32encode(os.urandom(10)).translate(_FROM_RFC4648).decode()  # 80 bits, 16 characters
    return f"{prefix}_{stamp}{rand}"


def has_prefix(value: str, prefix: str) -> bool:
    return isinstance(value, str) and value.startswith(prefix + "_") and len(value) == len(prefix) + 27


ID_LENGTH = 32  # generous column width for any prefix up to 5 chars
