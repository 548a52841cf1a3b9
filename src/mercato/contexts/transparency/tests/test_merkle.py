"""The Merkle domain agrees with RFC 6962/9162, the transparency-dev probes and the reference tree, and its proofs
are sound (every generated proof verifies, any flipped byte is caught) whichever way subtree hashes are supplied."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mercato.contexts.transparency.domain import (
    EMPTY_ROOT,
    ProofRangeError,
    SubtreeHash,
    consistency_proof,
    consistency_proof_from,
    inclusion_proof,
    inclusion_proof_from,
    leaf_hash,
    node_hash,
    range_hash_from_perfect,
    root,
    verify_consistency,
    verify_inclusion,
)

# repo root is parents[5] (/work/main); the shared data sits beside it: /work/main/../shared/data/merkle
MERKLE_DATA = Path(__file__).resolve().parents[5] / ".." / "shared" / "data" / "merkle"
PROBES = MERKLE_DATA / "transparency-dev" / "testdata"
REFERENCE = MERKLE_DATA / "rfc6962_reference_tree_vectors.json"
NO_DATA = pytest.param(None, marks=pytest.mark.skip(reason=f"{MERKLE_DATA} is absent (fresh clone without ../shared)"))


def _probe_params(kind: str) -> list[Any]:
    if not PROBES.is_dir():
        return [NO_DATA]
    files = sorted((PROBES / kind).rglob("*.json"))
    return [pytest.param(path, id=str(path.relative_to(PROBES / kind))) for path in files]


def _reference() -> dict[str, Any]:
    if not REFERENCE.is_file():
        pytest.skip(f"{REFERENCE} is absent (fresh clone without ../shared)")
    vectors: dict[str, Any] = json.loads(REFERENCE.read_text())
    return vectors


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def _hexes(values: Sequence[str]) -> list[bytes]:
    return [bytes.fromhex(value) for value in values]


def _perfect_subtree_reader(leaves: Sequence[bytes], reads: list[tuple[int, int]]) -> SubtreeHash:
    """A SubtreeHash backed only by perfect-subtree lookups, like the storage layer's; records every read."""
    hashes = [leaf_hash(data) for data in leaves]

    def perfect(level: int, index: int) -> bytes:
        reads.append((level, index))
        span = 1 << level
        return root_of_hashes(hashes[index * span : (index + 1) * span])

    return lambda start, end: range_hash_from_perfect(perfect, start, end)


def root_of_hashes(hashes: Sequence[bytes]) -> bytes:
    level = list(hashes)
    while len(level) > 1:  # perfect subtrees only: pairwise reduction equals MTH
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


# --- (1) transparency-dev/merkle probes -------------------------------------------------------------------------


@pytest.mark.parametrize("probe_file", _probe_params("inclusion"))
def test_inclusion_probe_has_expected_outcome(probe_file: Path) -> None:
    probe = json.loads(probe_file.read_text())
    verified = verify_inclusion(
        _b64(probe.get("leafHash")),
        probe.get("leafIdx", 0),
        probe.get("treeSize", 0),
        [_b64(node) for node in probe.get("proof") or []],
        _b64(probe.get("root")),
    )
    assert verified is not probe.get("wantErr", False), probe.get("desc")


@pytest.mark.parametrize("probe_file", _probe_params("consistency"))
def test_consistency_probe_has_expected_outcome(probe_file: Path) -> None:
    probe = json.loads(probe_file.read_text())
    verified = verify_consistency(
        probe.get("size1", 0),
        probe.get("size2", 0),
        _b64(probe.get("root1")),
        _b64(probe.get("root2")),
        [_b64(node) for node in probe.get("proof") or []],
    )
    assert verified is not probe.get("wantErr", False), probe.get("desc")


def test_all_196_probes_are_present_when_shared_data_is() -> None:
    if not PROBES.is_dir():
        pytest.skip(f"{PROBES} is absent")
    counts = {kind: len(list((PROBES / kind).rglob("*.json"))) for kind in ("inclusion", "consistency")}
    assert counts == {"inclusion": 98, "consistency": 98}


# --- (2) RFC 6962 reference tree ---------------------------------------------------------------------------------


def test_reference_roots_for_sizes_0_to_8() -> None:
    vectors = _reference()
    leaves = _hexes(vectors["leaf_inputs_hex"])
    expected = _hexes(vectors["roots_by_tree_size"])
    assert [root(leaves[:size]) for size in range(len(leaves) + 1)] == expected
    assert expected[0] == EMPTY_ROOT


def test_reference_hashing_vectors() -> None:
    computed_by_desc = {
        'empty tree root = SHA256("")': root([]),
        "leaf hash of empty leaf = SHA256(0x00)": leaf_hash(b""),
        'leaf hash of ASCII "L123456" = SHA256(0x00||data)': leaf_hash(b"L123456"),
        'node hash of ASCII "N123","N456" = SHA256(0x01||left||right)': node_hash(b"N123", b"N456"),
    }
    vectors = _reference()["hash_vectors"]
    assert {vector["desc"] for vector in vectors} == set(computed_by_desc)
    for vector in vectors:
        assert computed_by_desc[vector["desc"]].hex() == vector["value"], vector["desc"]


def test_reference_audit_paths_are_generated_and_verified() -> None:
    vectors = _reference()
    leaves = _hexes(vectors["leaf_inputs_hex"])
    assert len(vectors["inclusion_proofs"]) == 36
    for case in vectors["inclusion_proofs"]:
        index, size = case["leaf_index"], case["tree_size"]
        expected_path = _hexes(case["audit_path"])
        assert leaves[index].hex() == case["leaf_input_hex"]
        assert leaf_hash(leaves[index]).hex() == case["leaf_hash"]
        assert root(leaves[:size]).hex() == case["root"]
        assert inclusion_proof(leaves[:size], index) == expected_path, (index, size)
        assert inclusion_proof_from(_perfect_subtree_reader(leaves[:size], []), index, size) == expected_path
        assert verify_inclusion(leaf_hash(leaves[index]), index, size, expected_path, bytes.fromhex(case["root"]))


def test_reference_consistency_proofs_are_generated_and_verified() -> None:
    vectors = _reference()
    leaves = _hexes(vectors["leaf_inputs_hex"])
    assert len(vectors["consistency_proofs"]) == 36
    for case in vectors["consistency_proofs"]:
        size1, size2 = case["size1"], case["size2"]
        expected_proof = _hexes(case["proof"])
        root1, root2 = bytes.fromhex(case["root1"]), bytes.fromhex(case["root2"])
        assert (root(leaves[:size1]), root(leaves[:size2])) == (root1, root2)
        assert consistency_proof(leaves[:size2], size1) == expected_proof, (size1, size2)
        assert consistency_proof_from(_perfect_subtree_reader(leaves, []), size1, size2) == expected_proof
        assert verify_consistency(size1, size2, root1, root2, expected_proof)


# --- edges the vectors imply --------------------------------------------------------------------------------------


def test_generators_refuse_positions_the_tree_does_not_have() -> None:
    leaves = [b"a", b"b", b"c"]
    for index in (-1, 3):
        with pytest.raises(ProofRangeError):
            inclusion_proof(leaves, index)
    for old_size in (-1, 0, 4):
        with pytest.raises(ProofRangeError):
            consistency_proof(leaves, old_size)
    assert consistency_proof(leaves, 3) == []
    assert inclusion_proof([b"only"], 0) == []


def test_verifiers_reject_empty_old_tree_and_short_hashes() -> None:
    leaves = [b"a", b"b", b"c"]
    assert not verify_consistency(0, 3, EMPTY_ROOT, root(leaves), [])
    assert not verify_consistency(0, 3, EMPTY_ROOT, root(leaves), [root(leaves)])
    assert not verify_consistency(3, 2, root(leaves), root(leaves[:2]), [])
    assert verify_consistency(3, 3, root(leaves), root(leaves), [])
    assert not verify_consistency(3, 3, root(leaves), root(leaves), [root(leaves)])
    assert not verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])  # probe: "sizes are equal (zero) ..."
    assert verify_consistency(1, 1, b"don't care 2", b"don't care 2", [])  # probe: equal sizes compare bytes only
    assert not verify_consistency(2, 3, root(leaves[:2])[:31], root(leaves)[:31], consistency_proof(leaves, 2))
    assert not verify_inclusion(leaf_hash(b"a")[:31], 0, 1, [], leaf_hash(b"a")[:31])
    assert verify_inclusion(leaf_hash(b"a"), 0, 1, [], leaf_hash(b"a"))


# --- (3) properties -----------------------------------------------------------------------------------------------

leaf_lists = st.lists(st.binary(max_size=12), min_size=1, max_size=48)
byte_masks = st.integers(min_value=1, max_value=255)


def _flip(value: bytes, position: int, mask: int) -> bytes:
    return value[:position] + bytes([value[position] ^ mask]) + value[position + 1 :]


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists, data=st.data(), mask=byte_masks)
def test_every_inclusion_proof_verifies_and_any_flipped_byte_fails(leaves: list[bytes], data: Any, mask: int) -> None:
    size, tree_root = len(leaves), root(leaves)
    for index in range(size):
        assert verify_inclusion(leaf_hash(leaves[index]), index, size, inclusion_proof(leaves, index), tree_root)

    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    proof, hashed = inclusion_proof(leaves, index), leaf_hash(leaves[index])
    for position in range(32):
        assert not verify_inclusion(_flip(hashed, position, mask), index, size, proof, tree_root)
        assert not verify_inclusion(hashed, index, size, proof, _flip(tree_root, position, mask))
        for node in range(len(proof)):
            tampered = [*proof[:node], _flip(proof[node], position, mask), *proof[node + 1 :]]
            assert not verify_inclusion(hashed, index, size, tampered, tree_root)
    assert not verify_inclusion(hashed, index, size, [*proof, tree_root], tree_root)
    if proof:
        assert not verify_inclusion(hashed, index, size, proof[:-1], tree_root)


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists, data=st.data(), mask=byte_masks)
def test_every_consistency_proof_verifies_and_any_flipped_byte_fails(leaves: list[bytes], data: Any, mask: int) -> None:
    size2, root2 = len(leaves), root(leaves)
    for size1 in range(1, size2 + 1):
        assert verify_consistency(size1, size2, root(leaves[:size1]), root2, consistency_proof(leaves, size1))

    size1 = data.draw(st.integers(min_value=1, max_value=size2), label="size1")
    proof, root1 = consistency_proof(leaves, size1), root(leaves[:size1])
    for position in range(32):
        assert not verify_consistency(size1, size2, _flip(root1, position, mask), root2, proof)
        assert not verify_consistency(size1, size2, root1, _flip(root2, position, mask), proof)
        for node in range(len(proof)):
            tampered = [*proof[:node], _flip(proof[node], position, mask), *proof[node + 1 :]]
            assert not verify_consistency(size1, size2, root1, root2, tampered)
    assert not verify_consistency(size1, size2, root1, root2, [*proof, root2])
    if proof:
        assert not verify_consistency(size1, size2, root1, root2, proof[:-1])


@settings(max_examples=100, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_callback_generators_match_list_generators_with_logarithmic_reads(leaves: list[bytes], data: Any) -> None:
    size = len(leaves)
    read_budget = 2 * size.bit_length() + 1
    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    reads: list[tuple[int, int]] = []
    assert inclusion_proof_from(_perfect_subtree_reader(leaves, reads), index, size) == inclusion_proof(leaves, index)
    assert len(reads) <= read_budget

    old_size = data.draw(st.integers(min_value=1, max_value=size), label="old_size")
    reads.clear()
    from_callback = consistency_proof_from(_perfect_subtree_reader(leaves, reads), old_size, size)
    assert from_callback == consistency_proof(leaves, old_size)
    assert len(reads) <= read_budget
