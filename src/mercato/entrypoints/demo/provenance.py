"""Demo provenance: signed EPCIS 2.0 histories for a few hundred batches the demo shops actually received.

Batches are chosen among the stock receipts of the plan (tea and fruit lots keep the inventory's lot codes, lots
still on the shelf first), so a shopper can trace what they could buy. The histories are pure data
(`plan_batches`, deterministic for a plan); `seed_provenance` registers the parties and captures every group of
events through `epcis_capture`, signed by the party that performed the step, then publishes the transparency log.
"""

from __future__ import annotations

import base64
import random
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.db import transaction

from mercato.contexts.provenance import services as provenance
from mercato.contexts.provenance.domain import epcis_builder as b
from mercato.contexts.provenance.domain.event_hash import document_event_hash_ids
from mercato.contexts.transparency.public import log_publish
from mercato.shared.actor import Actor

from .plan import Plan
from .provenance_chains import Batch, CaptureGroup, ChainMaker, Receipt
from .provenance_parties import (
    ELECTRONICS_MAKERS,
    FRUIT_ORIGINS,
    PARTIES,
    PARTY,
    RETAILERS,
    TEA_ORIGINS,
    PartySpec,
    origin_of,
)

# scale name → (batches in all, at most this many tea batches, at most this many fruit batches); electronics fill up
TARGETS = {"full": (300, 100, 90), "small": (30, 10, 8)}
FRUIT_ITEM_BASE = 10_000  # an orchard numbers the GTINs of the boxes it packs for a shop from here


def _kind(plan: Plan, variant: int) -> tuple[str, str] | None:
    """(kind, GTIN-14) when the variant's history can be told, else None."""
    var = plan.variants[variant]
    product = plan.products[var.product]
    if plan.merchants[var.merchant].profile.slug not in RETAILERS:
        return None
    title = product.title["zh-Hans"]
    if product.category == "tea" and var.gtin and origin_of(title, TEA_ORIGINS):
        return "tea", "0" + var.gtin
    if product.category in ELECTRONICS_MAKERS and var.gtin:
        return "electronics", "0" + var.gtin
    origin = origin_of(title, FRUIT_ORIGINS) if product.category == "fresh-fruit" else None
    if origin:  # the catalogue lists fresh fruit without GTINs: the orchard's own GTIN for the box names it
        return "fruit", PARTY[origin.grower].gtin(FRUIT_ITEM_BASE + variant)
    return None


def _receipts_by_kind(plan: Plan) -> dict[str, dict[int, list[Receipt]]]:
    """Every receipt at a traced shop's warehouse, by kind and variant: lots still on the shelf first, then newest."""
    on_shelf = {(lot.level, lot.code) for lot in plan.lots}
    found: dict[str, dict[int, list[tuple[tuple[bool, float], Receipt]]]] = {}
    seen: set[tuple[str, str]] = set()
    for move in plan.movements:
        if move.reason != "receive" or move.on_hand <= 0:
            continue
        level = plan.levels[move.level]
        kind = _kind(plan, level.variant)
        if kind is None or (kind[0] != "electronics" and (not move.lot or (kind[1], move.lot) in seen)):
            continue
        seen.add((kind[1], move.lot))
        var = plan.variants[level.variant]
        merchant = plan.merchants[var.merchant]
        warehouse = plan.warehouses[level.warehouse]
        receipt = Receipt(level.variant, level.warehouse, warehouse.city,
                          RETAILERS[merchant.profile.slug], merchant.warehouses.index(level.warehouse) + 1, move.at,
                          move.on_hand, move.lot, kind[1], var.weight_grams, plan.products[var.product].category)
        key = ((move.level, move.lot) not in on_shelf, -move.at.timestamp())
        found.setdefault(kind[0], {}).setdefault(level.variant, []).append((key, receipt))
    return {kind: {v: [r for _, r in sorted(rows, key=lambda row: row[0])] for v, rows in by_variant.items()}
            for kind, by_variant in found.items()}


def _round_robin(rng: random.Random, by_variant: dict[int, list[Receipt]], count: int) -> list[Receipt]:
    """Up to `count` receipts, one variant after another, so that many products get a history."""
    order = sorted(by_variant)
    rng.shuffle(order)
    queues = [list(by_variant[v]) for v in order]
    picked: list[Receipt] = []
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    return picked


def plan_batches(plan: Plan) -> list[Batch]:
    """The batches and their histories for this plan: the same plan always gives the same documents."""
    rng = random.Random(f"{plan.seed}:provenance")
    total, tea_max, fruit_max = TARGETS.get(plan.scale.name, TARGETS["small"])
    receipts = _receipts_by_kind(plan)
    tea = _round_robin(rng, receipts.get("tea", {}), tea_max)
    fruit = _round_robin(rng, receipts.get("fruit", {}), fruit_max)
    electronics = _round_robin(rng, receipts.get("electronics", {}), total - len(tea) - len(fruit))
    maker = ChainMaker(rng, plan.reference)
    batches: list[Batch] = []
    for receipt in sorted([*tea, *fruit, *electronics], key=lambda r: (r.at, r.gtin)):
        title = plan.products[plan.variants[receipt.variant].product].title["zh-Hans"]
        tea_origin, fruit_origin = origin_of(title, TEA_ORIGINS), origin_of(title, FRUIT_ORIGINS)
        if receipt.category == "tea" and tea_origin:
            batches.append(maker.tea(receipt, tea_origin))
        elif receipt.category == "fresh-fruit" and fruit_origin:
            batches.append(maker.fruit(receipt, fruit_origin))
        else:
            batches.append(maker.electronics(receipt, ELECTRONICS_MAKERS[receipt.category]))
    return batches


def _moment(event: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(event["eventTime"])


def weekly_captures(batches: Iterable[Batch]) -> list[CaptureGroup]:
    """What each party posts: its steps of one ISO week (by their last event) in one signed document, oldest first.

    Parties upload in batches rather than one POST per step; it also keeps the seed fast (the per-capture work
    of the service, a signature check among it, is paid once per document).
    """
    weekly: dict[tuple[str, tuple[int, int]], CaptureGroup] = {}
    for batch in batches:
        for group in batch.captures:
            week = _moment(group.events[-1]).isocalendar()
            key = (group.party, (week[0], week[1]))
            weekly.setdefault(key, CaptureGroup(group.party)).events.extend(group.events)
    for group in weekly.values():
        group.events.sort(key=_moment)
    return sorted(weekly.values(), key=lambda g: (_moment(g.events[-1]), g.party))


def capture_document(group: CaptureGroup) -> dict[str, Any]:
    """The EPCIS document a party posts for one group of its events, dated a few minutes after the last one."""
    last = max(_moment(event) for event in group.events)
    return b.document(group.events, created=last + timedelta(minutes=5))


def _public_key(party: PartySpec) -> str:
    raw = party.private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _capture_all(batches: Iterable[Batch], actor: Actor) -> int:
    ids = {party.key: provenance.party_register(name=party.name, role=party.role, public_key=_public_key(party),
                                                gln=party.gln(), actor=actor).id for party in PARTIES}
    keys = {party.key: party.private_key() for party in PARTIES}
    captured = 0
    for group in weekly_captures(batches):
        document = capture_document(group)
        message = provenance.signed_message(document_event_hash_ids(document))
        signature = base64.b64encode(keys[group.party].sign(message)).decode()
        outcome = provenance.epcis_capture(payload=document, actor=actor, party_id=ids[group.party],
                                           signature=signature)
        captured += outcome.capture.captured
    return captured


def seed_provenance(plan: Plan, operator_id: str, *, verbose: bool = False) -> dict[str, int]:
    """Register the parties, capture every batch's history (signed), and publish the log; returns counts."""
    started = time.monotonic()
    batches = plan_batches(plan)
    actor = Actor(user_id=operator_id, is_operator=True)
    with transaction.atomic():
        captured = _capture_all(batches, actor)
    appended = log_publish()
    kinds = Counter(batch.kind for batch in batches)
    events: Counter[str] = Counter()
    for batch in batches:
        events[batch.kind] += len(batch.events)
    counts = {"parties": len(PARTIES), "batches": len(batches), "events": captured, "logged": appended,
              **{f"{kind} batches": n for kind, n in sorted(kinds.items())},
              **{f"{kind} events": n for kind, n in sorted(events.items())}}
    if verbose:
        print(f"Captured {captured} signed supply-chain events for {len(batches)} batches "
              f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}) from {len(PARTIES)} parties and "
              f"published the log in {time.monotonic() - started:.1f}s.", flush=True)
    return counts
