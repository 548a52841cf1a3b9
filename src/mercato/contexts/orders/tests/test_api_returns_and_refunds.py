"""Returns within the window, escrow freezing, refunds by line and amount, early confirmation, payouts."""

from datetime import timedelta
from decimal import Decimal

import pytest

from conftest import Api, buy, register
from mercato.contexts.payments.public import journal_problems
from mercato.shared import clock, jobs


def _delivered(world, shopper, lines, shop=None):
    shop = shop or world.a
    order = buy(shopper, lines)["orders"][0]
    shop.api.post(f"/orders/{order['id']}/shipments", {"carrier": "SF", "tracking_number": "SF7777"})
    shop.api.post(f"/orders/{order['id']}/deliver")
    return shopper.get(f"/orders/{order['id']}").body


def _balance(shop):
    return shop.api.get(f"/merchants/{shop.merchant_id}/balance").body["items"][0]


def test_return_freezes_escrow_then_receipt_refunds_and_restocks(world):
    shopper = register("r1@example.com")
    order = _delivered(world, shopper, [(world.a.variants["A-CASE"], 3)])
    line = order["lines"][0]
    r = shopper.post(f"/orders/{order['id']}/returns", {"lines": [{"line_id": line["id"], "quantity": 1}],
                                                        "reason": "不想要了"})
    assert r.status_code == 201 and r.body["status"] == "requested" and r.body["escrow_frozen"]
    assert Decimal(_balance(world.a)["frozen"]["amount"]) == Decimal(r.body["amount"]["amount"])
    assert world.a.api.post(f"/returns/{r.body['id']}/approve").body["status"] == "approved"
    received = world.a.api.post(f"/returns/{r.body['id']}/receive").body
    assert received["status"] == "received"
    # One unit of a three-unit line: its paid amount prorated, rounded half-up.
    expected = (Decimal(line["amount_paid"]["amount"]) / 3).quantize(Decimal("0.01"))
    assert Decimal(received["refund"]["amount"]["amount"]) == expected
    stock = world.a.api.get(f"/variants/{world.a.variants['A-CASE']}/stock").body
    assert stock["on_hand"] == 98
    after = shopper.get(f"/orders/{order['id']}").body
    assert after["status"] == "delivered" and after["lines"][0]["refunded_quantity"] == 1
    shopper.post(f"/orders/{order['id']}/confirm-receipt")
    balance = _balance(world.a)
    paid = Decimal(line["amount_paid"]["amount"])
    commission_left = Decimal(line["commission"]["amount"]) - (Decimal(line["commission"]["amount"]) / 3).quantize(
        Decimal("0.01"))
    assert Decimal(balance["available"]["amount"]) == paid - expected - commission_left
    assert Decimal(balance["held_in_escrow"]["amount"]) == 0
    assert journal_problems() == []


def test_returning_everything_makes_the_order_refunded(world):
    shopper = register("r2@example.com")
    order = _delivered(world, shopper, [(world.a.variants["A-CASE"], 2)])
    ret = shopper.post(f"/orders/{order['id']}/returns",
                       {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 2}]}).body
    world.a.api.post(f"/returns/{ret['id']}/receive")
    after = shopper.get(f"/orders/{order['id']}").body
    assert after["status"] == "refunded" and after["refunded_total"] == after["total"]
    assert [h["status"] for h in after["history"]][-1] == "refunded"


def test_rejected_return_unfreezes_the_escrow(world):
    shopper = register("r3@example.com")
    order = _delivered(world, shopper, [(world.a.variants["A-CASE"], 1)])
    ret = shopper.post(f"/orders/{order['id']}/returns",
                       {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]}).body
    assert world.a.api.post(f"/returns/{ret['id']}/reject").body["status"] == "rejected"
    assert Decimal(_balance(world.a)["frozen"]["amount"]) == 0
    assert world.a.api.post(f"/returns/{ret['id']}/receive").status_code == 409


def test_return_after_early_confirmation_comes_out_of_the_merchant_balance(world):
    shopper = register("r4@example.com")
    order = _delivered(world, shopper, [(world.a.variants["A-PHONE"], 1)])
    shopper.post(f"/orders/{order['id']}/confirm-receipt")
    available = Decimal(_balance(world.a)["available"]["amount"])
    payout = world.a.api.post(f"/merchants/{world.a.merchant_id}/payouts",
                              {"amount": {"amount": str(available), "currency": "CNY"}})
    assert payout.status_code == 201, payout.body
    ret = shopper.post(f"/orders/{order['id']}/returns",
                       {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]}).body
    assert ret["escrow_frozen"] is False
    received = world.a.api.post(f"/returns/{ret['id']}/receive").body
    assert received["refund"]["source"] == "merchant_balance"
    balance = _balance(world.a)
    commission = Decimal(order["lines"][0]["commission"]["amount"])
    assert Decimal(balance["available"]["amount"]) == -(Decimal(order["total"]["amount"]) - commission)
    blocked = world.a.api.post(f"/merchants/{world.a.merchant_id}/payouts",
                               {"amount": {"amount": "1.00", "currency": "CNY"}})
    assert blocked.status_code == 409 and "blocked" in blocked.body["detail"]
    assert journal_problems() == []


def test_perishable_and_late_returns_are_refused(world):
    shopper = register("r5@example.com")
    cake = _delivered(world, shopper, [(world.b.variants["B-CAKE"], 1)], shop=world.b)
    r = shopper.post(f"/orders/{cake['id']}/returns", {"lines": [{"line_id": cake["lines"][0]["id"], "quantity": 1}]})
    assert r.status_code == 422 and r.body["errors"][0]["field"] == "lines.0.line_id"
    order = _delivered(world, shopper, [(world.a.variants["A-CASE"], 1)])
    deadline = order["return_deadline"]
    from datetime import datetime

    with clock.frozen_at(datetime.fromisoformat(deadline) + timedelta(seconds=1)):
        shopper = Api(Api().post("/auth/token", {"email": "r5@example.com", "password": "Passw0rd!x"}).body["token"])
        late = shopper.post(f"/orders/{order['id']}/returns",
                            {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]})
    assert late.status_code == 409 and "window" in late.body["detail"]


def test_return_window_ends_with_the_seventh_local_day_after_delivery(world):
    shopper = register("r6@example.com")
    from datetime import UTC, datetime

    delivered_at = datetime(2026, 11, 11, 17, 30, tzinfo=UTC)  # 01:30 on 12 Nov in Shanghai
    with clock.frozen_at(delivered_at):
        order = _delivered(world, shopper, [(world.a.variants["A-CASE"], 1)])
    assert datetime.fromisoformat(order["return_deadline"]) == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
    assert datetime.fromisoformat(order["auto_confirm_at"]) == datetime(2026, 11, 22, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize("how", ["lines", "amount"])
def test_merchant_partial_refund_prorates_and_keeps_the_order(world, how):
    shopper = register(f"r7{how}@example.com")
    result = buy(shopper, [(world.a.variants["A-CASE"], 2), (world.a.variants["A-PHONE"], 1)])
    order = shopper.get(f"/orders/{result['orders'][0]['id']}").body
    case = next(ln for ln in order["lines"] if ln["sku"] == "A-CASE")
    body = {"order_id": order["id"], "reason": "damaged box"}
    if how == "lines":
        body["lines"] = [{"line_id": case["id"], "quantity": 1}]
    else:
        body["amount"] = {"amount": "10.00", "currency": "CNY"}
    r = world.a.api.post(f"/payments/{result['payment']['id']}/refunds", body)
    assert r.status_code == 201, r.body
    want = Decimal(case["amount_paid"]["amount"]) / 2 if how == "lines" else Decimal("10.00")
    assert Decimal(r.body["amount"]["amount"]) == want.quantize(Decimal("0.01"))
    after = shopper.get(f"/orders/{order['id']}").body
    assert after["status"] == "paid"
    assert Decimal(after["refunded_total"]["amount"]) == Decimal(r.body["amount"]["amount"])
    assert world.b.api.post(f"/payments/{result['payment']['id']}/refunds", body).status_code == 404
    assert journal_problems() == []


def test_auto_confirm_job_completes_delivered_orders_and_releases_escrow(world):
    shopper = register("r8@example.com")
    order = _delivered(world, shopper, [(world.a.variants["A-CASE"], 1)])
    from datetime import datetime

    due = datetime.fromisoformat(order["auto_confirm_at"])
    assert jobs.run_job("auto-confirm-receipts", due - timedelta(seconds=1)) == 0
    assert jobs.run_job("auto-confirm-receipts", due) == 1
    after = shopper.get(f"/orders/{order['id']}").body
    assert after["status"] == "completed" and after["history"][-1]["actor"] == "job:auto-confirm-receipts"
    assert Decimal(_balance(world.a)["held_in_escrow"]["amount"]) == 0
