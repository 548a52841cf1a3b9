"""Stored-subtree proofs equal the domain's list-based proofs, and signed heads verify with the published key."""

from __future__ import annotations

import base64
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from mercato.contexts.transparency import selectors, signing
from mercato.contexts.transparency.domain import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root,
    verify_consistency,
    verify_inclusion,
)
from mercato.contexts.transparency.models import LogHead, PerfectSubtree
from mercato.contexts.transparency.public import leaves_append, tree_head_sign
from mercato.shared.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def _entry(i: int) -> bytes:
    return f"entry-{i}".encode()


def test_proofs_from_stored_subtrees_equal_list_proofs_and_verify_for_every_size_up_to_40() -> None:
    data: list[bytes] = []
    heads = {}
    for batch in (1, 2, 3, 1, 5, 8, 4, 16):  # 40 leaves in uneven batches
        new = [_entry(len(data) + k) for k in range(batch)]
        assert leaves_append(inputs=new) == len(data) + batch
        data += new
    for size in range(1, 41):
        # sign every size: replay the log's head size (signing reads the stored size only)
        LogHead.objects.filter(pk=1).update(size=size)
        heads[size] = tree_head_sign(at_ms=1_700_000_000_000 + size)
        assert bytes(heads[size].root_hash) == root(data[:size]) == selectors.root_at(size)
    for size in range(1, 41):
        signed_root = bytes(heads[size].root_hash)
        for index in range(size):
            proof = selectors.inclusion_proof(index, size)
            assert proof == inclusion_proof(data[:size], index)
            assert verify_inclusion(leaf_hash(data[index]), index, size, proof, signed_root)
        for first in range(1, size + 1):
            proof = selectors.consistency_proof(first, size)
            assert proof == consistency_proof(data[:size], first)
            assert verify_consistency(first, size, bytes(heads[first].root_hash), signed_root, proof)
    assert PerfectSubtree.objects.count() == 40 - bin(40).count("1")  # one per completed internal node
    assert selectors.find_first_tampered_leaf() is None


def test_signed_head_verifies_over_the_exact_rfc6962_tree_head_signature_bytes() -> None:
    leaves_append(inputs=[b"a", b"b", b"c"])
    head = tree_head_sign(at_ms=1_234_567_890_123)
    signed_bytes = (bytes([0, 1]) + (1_234_567_890_123).to_bytes(8, "big") + (3).to_bytes(8, "big")
                    + root([b"a", b"b", b"c"]))
    Ed25519PublicKey.from_public_bytes(signing.public_key_raw()).verify(bytes(head.signature), signed_bytes)
    assert signing.verify_tree_head(public_key=signing.public_key_raw(), timestamp_ms=head.timestamp_ms,
                                    tree_size=3, root_hash=bytes(head.root_hash), signature=bytes(head.signature))
    assert not signing.verify_tree_head(public_key=signing.public_key_raw(), timestamp_ms=head.timestamp_ms + 1,
                                        tree_size=3, root_hash=bytes(head.root_hash),
                                        signature=bytes(head.signature))


def test_signing_the_same_size_twice_returns_the_existing_head_and_time_never_goes_back() -> None:
    leaves_append(inputs=[b"x"])
    first = tree_head_sign(at_ms=2000)
    assert tree_head_sign(at_ms=3000).pk == first.pk
    leaves_append(inputs=[b"y"])
    with pytest.raises(ValidationFailed):
        tree_head_sign(at_ms=1000)


def test_key_file_is_created_once_with_owner_only_permissions(settings: object) -> None:
    key = signing.public_key_raw()
    path = signing._key_file()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert signing.public_key_raw() == key and len(key) == 32


def test_key_from_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    monkeypatch.setenv("MERCATO_TRANSPARENCY_KEY", base64.b64encode(raw).decode())
    assert signing.public_key_raw() == private.public_key().public_bytes(Encoding.Raw, __import__(
        "cryptography.hazmat.primitives.serialization", fromlist=["PublicFormat"]).PublicFormat.Raw)
    assert not signing._key_file().exists()


def test_proof_requests_beyond_the_signed_size_or_with_bad_ranges_name_the_field() -> None:
    with pytest.raises(NotFound):
        selectors.inclusion_proof(0, 1)
    leaves_append(inputs=[_entry(i) for i in range(5)])
    tree_head_sign(at_ms=1)
    leaves_append(inputs=[b"unsigned"])
    for call, field in (
        (lambda: selectors.inclusion_proof(0, 6), "tree_size"),
        (lambda: selectors.inclusion_proof(5, 5), "leaf_index"),
        (lambda: selectors.inclusion_proof(-1, 5), "leaf_index"),
        (lambda: selectors.consistency_proof(0, 5), "first"),
        (lambda: selectors.consistency_proof(4, 6), "second"),
        (lambda: selectors.consistency_proof(5, 4), "first"),
        (lambda: selectors.leaves(3, 2), "end"),
        (lambda: selectors.leaves(0, 1000), "end"),
        (lambda: selectors.leaves(6, 7), "start"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            call()
        assert caught.value.errors[0].field == field
    assert selectors.consistency_proof(5, 5) == []
    assert [leaf.leaf_index for leaf in selectors.leaves(4, 999)] == [4, 5]
