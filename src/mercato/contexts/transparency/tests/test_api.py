"""The /transparency/* endpoints publish the fields and encodings of API.md."""

from __future__ import annotations

import base64

import pytest
from ninja.testing import TestClient

from mercato.contexts.transparency import signing
from mercato.contexts.transparency.api import router
from mercato.contexts.transparency.domain import leaf_hash, verify_consistency, verify_inclusion
from mercato.contexts.transparency.public import leaves_append, tree_head_sign

pytestmark = pytest.mark.django_db
client = TestClient(router)


def test_public_key_and_on_demand_signed_head_verify() -> None:
    key = client.get("/transparency/public-key").json()
    assert key["algorithm"] == "Ed25519"
    raw = base64.b64decode(key["public_key"])
    assert raw == signing.public_key_raw()
    sth = client.get("/transparency/sth").json()  # nothing signed yet: the empty tree is signed on demand
    assert sth["tree_size"] == 0 and set(sth) == {"tree_size", "root_hash", "timestamp", "signature"}
    assert signing.verify_tree_head(public_key=raw, timestamp_ms=sth["timestamp"], tree_size=0,
                                    root_hash=bytes.fromhex(sth["root_hash"]),
                                    signature=base64.b64decode(sth["signature"]))


def test_leaves_proofs_and_history_round_trip() -> None:
    data = [f"e{i}".encode() for i in range(7)]
    leaves_append(inputs=data[:3])
    tree_head_sign(at_ms=10)
    leaves_append(inputs=data[3:])
    tree_head_sign(at_ms=20)
    history = client.get("/transparency/sth/history").json()["items"]
    assert [h["tree_size"] for h in history] == [3, 7]
    assert [h["tree_size"] for h in client.get("/transparency/sth/history?since=4").json()["items"]] == [7]
    sth = client.get("/transparency/sth").json()
    assert sth == history[-1]
    leaves = client.get("/transparency/leaves?start=2&end=4").json()["leaves"]
    assert leaves == [{"leaf_index": i, "leaf_input": data[i].hex(), "leaf_hash": leaf_hash(data[i]).hex()}
                      for i in (2, 3, 4)]
    proof = client.get("/transparency/proof/inclusion?leaf_index=5&tree_size=7").json()
    assert proof["leaf_index"] == 5 and proof["tree_size"] == 7
    assert verify_inclusion(leaf_hash(data[5]), 5, 7, [bytes.fromhex(h) for h in proof["hashes"]],
                            bytes.fromhex(sth["root_hash"]))
    consistency = client.get("/transparency/proof/consistency?first=3&second=7").json()
    assert (consistency["first"], consistency["second"]) == (3, 7)
    assert verify_consistency(3, 7, bytes.fromhex(history[0]["root_hash"]), bytes.fromhex(sth["root_hash"]),
                              [bytes.fromhex(h) for h in consistency["hashes"]])
