"""How an anonymous visitor is known: by a digest of their session key, never the key itself (a stored digest
cannot be replayed as a session cookie)."""

from __future__ import annotations

import hashlib
import re
from typing import Final

SESSION_HEADER_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def session_digest(raw_key: str | None) -> str:
    """A 40-character digest of a session key; "" for none."""
    if not raw_key:
        return ""
    return hashlib.sha256(f"mercato-session|{raw_key}".encode()).hexdigest()[:40]


def valid_session_header(value: str) -> bool:
    return bool(SESSION_HEADER_PATTERN.match(value))
