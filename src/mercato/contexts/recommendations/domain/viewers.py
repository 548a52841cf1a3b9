"""How an anonymous visitor is known: by a digest of their session key, never the key itself (a stored digest
cannot be replayed as a session cookie)."""

from __future__ import annotations

import re
from typing import Final

from mercato.shared.session_digest import session_digest

__all__ = ["SESSION_HEADER_PATTERN", "session_digest", "valid_session_header"]

SESSION_HEADER_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def valid_session_header(value: str) -> bool:
    return bool(SESSION_HEADER_PATTERN.match(value))
