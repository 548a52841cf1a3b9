"""Public, unauthenticated endpoints of the transparency log: key, signed heads, leaves and proofs."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mercato.contexts.orders import public as orders
from mercato.shared.api_auth import payer_auth
from mercato.shared.errors import NotFound, ValidationFailed

from . import selectors, services
from .evidence import evidence_bundle, tree_head_json
from .models import SignedTreeHead
from .signing import public_key_raw

router = Router(tags=["transparency"])


class PublicKeyOut(Schema):
    algorithm: str
    public_key: str


class TreeHeadOut(Schema):
    tree_size: int
    root_hash: str
    timestamp: int
    signature: str

    @classmethod
    def of(cls, head: SignedTreeHead) -> TreeHeadOut:
        return cls(**tree_head_json(head))


class TreeHeadsOut(Schema):
    items: list[TreeHeadOut]


class LeafOut(Schema):
    leaf_index: int
    leaf_input: str
    leaf_hash: str


class LeavesOut(Schema):
    leaves: list[LeafOut]


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    hashes: list[str]


class ConsistencyOut(Schema):
    first: int
    second: int
    hashes: list[str]


@router.get("/transparency/public-key", response=PublicKeyOut)
def public_key(request: HttpRequest) -> PublicKeyOut:
    return PublicKeyOut(algorithm="Ed25519", public_key=base64.b64encode(public_key_raw()).decode())


@router.get("/transparency/sth", response=TreeHeadOut)
def latest_tree_head(request: HttpRequest) -> TreeHeadOut:
    head = selectors.latest_tree_head() or services.tree_head_sign()
    return TreeHeadOut.of(head)


@router.get("/transparency/sth/history", response=TreeHeadsOut)
def tree_head_history(request: HttpRequest, since: int = 0) -> TreeHeadsOut:
    """All published heads, oldest first; `since` keeps those of at least that many leaves."""
    if since < 0:
        raise ValidationFailed.on("since", "must be 0 or more")
    return TreeHeadsOut(items=[TreeHeadOut.of(head) for head in selectors.tree_heads(since=since)])


@router.get("/transparency/leaves", response=LeavesOut)
def leaves(request: HttpRequest, start: int, end: int) -> LeavesOut:
    return LeavesOut(leaves=[
        LeafOut(leaf_index=leaf.leaf_index, leaf_input=bytes(leaf.leaf_input).hex(),
                leaf_hash=bytes(leaf.leaf_hash).hex())
        for leaf in selectors.leaves(start, end)
    ])


@router.get("/transparency/proof/inclusion", response=InclusionOut)
def inclusion_proof(request: HttpRequest, leaf_index: int, tree_size: int) -> InclusionOut:
    hashes = selectors.inclusion_proof(leaf_index, tree_size)
    return InclusionOut(leaf_index=leaf_index, tree_size=tree_size, hashes=[h.hex() for h in hashes])


@router.get("/transparency/proof/consistency", response=ConsistencyOut)
def consistency_proof(request: HttpRequest, first: int, second: int) -> ConsistencyOut:
    hashes = selectors.consistency_proof(first, second)
    return ConsistencyOut(first=first, second=second, hashes=[h.hex() for h in hashes])


@router.get("/orders/{order_id}/evidence", auth=payer_auth, tags=["orders"])
def order_evidence(request: HttpRequest, order_id: str) -> dict[str, Any]:
    """The order's facts in the transparency log with inclusion proofs against the latest signed head: a proof
    bundle (`mercato transparency verify-bundle`). Salts and records are disclosed to the order's parties only."""
    if not orders.order_visible_to(order_id, request.auth):  # type: ignore[attr-defined]
        raise NotFound.of("order", order_id)
    return evidence_bundle(subjects=[order_id], extra={"subject": order_id})
