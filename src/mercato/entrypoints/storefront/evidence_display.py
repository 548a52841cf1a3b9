"""An order's facts in the transparency log, as the order page lists them; the download is transparency's bundle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mercato.contexts.transparency import public as transparency

from . import labels


@dataclass(frozen=True)
class FactRow:
    label: str
    at: datetime
    proven: bool
    leaf_index: int | None


@dataclass(frozen=True)
class OrderEvidence:
    facts: list[FactRow]
    tree_size: int | None
    signed_at: datetime | None

    @property
    def pending(self) -> int:
        return sum(1 for fact in self.facts if not fact.proven)


def order_bundle(order_id: str) -> dict[str, Any]:
    """The proof bundle of an order, as GET /api/v1/orders/{id}/evidence answers it."""
    return transparency.evidence_bundle(subjects=[order_id], extra={"subject": order_id})


def order_evidence(order_id: str) -> OrderEvidence:
    """The order's facts and their status without proofs (two queries, whatever the number of facts)."""
    summary = transparency.evidence_summary(order_id)
    head = summary.tree_head
    facts = [FactRow(label=labels.label(labels.EVIDENCE_FACT, fact.kind), at=fact.occurred_at,
                     proven=fact.status == "proven", leaf_index=fact.leaf_index) for fact in summary.facts]
    return OrderEvidence(facts=facts, tree_size=head.tree_size if head else None,
                         signed_at=datetime.fromtimestamp(head.timestamp_ms / 1000, tz=UTC) if head else None)
