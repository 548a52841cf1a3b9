"""Commerce facts reach the log through the outbox, batched, exactly once, without personal data; an order's
evidence is a proof bundle that verifies offline and that catches a rewritten record."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from conftest import Api, buy, register
from mercato.contexts.transparency import services
from mercato.contexts.transparency.domain.proof_bundle import verify_bundle
from mercato.contexts.transparency.handlers import log_order_fact
from mercato.contexts.transparency.models import Entry, Leaf
from mercato.shared import events, jobs

pytestmark = pytest.mark.django_db


def _delivered_then_returned(world) -> tuple[Api, dict]:
    shopper = register("evidence@example.com", name="张三")
    result = buy(shopper, [(world.a.variants["A-PHONE"], 1)])
    order = result["orders"][0]
    assert world.a.api.post(f"/orders/{order['id']}/shipments",
                            {"carrier": "SF", "tracking_number": "SF1234567"}).status_code == 201
    assert world.a.api.post(f"/orders/{order['id']}/deliver").status_code == 200
    detail = shopper.get(f"/orders/{order['id']}").body
    ret = shopper.post(f"/orders/{order['id']}/returns",
                       {"lines": [{"line_id": detail["lines"][0]["id"], "quantity": 1}]}).body
    assert world.a.api.post(f"/returns/{ret['id']}/approve").status_code == 200
    assert world.a.api.post(f"/returns/{ret['id']}/receive").status_code == 200
    return shopper, detail


def test_an_orders_life_is_logged_fact_by_fact_and_its_bundle_verifies(world) -> None:
    shopper, order = _delivered_then_returned(world)
    queued = list(Entry.objects.filter(subject=order["id"]).order_by("id").values_list("kind", flat=True))
    assert queued == ["order.placed", "order.paid", "order.shipped", "order.delivered", "return.requested",
                      "return.approved", "refund.issued", "order.refunded", "return.received"]
    assert Entry.objects.filter(leaf_index__isnull=False).count() == 0  # queued, not yet appended

    before = shopper.get(f"/orders/{order['id']}/evidence").body
    assert {e["status"] for e in before["entries"]} == {"queued"}

    appended = jobs.run_job("transparency-publish")
    assert appended == Entry.objects.count() >= 9
    bundle = shopper.get(f"/orders/{order['id']}/evidence").body
    assert [e["status"] for e in bundle["entries"]] == ["proven"] * 9
    report = verify_bundle(bundle)
    assert report.ok, report.problems
    assert report.verified == 9 and report.tree_size == Leaf.objects.count()


def test_the_log_holds_no_personal_data_and_the_digest_binds_the_record(world) -> None:
    shopper, order = _delivered_then_returned(world)
    services.log_publish()
    everything = b"".join(bytes(leaf.leaf_input) for leaf in Leaf.objects.all())
    for personal in ("张三".encode(), b"evidence@example.com", b"13800000000", "上海".encode()):
        assert personal not in everything
    leaf = json.loads(bytes(Leaf.objects.order_by("leaf_index").first().leaf_input))
    assert set(leaf) == {"v", "fact", "subject", "at", "digest"} and leaf["digest"].startswith("sha256:")

    bundle = shopper.get(f"/orders/{order['id']}/evidence").body
    bundle["entries"][1]["record"]["order"]["total"] = "1.00"  # a rewritten amount no longer matches its digest
    report = verify_bundle(bundle)
    assert not report.ok and "entry 1 (order.paid)" in report.problems[0]


def test_redelivered_events_are_logged_once(world) -> None:
    shopper = register("twice@example.com")
    order = buy(shopper, [(world.a.variants["A-CASE"], 1)])["orders"][0]
    first = log_order_fact(fact="order.paid", order_id=order["id"], key=f"order.paid:{order['id']}:x")
    again = log_order_fact(fact="order.paid", order_id=order["id"], key=f"order.paid:{order['id']}:x")
    assert (first, again) == (True, False)
    assert events.dispatch_pending() == 0  # everything already delivered: nothing re-queued
    services.log_publish()
    services.log_publish()
    assert Leaf.objects.count() == Entry.objects.count()
    assert sorted(Entry.objects.values_list("leaf_index", flat=True)) == list(range(Leaf.objects.count()))


def test_a_fact_committed_with_its_business_transaction_survives_a_crashed_delivery(world) -> None:
    """The outbox message is committed with the order; if its delivery dies, the recovery job logs it later."""
    from mercato.shared.models import OutboxMessage

    shopper = register("crash@example.com")
    order = buy(shopper, [(world.a.variants["A-CASE"], 1)], card=None)["orders"][0]
    Entry.objects.filter(subject=order["id"]).delete()  # as if the handler's transaction never committed
    OutboxMessage.objects.filter(topic="orders.order_placed").update(dispatched_at=None)
    assert events.dispatch_pending() >= 1
    assert list(Entry.objects.filter(subject=order["id"]).values_list("kind", flat=True)) == ["order.placed"]


def test_evidence_is_only_for_the_orders_parties(world) -> None:
    shopper = register("owner@example.com")
    order = buy(shopper, [(world.b.variants["B-LAMP"], 1)])["orders"][0]
    services.log_publish()
    stranger = register("stranger@example.com")
    assert stranger.get(f"/orders/{order['id']}/evidence").status_code == 404
    assert world.a.api.get(f"/orders/{order['id']}/evidence").status_code == 404  # another merchant
    assert world.b.api.get(f"/orders/{order['id']}/evidence").status_code == 200
    assert world.operator.get(f"/orders/{order['id']}/evidence").status_code == 200
    assert Api().get(f"/orders/{order['id']}/evidence").status_code == 401


def test_tree_head_timestamps_never_go_backwards_when_jobs_run_in_the_past(world) -> None:
    from datetime import UTC, datetime

    services.log_publish()
    later = services.tree_head_sign()
    shopper = register("past@example.com")
    buy(shopper, [(world.a.variants["A-CASE"], 1)], card=None)
    jobs.run_job("transparency-publish", as_of=datetime(2020, 1, 1, tzinfo=UTC))
    from mercato.contexts.transparency.selectors import latest_tree_head

    head = latest_tree_head()
    assert head is not None and head.tree_size > later.tree_size and head.timestamp_ms >= later.timestamp_ms
    assert connection.vendor in ("sqlite", "postgresql")

