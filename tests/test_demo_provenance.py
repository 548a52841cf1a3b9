"""The demo's provenance data: signed EPCIS histories of batches the shops received, every event in the log,
traces that run from the farm to the shop, and the same documents for the same seed."""

from __future__ import annotations

import base64
from collections import Counter

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import shared_world
from mercato.contexts.inventory.models import StockLot
from mercato.contexts.provenance.domain.event_hash import document_event_hash_ids
from mercato.contexts.provenance.models import Capture, Event, EventIdentifier, Party
from mercato.contexts.provenance.services import signed_message
from mercato.contexts.provenance.trace import trace_of
from mercato.contexts.transparency.models import Entry, SignedTreeHead
from mercato.contexts.transparency.verification import log_verify
from mercato.entrypoints.demo.plan import make_plan
from mercato.entrypoints.demo.provenance import capture_document, plan_batches, weekly_captures
from mercato.entrypoints.demo.provenance_parties import PARTIES
from mercato.entrypoints.demo.scale import SMALL
from mercato.entrypoints.demo_seed import seed

# who may attest a step, by its business step (the last part of the CBV URI)
ROLES = {"commissioning": {"farm", "factory"}, "creating_class_instance": {"farm"}, "inspecting": {"lab", "factory",
         "retailer"}, "packing": {"factory", "farm"}, "storing": {"farm"}, "departing": {"carrier"},
         "arriving": {"carrier"}, "transporting": {"carrier"}, "receiving": {"distributor", "retailer"},
         "stocking": {"retailer"}, "sampling": {"lab"}, "shipping": {"farm", "factory", "distributor"}}


@pytest.fixture(scope="module")
def planned():
    plan = make_plan(SMALL)
    return plan, plan_batches(plan)


@pytest.fixture(scope="module")
def seeded_once(django_db_blocker):
    """The small demo set, loaded once for the module; each test runs in a savepoint inside its transaction."""
    yield from shared_world.world_for_module(django_db_blocker, lambda: seed(small=True))


@pytest.fixture
def demo(db, seeded_once):
    pass


def _step(event: Event) -> str:
    return event.biz_step.rsplit("BizStep-", 1)[-1]


def test_every_batch_is_captured_signed_by_its_parties_and_proven_in_the_log(demo, planned):
    plan, batches = planned
    assert len(batches) >= 25 and {b.kind for b in batches} == {"tea", "electronics", "fruit"}
    assert all(8 <= len(b.events) <= 20 for b in batches)
    planned_ids = {b.subject for b in batches}
    assert EventIdentifier.objects.filter(canonical__in=planned_ids).values("canonical").distinct().count() == len(
        planned_ids)
    assert Party.objects.count() == len(PARTIES)
    events = Event.objects.count()
    assert events == sum(len(b.events) for b in batches) and not Event.objects.filter(party__isnull=True).exists()
    assert Entry.objects.filter(kind="epcis.event").count() == events
    assert not Entry.objects.filter(kind="epcis.event", leaf_index__isnull=True).exists()
    verification = log_verify()
    assert verification.ok and verification.tree_size >= events
    assert SignedTreeHead.objects.filter(tree_size=verification.tree_size).exists()

    keys = {p.name: Ed25519PublicKey.from_public_bytes(bytes(p.public_key)) for p in Party.objects.all()}
    captures = {frozenset(c.events.values_list("hash_id", flat=True)): c for c in Capture.objects.select_related(
        "party")}
    for group in weekly_captures(batches):
        hash_ids = document_event_hash_ids(capture_document(group))
        capture = captures[frozenset(hash_ids)]
        keys[capture.party.name].verify(bytes(capture.signature), signed_message(hash_ids))  # raises if forged
    for event in Event.objects.select_related("party"):
        assert event.party.role in ROLES[_step(event)], (event.party.name, event.biz_step)
        assert event.event_time < plan.reference


def test_a_tea_lot_on_the_shelf_traces_back_to_its_garden_and_a_fruit_lot_carries_its_cold_chain(demo, planned):
    _, batches = planned
    tea = next(b for b in batches if b.kind == "tea" and StockLot.objects.filter(
        code=b.lot, level__variant__gtin=b.receipt.gtin[1:]).exists())  # a lot a shopper can buy today
    trace = trace_of(tea.subject)
    steps = trace.steps
    assert len(steps) >= 8 and len(steps) == len(tea.events)
    assert all(s.verified and s.status == "proven" for s in steps)
    assert (_step(steps[0].event), steps[0].event.party.role) == ("commissioning", "farm")
    assert steps[-1].event.party.role == "retailer" and "receiving" in [_step(s.event) for s in steps[-3:]]
    assert Counter(s.event.event_type for s in steps)["TransformationEvent"] == 1
    assert {s.event.party.role for s in steps} == {"farm", "factory", "lab", "carrier", "retailer"}
    inspection = next(s.event for s in steps if _step(s.event) == "inspecting")
    assert inspection.disposition.endswith("conformant") and inspection.body["certificationInfo"].startswith("https://")

    fruit = next(b for b in batches if b.kind == "fruit")
    fruit_trace = trace_of(fruit.subject)
    assert all(s.verified for s in fruit_trace.steps) and len(fruit_trace.steps) == len(fruit.events)
    readings = [r for s in fruit_trace.steps for e in s.event.body.get("sensorElementList", [])
                for r in e["sensorReport"] if r.get("type") == "Temperature" and "value" in r]
    assert len(readings) >= 5

    phone = next(b for b in batches if b.kind == "electronics")
    serial = phone.events[0]["epcList"][0]
    assert len(trace_of(serial).steps) >= 8 and all(s.verified for s in trace_of(serial).steps)


def test_the_same_seed_gives_the_same_documents_and_keys(planned):
    plan, batches = planned
    again = plan_batches(make_plan(SMALL))
    first_ids = [document_event_hash_ids(capture_document(g)) for g in weekly_captures(batches)]
    assert first_ids == [document_event_hash_ids(capture_document(g)) for g in weekly_captures(again)]
    assert len({h for ids in first_ids for h in ids}) == sum(len(b.events) for b in batches)  # no event twice
    raw = [p.private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) for p in PARTIES]
    assert raw == [p.private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) for p in PARTIES]
    assert len({base64.b64encode(k) for k in raw}) == len(PARTIES)


def test_the_demo_shoppers_orders_have_a_proven_evidence_trail(demo):
    from mercato.contexts.identity import public as identity
    from mercato.contexts.orders.models import Order
    from mercato.contexts.transparency.public import evidence_bundle, verify_bundle
    from mercato.entrypoints.demo.world import DEMO_SHOPPER_EMAIL

    orders = Order.objects.filter(buyer_user_id=identity.user_id_by_email(DEMO_SHOPPER_EMAIL))
    assert orders.exists()
    order = orders.filter(status="completed").first() or orders.first()
    bundle = evidence_bundle(subjects=[order.id])
    kinds = [entry["kind"] for entry in bundle["entries"]]
    assert kinds[0] == "order.placed" and len(kinds) == order.history.count()
    assert {entry["status"] for entry in bundle["entries"]} == {"proven"}
    report = verify_bundle(bundle)
    assert report.ok and report.verified == len(kinds)
    from mercato.contexts.transparency.public import evidence_summary

    placed = order.history.order_by("at").first()
    assert evidence_summary(order.id).facts[0].occurred_at == placed.at  # when it happened, not when it was logged
    other = Order.objects.exclude(buyer_user_id=order.buyer_user_id).first()
    assert other is not None and evidence_bundle(subjects=[other.id])["entries"] == []
