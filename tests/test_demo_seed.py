"""The demo data set: the small seed keeps every invariant the services guarantee, and the plan is deterministic."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import UTC
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.test import Client

import shared_world
from conftest import Api
from mercato.contexts.catalog.domain.gtin import is_valid_gtin
from mercato.contexts.catalog.models import Category, Product, StoreCollection, Variant
from mercato.contexts.identity.models import User
from mercato.contexts.inventory.models import StockLevel, StockLot
from mercato.contexts.inventory.public import consistency_problems
from mercato.contexts.merchants.models import CommissionRate, Merchant
from mercato.contexts.orders.domain.order_status import TRANSITIONS, OrderStatus
from mercato.contexts.orders.models import Order, OrderLine, OrderTransition, Return
from mercato.contexts.payments.domain.accounts import MERCHANT_PAYABLE
from mercato.contexts.payments.models import Allocation, JournalLine, Payout, Refund
from mercato.contexts.payments.public import journal_problems
from mercato.entrypoints.demo.plan import make_plan, plan_digest
from mercato.entrypoints.demo.scale import SEED, SMALL
from mercato.entrypoints.demo_seed import DEMO_LOGINS, seed, seeded
from mercato.shared import jobs

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def seeded_once(django_db_blocker):
    """The small demo set, loaded once for the module; each test runs in a savepoint inside its transaction."""
    yield from shared_world.world_for_module(django_db_blocker, lambda: seed(small=True))


@pytest.fixture
def demo(db, seeded_once):
    assert seeded()


def test_ledgers_balance_and_stock_matches_its_movements(demo):
    assert journal_problems() == []
    assert consistency_problems() == []
    available = dict(StockLevel.objects.values("variant_id").annotate(
        a=Sum("on_hand") - Sum("reserved") - Sum("allocated")).values_list("variant_id", "a"))
    assert {v: a for v, a in Variant.objects.values_list("id", "available")} == available


def test_every_history_follows_the_order_state_machine(demo):
    history = defaultdict(list)
    for order_id, before, after in OrderTransition.objects.order_by("at", "id").values_list(
            "order_id", "from_status", "to_status"):
        history[order_id].append((before, after))
    for order_id, status in Order.objects.values_list("id", "status"):
        steps = history[order_id]
        assert steps[0] == ("", OrderStatus.PENDING_PAYMENT)
        assert steps[-1][1] == status
        for (_, previous), (before, after) in zip(steps, steps[1:], strict=False):
            assert before == previous and OrderStatus(after) in TRANSITIONS[OrderStatus(before)], (order_id, steps)


def test_the_small_set_has_the_full_shape(demo):
    assert Merchant.objects.filter(status="active").count() >= 8
    assert Merchant.objects.filter(status="pending").count() == 1
    assert Category.objects.filter(children__isnull=True).count() >= 12
    assert Product.objects.count() == SMALL.products
    assert User.objects.filter(email__endswith="shoppers.mercato.demo").count() == SMALL.shoppers - 1
    assert Order.objects.count() == SMALL.orders
    assert Order.objects.values("checkout_ref").annotate(n=Count("id")).filter(n__gt=1).exists()
    per_product = Product.objects.annotate(n=Count("variants")).values_list("n", flat=True)
    assert set(per_product) <= {1, 2, 3, 4} and len(set(per_product)) > 1
    gtins = list(Variant.objects.exclude(gtin="").values_list("gtin", flat=True))
    assert gtins and all(is_valid_gtin(g) and len(g) == 13 for g in gtins)
    assert Variant.objects.filter(is_perishable=True).exists() and Variant.objects.filter(is_custom_made=True).exists()
    assert StockLot.objects.filter(expires_on__isnull=False).exists() and StoreCollection.objects.exists()
    statuses = dict(Order.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["completed"] > SMALL.orders // 2
    assert statuses["cancelled"] and statuses["refunded"]
    assert statuses.get("paid", 0) + statuses.get("shipped", 0) + statuses.get("delivered", 0) >= 3
    assert Return.objects.filter(status="received").exists() and Payout.objects.exists()
    assert CommissionRate.objects.count() >= 2
    assert OrderLine.objects.exclude(commission_rate=Decimal("0.05")).exists()
    assert not OrderLine.objects.filter(Q(is_perishable=True) | Q(is_custom_made=True), refunded_quantity__gt=0,
                                        order__status__in=["completed", "refunded"]).exists()


def test_order_money_adds_up_and_escrow_is_what_was_neither_released_nor_refunded(demo):
    sums = {o: s for o, *s in OrderLine.objects.values("order_id").annotate(
        p=Sum("amount_paid"), c=Sum("commission"), r=Sum("refunded_amount")).values_list("order_id", "p", "c", "r")}
    released = defaultdict(Decimal)
    for ref, amount in JournalLine.objects.filter(entry__kind="escrow_release", account="escrow").values_list(
            "entry__reference", "amount"):
        released[ref] += amount
    escrow_refunds = defaultdict(Decimal)
    for ref, amount in Refund.objects.filter(source="escrow").values_list("order_ref", "amount"):
        escrow_refunds[ref] += amount
    allocations = {a.order_ref: a for a in Allocation.objects.all()}
    for order in Order.objects.all():
        paid, commission, refunded = sums[order.id]
        assert (order.total, order.commission_total, order.refunded_total) == (paid, commission, refunded)
        a = allocations[order.id]
        if a.captured:
            assert a.held == a.gross - released[order.id] - escrow_refunds[order.id]
        else:
            assert a.held == 0
        if order.status == "completed":
            assert a.released_at is not None


def test_merchant_balances_are_released_net_of_commission_refunds_and_payouts(demo):
    refunds = defaultdict(Decimal)
    for ref, amount, part in Refund.objects.values_list("order_ref", "amount", "commission_part"):
        refunds[ref] += amount - part
    expected = defaultdict(Decimal)
    for a in Allocation.objects.filter(released_at__isnull=False):
        expected[a.merchant_id] += a.gross - a.commission - (a.held - a.held_commission) - refunds[a.order_ref]
    for merchant_id, amount in Payout.objects.values_list("merchant_id", "amount"):
        expected[merchant_id] -= amount
    journal = dict(JournalLine.objects.filter(account=MERCHANT_PAYABLE).values("merchant_id")
                   .annotate(t=Sum("amount")).values_list("merchant_id", "t"))
    # SQLite sums decimals as floats: compare in cents.
    assert {m: -t.quantize(CENT) for m, t in journal.items()} == {m: v.quantize(CENT) for m, v in expected.items()}


def test_demo_logins_sign_in_and_the_demo_orders_can_be_worked(demo):
    tokens = {}
    for role, (email, password) in DEMO_LOGINS.items():
        r = Client().post("/api/v1/auth/token", data=json.dumps({"email": email, "password": password}),
                          content_type="application/json")
        assert r.status_code == 200, (role, r.content)
        tokens[role] = r.json()["token"]
    shopper, merchant = Api(tokens["shopper"]), Api(tokens["merchant"])
    mine = shopper.get("/orders?limit=100").body["items"]
    delivered = next(o for o in mine if o["status"] == "delivered")
    paid = next(o for o in mine if o["status"] == "paid")
    assert len(mine) > 3
    assert shopper.post(f"/orders/{delivered['id']}/confirm-receipt").body["status"] == "completed"
    assert shopper.post(f"/orders/{paid['id']}/cancel", {"reason": "demo"}).body["status"] == "cancelled"
    in_transit = next(o for o in mine if o["status"] == "shipped")
    assert merchant.post(f"/orders/{in_transit['id']}/deliver").body["status"] == "delivered"
    assert journal_problems() == [] and consistency_problems() == []


def test_jobs_take_over_the_open_orders_after_the_reference_moment(demo):
    delivered = Order.objects.filter(status="delivered").count()
    assert delivered and jobs.run_job("auto-confirm-receipts") == delivered
    jobs.run_job("release-expired-reservations")
    assert not Order.objects.filter(status__in=["delivered", "pending_payment"]).exists()
    assert journal_problems() == [] and consistency_problems() == []


def test_seeding_twice_leaves_the_data_alone(demo, capsys):
    orders = Order.objects.count()
    seed(small=True, verbose=True)
    assert "already holds data" in capsys.readouterr().out
    assert Order.objects.count() == orders


def test_the_database_holds_exactly_what_was_planned(demo):
    def fingerprint(rows):
        canonical = sorted((n, s, str(t), str(r), at.astimezone(UTC).isoformat()) for n, s, t, r, at in rows)
        return hashlib.sha256(repr(canonical).encode()).hexdigest()

    plan = make_plan(SMALL)
    planned = [(o.number, o.status, o.total, o.refunded_total, plan.checkouts[o.checkout].placed_at)
               for o in plan.orders]
    stored = Order.objects.values_list("number", "status", "total", "refunded_total", "placed_at")
    assert fingerprint(planned) == fingerprint(stored)


def test_the_plan_is_deterministic_for_a_seed_and_changes_with_it(settings):
    first, again = make_plan(SMALL, SEED), make_plan(SMALL, SEED)
    assert plan_digest(first) == plan_digest(again)
    assert plan_digest(make_plan(SMALL, SEED + 1)) != plan_digest(first)


def test_the_demo_has_a_live_flash_sale_a_shopper_can_buy_from(demo):
    from conftest import ADDRESS, Api
    from mercato.contexts.flashsales import local_limits

    local_limits.reset_for_tests()
    listed = Api().get("/flash-sales").body["items"]
    assert [s["status"] for s in listed] == ["live", "scheduled"]
    live = listed[0]
    assert all(i["remaining"] == 20 and Decimal(i["sale_price"]["amount"]) < Decimal(i["list_price"]["amount"])
               for i in live["items"])
    token = Api().post("/auth/token", {"email": DEMO_LOGINS["shopper"][0],
                                       "password": DEMO_LOGINS["shopper"][1]}).body["token"]
    r = Api(token).post(f"/flash-sales/{live['id']}/purchases",
                        {"item_id": live["items"][0]["id"], "shipping_address": ADDRESS})
    assert r.status_code == 201, r.body
    assert consistency_problems() == []
