"""Daily picks: a weighted draw from a shopper's candidates that depends only on who and which day, so the same
shopper sees the same picks all day and different ones tomorrow."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import date

from .reranking import Pick


def _uniform(owner_key: str, day: date, item_id: str) -> float:
    digest = hashlib.sha256(f"{owner_key}|{day.isoformat()}|{item_id}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") + 1) / (2**64 + 2)  # strictly inside (0, 1)


def daily_draw(pool: Sequence[Pick], *, owner_key: str, day: date, n: int) -> list[Pick]:
    """``n`` picks drawn without replacement, likelier the better they score (Efraimidis–Spirakis keys:
    u^(1/w), here as log(u)/w), ordered by their draw key. Deterministic for (owner, day, pool)."""
    top = max((p.score for p in pool), default=0.0)
    keyed = []
    for rank, pick in enumerate(pool):
        weight = (pick.score / top if top > 0 else 1.0) + 0.05 + 1.0 / (rank + 10)
        keyed.append((math.log(_uniform(owner_key, day, pick.item_id)) / weight, pick.item_id, pick))
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return [pick for _key, _item, pick in keyed[:n]]
