"""Reads of the transparency log: sizes, roots, leaves, signed heads and proofs from stored perfect subtrees.

A proof or root walks the tree structure twice: once to learn which perfect subtrees it needs (the walk does not
depend on hash values), then again over those hashes fetched in two queries. Nothing is ever rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection

from mercato.shared.errors import NotFound, ValidationFailed

from .domain import (
    EMPTY_ROOT,
    HASH_SIZE,
    PerfectSubtreeHash,
    consistency_proof_from,
    inclusion_proof_from,
    leaf_hash,
    node_hash,
    range_hash_from_perfect,
)
from .models import Leaf, LogHead, PerfectSubtree, SignedTreeHead
from .signing import public_key_raw, verify_tree_head

MAX_LEAVES_PER_CALL = 1000
T = TypeVar("T")
_PLACEHOLDER = bytes(HASH_SIZE)


def perfect_hashes(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Stored hashes of the perfect subtrees (level, index): leaf hashes for level 0, PerfectSubtree rows above.

    Two plain statements (a proof needs ~log2(n) keys): building the same lookup with the ORM cost several
    milliseconds of query compilation per proof, ten times the database's own time.
    """
    wanted = set(keys)
    found: dict[tuple[int, int], bytes] = {}
    leaf_indexes = sorted(index for level, index in wanted if level == 0)
    upper = sorted(key for key in wanted if key[0] > 0)
    with connection.cursor() as cursor:
        if leaf_indexes:
            marks = ", ".join(["%s"] * len(leaf_indexes))
            cursor.execute(f"SELECT leaf_index, leaf_hash FROM {Leaf._meta.db_table} WHERE leaf_index IN ({marks})",
                           leaf_indexes)
            found.update(((0, index), bytes(hash_)) for index, hash_ in cursor.fetchall())
        if upper:
            rows = ", ".join(["(%s, %s)"] * len(upper))
            cursor.execute(f'SELECT level, "index", hash FROM {PerfectSubtree._meta.db_table} '
                           f'WHERE (level, "index") IN (VALUES {rows})', [part for key in upper for part in key])
            found.update(((level, index), bytes(hash_)) for level, index, hash_ in cursor.fetchall())
    missing = wanted - found.keys()
    if missing:
        raise RuntimeError(f"transparency log storage is missing perfect subtrees {sorted(missing)[:5]}")
    return found


def _from_storage(compute: Callable[[Callable[[int, int], bytes]], T]) -> T:
    """Run `compute(subtree_hash)` against stored perfect subtrees: record the keys, fetch them once, compute."""
    needed: set[tuple[int, int]] = set()

    def recording(level: int, index: int) -> bytes:
        needed.add((level, index))
        return _PLACEHOLDER

    compute(_range_hash(recording))
    stored = perfect_hashes(needed)
    return compute(_range_hash(lambda level, index: stored[(level, index)]))


def _range_hash(perfect: PerfectSubtreeHash) -> Callable[[int, int], bytes]:
    def subtree_hash(start: int, end: int) -> bytes:
        return EMPTY_ROOT if start == end else range_hash_from_perfect(perfect, start, end)

    return subtree_hash


def log_size() -> int:
    """Leaves appended so far (signed or not)."""
    head = LogHead.objects.filter(pk=1).values_list("size", flat=True).first()
    return head or 0


def root_at(tree_size: int) -> bytes:
    """MTH of the first `tree_size` leaves, folded from stored perfect subtrees."""
    if tree_size == 0:
        return EMPTY_ROOT
    return _from_storage(lambda subtree_hash: subtree_hash(0, tree_size))


def current_root() -> tuple[int, bytes]:
    size = log_size()
    return size, root_at(size)


def latest_tree_head() -> SignedTreeHead | None:
    return SignedTreeHead.objects.order_by("-tree_size").first()


def tree_heads(*, since: int = 0) -> list[SignedTreeHead]:
    """Every published signed head of at least `since` leaves, oldest first (an auditor asks only for the heads
    after the one it remembers)."""
    return list(SignedTreeHead.objects.filter(tree_size__gte=since).order_by("tree_size"))


def _signed_size() -> int:
    size = SignedTreeHead.objects.order_by("-tree_size").values_list("tree_size", flat=True).first()
    if size is None:
        raise NotFound("the log has not signed a tree head yet")
    return size


def leaves(start: int, end: int) -> list[Leaf]:
    """Leaves start..end inclusive, at most MAX_LEAVES_PER_CALL; `end` past the last leaf is cut to it."""
    if start < 0:
        raise ValidationFailed.on("start", "must be 0 or more")
    if end < start:
        raise ValidationFailed.on("end", "must not be less than start")
    if end - start + 1 > MAX_LEAVES_PER_CALL:
        raise ValidationFailed.on("end", f"at most {MAX_LEAVES_PER_CALL} leaves per call")
    size = log_size()
    if start >= size:
        raise ValidationFailed.on("start", f"the log has {size} leaves")
    return list(Leaf.objects.filter(leaf_index__gte=start, leaf_index__lte=end).order_by("leaf_index"))


def inclusion_proof(leaf_index: int, tree_size: int) -> list[bytes]:
    """RFC 9162 audit path of `leaf_index` in the tree of `tree_size` leaves (at most the latest signed size)."""
    signed = _signed_size()
    if not 1 <= tree_size <= signed:
        raise ValidationFailed.on("tree_size", f"must be between 1 and the latest signed size {signed}")
    if not 0 <= leaf_index < tree_size:
        raise ValidationFailed.on("leaf_index", f"must be between 0 and tree_size - 1 ({tree_size - 1})")
    return _from_storage(lambda subtree_hash: inclusion_proof_from(subtree_hash, leaf_index, tree_size))


def inclusion_proofs(leaf_indexes: Iterable[int], tree_size: int) -> dict[int, list[bytes]]:
    """Audit paths of several leaves in one tree, from one fetch of the stored subtrees they need."""
    wanted = sorted(set(leaf_indexes))
    if not wanted:
        return {}
    signed = _signed_size()
    if not 1 <= tree_size <= signed:
        raise ValidationFailed.on("tree_size", f"must be between 1 and the latest signed size {signed}")
    if wanted[0] < 0 or wanted[-1] >= tree_size:
        raise ValidationFailed.on("leaf_index", f"must be between 0 and tree_size - 1 ({tree_size - 1})")
    return _from_storage(lambda subtree_hash: {
        index: inclusion_proof_from(subtree_hash, index, tree_size) for index in wanted})


def consistency_proof(first: int, second: int) -> list[bytes]:
    """RFC 9162 consistency proof from the tree of `first` leaves to the tree of `second` leaves."""
    signed = _signed_size()
    if not 1 <= second <= signed:
        raise ValidationFailed.on("second", f"must be between 1 and the latest signed size {signed}")
    if not 1 <= first <= second:
        raise ValidationFailed.on("first", f"must be between 1 and second ({second})")
    return _from_storage(lambda subtree_hash: consistency_proof_from(subtree_hash, first, second))


@dataclass(frozen=True)
class Tampering:
    """Evidence that stored history differs from what was appended or signed."""

    leaf_index: int | None
    reason: str
    lower_bound: bool = False
    """True when leaf_index only bounds where the tampering starts (a signed root that no longer matches)."""


def log_tampering() -> list[Tampering]:
    """Re-derive every leaf hash from its stored input, every stored perfect subtree from its stored children, and
    every signed head's root from the leaf inputs (and check its signature).
    Reads the whole log: for audits, not requests."""
    findings: list[Tampering] = []
    derived: list[bytes] = []
    stored_leaf_hashes: list[bytes] = []
    for index, (leaf_index, data, stored_hash) in enumerate(
        Leaf.objects.order_by("leaf_index").values_list("leaf_index", "leaf_input", "leaf_hash").iterator()
    ):
        if leaf_index != index:
            findings.append(Tampering(index, f"leaf {index} is missing (next stored index is {leaf_index})"))
            break
        computed = leaf_hash(bytes(data))
        derived.append(computed)
        stored_leaf_hashes.append(bytes(stored_hash))
        if computed != bytes(stored_hash):
            findings.append(Tampering(index, f"leaf {index}: stored leaf_hash does not match its leaf_input"))
    stored_nodes: dict[tuple[int, int], bytes] = {(0, i): h for i, h in enumerate(stored_leaf_hashes)}
    for level, index, hash_ in PerfectSubtree.objects.values_list("level", "index", "hash").iterator():
        stored_nodes[(level, index)] = bytes(hash_)
    level = 1
    while len(derived) >> level:
        for index in range(len(derived) >> level):  # each stored node must hash its two stored children
            stored = stored_nodes.get((level, index))
            children = stored_nodes[(level - 1, 2 * index)], stored_nodes[(level - 1, 2 * index + 1)]
            if stored is None or stored != node_hash(*children):
                findings.append(Tampering(index << level, f"perfect subtree {level}/{index} does not match "
                                                          "its stored children"))
        level += 1
    levels: list[list[bytes]] = [derived]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
    public_key = public_key_raw()
    covered = 0
    for head in tree_heads():
        root = bytes(head.root_hash)
        if not verify_tree_head(public_key=public_key, timestamp_ms=head.timestamp_ms, tree_size=head.tree_size,
                                root_hash=root, signature=bytes(head.signature)):
            findings.append(Tampering(None, f"signed head at {head.tree_size}: the signature does not verify"))
        if head.tree_size > len(derived):
            findings.append(Tampering(len(derived), f"signed head at {head.tree_size}: leaves are missing"))
        elif _root_over(levels, head.tree_size) != root:
            findings.append(Tampering(covered, f"signed head at {head.tree_size}: the leaves no longer hash to it",
                                      lower_bound=True))
        else:
            covered = head.tree_size
    return findings


def _root_over(levels: list[list[bytes]], size: int) -> bytes:
    if size == 0:
        return EMPTY_ROOT
    return range_hash_from_perfect(lambda level, index: levels[level][index], 0, size)


def find_first_tampered_leaf() -> int | None:
    """The first leaf index implicated by any tampering evidence, or None when the log is intact.

    When the only evidence is a signed root that no longer matches (leaf and subtree hashes rewritten
    consistently), the index is that of the first leaf not covered by an earlier head that still verifies.
    """
    findings = log_tampering()
    exact = [f.leaf_index for f in findings if f.leaf_index is not None and not f.lower_bound]
    bounds = [f.leaf_index for f in findings if f.leaf_index is not None and f.lower_bound]
    return min(exact or bounds) if exact or bounds else None
