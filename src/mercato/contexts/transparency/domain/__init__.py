"""Pure Merkle-tree rules of the transparency log (RFC 6962 / RFC 9162, SHA-256): no Django, no I/O."""

from .merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    PerfectSubtreeHash,
    SubtreeHash,
    leaf_hash,
    node_hash,
    range_hash_from_perfect,
    root,
    split_point,
    subtree_hash_over,
)
from .proofs import (
    ProofRangeError,
    consistency_proof,
    consistency_proof_from,
    inclusion_proof,
    inclusion_proof_from,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "PerfectSubtreeHash",
    "ProofRangeError",
    "SubtreeHash",
    "consistency_proof",
    "consistency_proof_from",
    "inclusion_proof",
    "inclusion_proof_from",
    "leaf_hash",
    "node_hash",
    "range_hash_from_perfect",
    "root",
    "split_point",
    "subtree_hash_over",
    "verify_consistency",
    "verify_inclusion",
]
