"""What the console shows of the transparency log: sizes, the queue, recent signed heads, entries by kind.

Transparency's `tree_heads()` returns every head ever signed (one per publish with news, every 5 s at most), so
the latest few and the per-kind counts of the `Entry` queue are read here with two bounded queries.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, Q

from mercato.contexts.transparency import selectors
from mercato.contexts.transparency.models import Entry, SignedTreeHead
from mercato.contexts.transparency.signing import public_key_raw

RECENT_HEADS = 20


@dataclass(frozen=True)
class HeadRow:
    tree_size: int
    signed_at: datetime
    root_hash: str
    signature: str


@dataclass(frozen=True)
class KindCount:
    kind: str
    total: int
    queued: int


@dataclass(frozen=True)
class LogStatus:
    tree_size: int
    queued: int
    heads: list[HeadRow]
    kinds: list[KindCount]
    public_key: str

    @property
    def latest(self) -> HeadRow | None:
        return self.heads[0] if self.heads else None


def head_row(head: SignedTreeHead) -> HeadRow:
    return HeadRow(tree_size=head.tree_size, signed_at=datetime.fromtimestamp(head.timestamp_ms / 1000, tz=UTC),
                   root_hash=bytes(head.root_hash).hex(), signature=base64.b64encode(bytes(head.signature)).decode())


def log_status() -> LogStatus:
    heads = [head_row(h) for h in SignedTreeHead.objects.order_by("-tree_size")[:RECENT_HEADS]]
    rows = (Entry.objects.values("kind").order_by("kind")
            .annotate(total=Count("id"), queued=Count("id", filter=Q(leaf_index__isnull=True))))
    kinds = [KindCount(kind=r["kind"], total=r["total"], queued=r["queued"]) for r in rows]
    return LogStatus(tree_size=selectors.log_size(), queued=sum(k.queued for k in kinds), heads=heads, kinds=kinds,
                     public_key=base64.b64encode(public_key_raw()).decode())
