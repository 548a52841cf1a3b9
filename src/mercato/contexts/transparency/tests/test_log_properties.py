"""Properties of the stored log (hypothesis, on the real database): any sequence of batched appends yields stored
proofs that verify against the signed head, and any single flipped bit in any stored leaf is detected."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mercato.contexts.transparency import selectors
from mercato.contexts.transparency.domain import leaf_hash, verify_consistency, verify_inclusion
from mercato.contexts.transparency.models import Leaf
from mercato.contexts.transparency.services import leaves_append, tree_head_sign
from mercato.contexts.transparency.verification import log_verify

pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
batches = st.lists(st.lists(st.binary(max_size=40), min_size=1, max_size=9), min_size=1, max_size=6)


class Rollback(Exception):
    """Undo one example's appends: each hypothesis example starts from an empty log."""


def _in_rolled_back_transaction(check) -> None:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


@PROPERTY
@given(batches=batches, data=st.data())
def test_any_append_sequence_yields_stored_proofs_that_verify(batches: list[list[bytes]], data: st.DataObject) -> None:
    def check() -> None:
        inputs: list[bytes] = []
        heads = []
        for number, batch in enumerate(batches):
            leaves_append(inputs=batch)
            inputs += batch
            heads.append(tree_head_sign(at_ms=1_000 + number))
        size, root = heads[-1].tree_size, bytes(heads[-1].root_hash)
        index = data.draw(st.integers(0, size - 1))
        assert verify_inclusion(leaf_hash(inputs[index]), index, size, selectors.inclusion_proof(index, size), root)
        older = data.draw(st.sampled_from(heads))
        proof = selectors.consistency_proof(older.tree_size, size)
        assert verify_consistency(older.tree_size, size, bytes(older.root_hash), root, proof)
        assert log_verify().ok

    _in_rolled_back_transaction(check)


@PROPERTY
@given(inputs=st.lists(st.binary(min_size=1, max_size=30), min_size=1, max_size=20), data=st.data())
def test_any_single_bit_flip_in_a_stored_leaf_is_detected(inputs: list[bytes], data: st.DataObject) -> None:
    def check() -> None:
        leaves_append(inputs=inputs)
        tree_head_sign(at_ms=1_000)
        index = data.draw(st.integers(0, len(inputs) - 1))
        original = inputs[index]
        bit = data.draw(st.integers(0, len(original) * 8 - 1))
        flipped = bytearray(original)
        flipped[bit // 8] ^= 1 << (bit % 8)
        column = data.draw(st.sampled_from(["leaf_input", "leaf_hash"]))
        value = bytes(flipped) if column == "leaf_input" else _flip(leaf_hash(original), bit % 256)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE transparency_leaf DISABLE TRIGGER transparency_leaf_append_only")
            else:
                cursor.execute("DROP TRIGGER IF EXISTS transparency_leaf_no_update")
            cursor.execute(f"UPDATE transparency_leaf SET {column} = %s WHERE leaf_index = %s", [value, index])
        assert bytes(Leaf.objects.get(leaf_index=index).leaf_input) != original or column == "leaf_hash"
        result = log_verify()
        assert not result.ok and result.first_tampered_leaf is not None
        assert result.first_tampered_leaf <= index  # a subtree holding the leaf may be named first
        assert any(f.reason.startswith(f"leaf {index}:") for f in result.findings)

    _in_rolled_back_transaction(check)


def _flip(value: bytes, bit: int) -> bytes:
    flipped = bytearray(value)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)
