"""Evidence of facts about subjects (an order, a batch's EPCIS events): their entries, each proven against the
latest signed tree head, as a proof bundle anyone can check offline (`mercato transparency verify-bundle`)."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .domain.proof_bundle import FORMAT
from .models import Entry, SignedTreeHead
from .selectors import inclusion_proofs, latest_tree_head
from .signing import public_key_raw


def tree_head_json(head: SignedTreeHead) -> dict[str, Any]:
    """A signed head with the field names and encodings of the public API."""
    return {"tree_size": head.tree_size, "root_hash": bytes(head.root_hash).hex(), "timestamp": head.timestamp_ms,
            "signature": base64.b64encode(bytes(head.signature)).decode()}


@dataclass(frozen=True)
class FactStatus:
    kind: str
    recorded_at: datetime
    occurred_at: datetime
    """When the fact happened (its leaf's `at`), else when it was recorded."""
    status: str
    leaf_index: int | None
    """Set once the leaf is inside the latest signed tree ("proven")."""


@dataclass(frozen=True)
class EvidenceSummary:
    facts: list[FactStatus]
    tree_head: SignedTreeHead | None


def _status(leaf_index: int | None, head: SignedTreeHead | None) -> str:
    if leaf_index is None:
        return "queued"
    return "proven" if head is not None and leaf_index < head.tree_size else "awaiting-signature"


def evidence_summary(subject: str) -> EvidenceSummary:
    """The facts about a subject and their status, without proofs (two queries): for pages that list them."""
    head = latest_tree_head()
    rows = Entry.objects.filter(subject=subject).order_by("id").values_list("kind", "created_at", "leaf_index",
                                                                            "leaf_input")
    return EvidenceSummary(facts=[
        FactStatus(kind=kind, recorded_at=at, occurred_at=_fact_time(bytes(data)) or at, status=_status(leaf, head),
                   leaf_index=leaf if _status(leaf, head) == "proven" else None)
        for kind, at, leaf, data in rows
    ], tree_head=head)


def _fact_time(leaf_input: bytes) -> datetime | None:
    """The `at` a commerce fact's canonical JSON commits to (None for other leaves)."""
    try:
        value = json.loads(leaf_input).get("at")
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None


def _entry_json(entry: Entry, head: SignedTreeHead | None, commitment: str | None,
                proofs: dict[int, list[bytes]]) -> dict[str, Any]:
    status = _status(entry.leaf_index, head)
    covered = status == "proven"
    item: dict[str, Any] = {
        "kind": entry.kind, "subject": entry.subject, "recorded_at": entry.created_at.isoformat(), "status": status,
        "leaf_index": entry.leaf_index if covered else None, "leaf_input": bytes(entry.leaf_input).hex(),
        "inclusion": None,
    }
    if covered and head is not None and entry.leaf_index is not None:
        item["inclusion"] = [h.hex() for h in proofs[entry.leaf_index]]
    if entry.salt is not None:
        item.update(commitment="salted-record", salt=bytes(entry.salt).hex(), record=entry.record)
    elif commitment:
        item.update(commitment=commitment, record=entry.record)
    return item


def evidence_bundle(*, subjects: Sequence[str], commitment: str | None = None,
                    extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every entry about these subjects, oldest first, with inclusion proofs against the latest signed head."""
    head = latest_tree_head()
    entries = list(Entry.objects.filter(subject__in=list(subjects)).order_by("id"))
    covered = [e.leaf_index for e in entries if head and e.leaf_index is not None and e.leaf_index < head.tree_size]
    proofs = inclusion_proofs(covered, head.tree_size) if head and covered else {}
    return {
        "format": FORMAT, **(extra or {}),
        "log": {"algorithm": "Ed25519", "public_key": base64.b64encode(public_key_raw()).decode()},
        "tree_head": tree_head_json(head) if head is not None else None,
        "entries": [_entry_json(entry, head, commitment, proofs) for entry in entries],
    }
