"""An anonymous visitor is known by a digest of their session key, never the key itself: a stored or published
digest cannot be replayed as a session cookie."""

from __future__ import annotations

import hashlib


def session_digest(raw_key: str | None) -> str:
    """A 40-character digest of a session key; "" for none."""
    if not raw_key:
        return ""
    return hashlib.sha256(f"mercato-session|{raw_key}".encode()).hexdigest()[:40]
