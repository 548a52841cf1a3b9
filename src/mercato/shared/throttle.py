"""Fixed-window counters in the cache (Redis in production) for throttling abuse, e.g. password guessing."""

from __future__ import annotations

import time

from django.core.cache import cache

from .errors import RateLimited


def window_key(name: str, subject: str, window_seconds: int) -> tuple[str, int]:
    """The counter's key for the current window, and the seconds left until the window ends."""
    now = int(time.time())
    window = now // window_seconds
    return f"throttle:{name}:{subject}:{window}", window_seconds - now % window_seconds


def hit(name: str, subject: str, *, limit: int, window_seconds: int) -> None:
    """Count one event; raise RateLimited (429 with Retry-After) once ``limit`` is exceeded in the window."""
    key, retry_after = window_key(name, subject, window_seconds)
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    if count > limit:
        raise RateLimited(f"too many attempts; try again in {retry_after} s", retry_after=retry_after)


def check(name: str, subject: str, *, limit: int, window_seconds: int) -> None:
    """Raise RateLimited if ``limit`` events were already counted in this window (without counting one)."""
    key, retry_after = window_key(name, subject, window_seconds)
    if (cache.get(key) or 0) >= limit:
        raise RateLimited(f"too many attempts; try again in {retry_after} s", retry_after=retry_after)
