"""Which warehouses serve a line: highest priority first, split when one cannot cover it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    level_id: int
    warehouse_id: str
    priority: int
    available: int


def plan_line(quantity: int, sources: Sequence[Source]) -> list[tuple[Source, int]] | None:
    """Take from sources by priority (then id); None when all together cannot cover the quantity."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    plan: list[tuple[Source, int]] = []
    remaining = quantity
    for source in sorted(sources, key=lambda s: (-s.priority, s.warehouse_id)):
        if remaining == 0:
            break
        take = min(remaining, max(source.available, 0))
        if take:
            plan.append((source, take))
            remaining -= take
    return plan if remaining == 0 else None
