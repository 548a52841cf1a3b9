"""Inclusion and consistency proofs: RFC 6962 §2.1.1 PATH / §2.1.2 PROOF, verified per RFC 9162 §2.1.3.2 / §2.1.4.2.

Generators walk from the root down and ask a SubtreeHash callback for one sibling per level, so a log that stores
subtree hashes answers a proof with O(log n) reads and never rebuilds the tree. The list-based functions are thin
wrappers over the same walk. Verifiers never raise on malformed input: anything they cannot prove is False.
"""

from __future__ import annotations

from collections.abc import Sequence

from .merkle import HASH_SIZE, SubtreeHash, leaf_hash, node_hash, split_point, subtree_hash_over


class ProofRangeError(ValueError):
    """A proof was requested for positions the tree does not have."""

    def __init__(self, *, what: str, first: int, tree_size: int) -> None:
        super().__init__(f"no {what} proof for {first} in a tree of {tree_size} leaves")
        self.what = what
        self.first = first
        self.tree_size = tree_size


def inclusion_proof_from(subtree_hash: SubtreeHash, index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]): the audit path of leaf `index`, ordered from the leaf's sibling up to the root's child."""
    if not 0 <= index < size:
        raise ProofRangeError(what="inclusion", first=index, tree_size=size)
    siblings_from_top: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + split_point(end - start)
        if index < middle:
            siblings_from_top.append(subtree_hash(middle, end))
            end = middle
        else:
            siblings_from_top.append(subtree_hash(start, middle))
            start = middle
    siblings_from_top.reverse()
    return siblings_from_top


def consistency_proof_from(subtree_hash: SubtreeHash, old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[new_size]) for 0 < old_size <= new_size; equal sizes need no proof ([])."""
    if not 0 < old_size <= new_size:
        raise ProofRangeError(what="consistency", first=old_size, tree_size=new_size)
    nodes_from_top: list[bytes] = []
    start, end = 0, new_size
    old_tree_is_this_subtree = True  # RFC 6962's flag b: D[start:end] may be a subtree of the old tree as a whole
    while old_size - start < end - start:
        middle = start + split_point(end - start)
        if old_size <= middle:
            nodes_from_top.append(subtree_hash(middle, end))
            end = middle
        else:
            nodes_from_top.append(subtree_hash(start, middle))
            start = middle
            old_tree_is_this_subtree = False
    if not old_tree_is_this_subtree:
        nodes_from_top.append(subtree_hash(start, end))
    nodes_from_top.reverse()
    return nodes_from_top


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """Audit path of leaves[index] in the tree of the raw leaf inputs."""
    return inclusion_proof_from(subtree_hash_over([leaf_hash(data) for data in leaves]), index, len(leaves))


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """Proof that the tree of leaves[:old_size] is a prefix of the tree of all leaves."""
    return consistency_proof_from(subtree_hash_over([leaf_hash(data) for data in leaves]), old_size, len(leaves))


def _are_hashes(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def verify_inclusion(leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `proof` show the leaf with this hash at `index` in the tree with this root?"""
    if not (0 <= index < tree_size and _are_hashes(leaf_hash, root, *proof)):
        return False
    fn, sn = index, tree_size - 1
    computed = leaf_hash
    for sibling in proof:
        if sn == 0:
            return False  # proof longer than the path
        if fn & 1 or fn == sn:
            computed = node_hash(sibling, computed)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            computed = node_hash(computed, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and computed == root


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: does `proof` show the tree (size1, root1) is a prefix of the tree (size2, root2)?

    Any claim about the empty tree is rejected, even 0 == 0: RFC 9162 defines PROOF(m, D[n]) only for 0 < m < n,
    and transparency-dev/merkle rejects it too (an empty old tree commits to nothing). Equal sizes need an empty
    proof and byte-equal roots; as in transparency-dev's probes, that comparison does not check hash lengths.
    """
    if not 0 < size1 <= size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if not proof or not _are_hashes(root1, root2, *proof):
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # the old tree is a perfect subtree: its root is the proof's implicit seed
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old_root = new_root = path[0]
    for node in path[1:]:
        if sn == 0:
            return False  # proof longer than needed
        if fn & 1 or fn == sn:
            old_root = node_hash(node, old_root)
            new_root = node_hash(node, new_root)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            new_root = node_hash(new_root, node)
        fn >>= 1
        sn >>= 1
    return sn == 0 and old_root == root1 and new_root == root2
