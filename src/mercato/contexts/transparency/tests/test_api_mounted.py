"""The transparency endpoints as integrators see them: mounted under /api/v1, errors as problem+json."""

import base64

from conftest import Api
from mercato.contexts.transparency.domain.proofs import verify_inclusion
from mercato.contexts.transparency.public import leaves_append, tree_head_sign


def test_signed_head_proofs_and_errors_over_the_api(db):
    leaves_append(inputs=[f"fact-{i}".encode() for i in range(7)])
    tree_head_sign()
    api = Api()
    key = api.get("/transparency/public-key").body
    assert key["algorithm"] == "Ed25519" and len(base64.b64decode(key["public_key"])) == 32
    sth = api.get("/transparency/sth").body
    assert sth["tree_size"] == 7 and len(bytes.fromhex(sth["root_hash"])) == 32
    leaf = api.get("/transparency/leaves?start=3&end=3").body["leaves"][0]
    proof = api.get("/transparency/proof/inclusion?leaf_index=3&tree_size=7").body
    assert verify_inclusion(bytes.fromhex(leaf["leaf_hash"]), 3, 7, [bytes.fromhex(h) for h in proof["hashes"]],
                            bytes.fromhex(sth["root_hash"]))
    bad = api.get("/transparency/proof/inclusion?leaf_index=9&tree_size=7")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    assert bad.body["errors"][0]["field"] == "leaf_index"
    assert api.get("/transparency/proof/consistency?first=8&second=3").status_code == 422
    assert api.get("/transparency/leaves?start=0&end=5000").status_code == 422
    history = api.get("/transparency/sth/history?since=-1")
    assert history.status_code == 422 and history.body["errors"][0]["field"] == "since"
