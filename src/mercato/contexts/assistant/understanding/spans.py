"""Candidate entity spans and how overlapping candidates are settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    kind: str
    value: str
    start: int
    end: int
    priority: int  # lower wins when two candidates overlap (an order number beats the phone inside it)


def settle(candidates: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, preferring higher priority, then the longer match, then the earlier one."""
    chosen: list[Span] = []
    for span in sorted(candidates, key=lambda s: (s.priority, -(s.end - s.start), s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
