"""`mercato transparency verify`: the operator's full check of the stored log — every leaf re-hashed, the tree
re-derived, every signed head's signature, and consecutive heads proven consistent from storage."""

from __future__ import annotations

from dataclasses import dataclass, field

from .domain import verify_consistency
from .selectors import Tampering, consistency_proof, log_size, log_tampering, tree_heads


@dataclass(frozen=True)
class LogVerification:
    tree_size: int
    signed_heads: int
    findings: list[Tampering] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first_tampered_leaf(self) -> int | None:
        exact = [f.leaf_index for f in self.findings if f.leaf_index is not None and not f.lower_bound]
        bounds = [f.leaf_index for f in self.findings if f.leaf_index is not None and f.lower_bound]
        return min(exact or bounds) if exact or bounds else None


def _heads_consistency() -> list[Tampering]:
    findings: list[Tampering] = []
    heads = tree_heads()
    for older, newer in zip(heads, heads[1:], strict=False):
        if newer.timestamp_ms < older.timestamp_ms:
            findings.append(Tampering(None, f"signed head at {newer.tree_size} is older than the one at "
                                            f"{older.tree_size}"))
        if older.tree_size == 0:
            continue
        try:
            proof = consistency_proof(older.tree_size, newer.tree_size)
        except RuntimeError as exc:  # stored subtrees missing
            findings.append(Tampering(older.tree_size, f"no consistency proof {older.tree_size}→{newer.tree_size}: "
                                                       f"{exc}", lower_bound=True))
            continue
        if not verify_consistency(older.tree_size, newer.tree_size, bytes(older.root_hash), bytes(newer.root_hash),
                                  proof):
            findings.append(Tampering(older.tree_size, f"signed heads at {older.tree_size} and {newer.tree_size} "
                                                       "are not consistent", lower_bound=True))
    return findings


def log_verify() -> LogVerification:
    heads = tree_heads()
    return LogVerification(tree_size=log_size(), signed_heads=len(heads),
                           findings=log_tampering() + _heads_consistency())
