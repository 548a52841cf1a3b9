"""Rate limits and the sold-out memo for the database path, kept in this process's memory.

With Redis the gate counts attempts for all processes together; without it (the embedded profile, or Redis
down) each process counts its own, so the effective limit is the per-process limit times the processes.
"""

from __future__ import annotations

import math
import threading
import time

from mercato.shared.errors import RateLimited

SOLD_OUT_MEMO_SECONDS = 1.0  # units can come back (unpaid orders), so "sold out" is re-checked each second

_lock = threading.Lock()
_windows: dict[str, tuple[float, int]] = {}  # key -> (when its window started, attempts in it)
_sold_out_until: dict[str, float] = {}


def count_attempt(*, ip: str, account: str, ip_limit: int, account_limit: int, window: int) -> None:
    """Each key's window starts at its first attempt, so no window boundary can split a burst."""
    now = time.monotonic()
    retry_after = 1
    with _lock:
        if len(_windows) > 100_000:
            _windows.clear()
        over = False
        for key, limit in ((f"ip:{ip}", ip_limit), (f"acct:{account}", account_limit)):
            started, count = _windows.get(key, (now, 0))
            if now - started >= window:
                started, count = now, 0
            _windows[key] = (started, count + 1)
            if count + 1 > limit:
                over = True
                retry_after = max(retry_after, math.ceil(started + window - now))
    if over:
        raise RateLimited(f"too many purchase attempts; try again in {retry_after} s", retry_after=retry_after)


def mark_sold_out(item_id: str) -> None:
    with _lock:
        _sold_out_until[item_id] = time.monotonic() + SOLD_OUT_MEMO_SECONDS


def units_came_back(item_id: str) -> None:
    """This process saw units return; other processes notice within the memo's second."""
    with _lock:
        _sold_out_until.pop(item_id, None)


def recently_sold_out(item_id: str) -> bool:
    return _sold_out_until.get(item_id, 0.0) > time.monotonic()


def reset_for_tests() -> None:
    with _lock:
        _windows.clear()
        _sold_out_until.clear()
