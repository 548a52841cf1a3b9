"""Merkle Tree Hash of RFC 6962 §2.1 / RFC 9162 §2.1 with SHA-256.

Leaves and interior nodes are hashed with different one-byte prefixes (0x00, 0x01) so that a leaf can never be
passed off as an interior node (second-preimage resistance). A tree of n > 1 leaves splits at k, the largest power
of two strictly less than n: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Final

HASH_SIZE: Final = 32
"""Length in bytes of every hash in the log (SHA-256)."""

EMPTY_ROOT: Final = hashlib.sha256(b"").digest()
"""MTH({}) — the root of the empty tree is the hash of the empty string."""

SubtreeHash = Callable[[int, int], bytes]
"""MTH(D[start:end]) for a subtree of the log; the storage layer answers it from stored subtree hashes."""

PerfectSubtreeHash = Callable[[int, int], bytes]
"""Hash of the perfect subtree at (level, index): the 2**level leaves from index * 2**level on."""

_LEAF_PREFIX: Final = b"\x00"
_NODE_PREFIX: Final = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the hash a log entry is known by."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): an interior node over two subtree hashes."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly less than size (size > 1): where MTH splits a tree of that size."""
    if size < 2:
        raise ValueError(f"a tree of {size} leaves has no split point")
    return 1 << ((size - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the raw leaf inputs (not their hashes)."""
    return subtree_hash_over([leaf_hash(data) for data in leaves])(0, len(leaves))


def subtree_hash_over(leaf_hashes: Sequence[bytes]) -> SubtreeHash:
    """A SubtreeHash computed from in-memory leaf hashes: O(end - start) hashing per call, for tests and small logs."""

    def subtree_hash(start: int, end: int) -> bytes:
        if not 0 <= start <= end <= len(leaf_hashes):
            raise ValueError(f"subtree [{start}, {end}) outside a tree of {len(leaf_hashes)} leaves")
        if start == end:
            return EMPTY_ROOT
        if end - start == 1:
            return leaf_hashes[start]
        middle = start + split_point(end - start)
        return node_hash(subtree_hash(start, middle), subtree_hash(middle, end))

    return subtree_hash


def range_hash_from_perfect(perfect_subtree_hash: PerfectSubtreeHash, start: int, end: int) -> bytes:
    """MTH(D[start:end]) folded from at most log2(end - start) + 1 perfect subtrees.

    A storage layer that keeps only perfect (power-of-two, aligned) subtree hashes can serve any subtree a proof
    asks for with this: the subtrees RFC 6962 proofs name always start at a multiple of the smallest power of two
    not below their size, so they decompose into perfect subtrees of strictly decreasing size.
    """
    size = end - start
    if start < 0 or size < 1:
        raise ValueError(f"subtree [{start}, {end}) is empty or negative")
    if start % (1 << (size - 1).bit_length()) != 0:
        raise ValueError(f"subtree [{start}, {end}) is not a subtree of any Merkle tree")
    pieces: list[bytes] = []
    offset = start
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            pieces.append(perfect_subtree_hash(level, offset >> level))
            offset += 1 << level
    folded = pieces[-1]
    for piece in reversed(pieces[:-1]):
        folded = node_hash(piece, folded)
    return folded
