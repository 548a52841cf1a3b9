"""Orders through the merchant center: ship, deliver, cancel, refund, handle returns; only one's own."""

from decimal import Decimal

import pytest

import shared_world
from conftest import ADDRESS, Api, buy, register
from mercato.contexts.orders.models import Order, Return
from mercato.contexts.payments.models import Refund

from .support import browser, field_errors

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test

pytestmark = pytest.mark.django_db


def paid_order(world, sku="A-PHONE", quantity=1, shopper="shopper@example.com"):
    checkout = buy(register(shopper), [(world.a.variants[sku], quantity)])
    return checkout["orders"][0]["id"]


def test_orders_are_listed_by_status_with_paid_first(world):
    order_id = paid_order(world)
    me = browser("alpha@example.com")
    r = me.get("/merchant/orders/")
    assert r.context["status"] == "paid" and [o.id for o in r.context["orders"]] == [order_id]
    assert me.get("/merchant/orders/?status=shipped").context["orders"] == []
    assert len(me.get("/merchant/orders/?status=").context["orders"]) == 1
    for bad in ("?status=%00", "?status=nonsense", "?cursor=%%%", "?cursor=bm90LWFuLWlk"):
        assert me.get(f"/merchant/orders/{bad}").status_code == 200


def test_ship_then_deliver(world):
    order_id = paid_order(world)
    me = browser("alpha@example.com")
    r = me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF 123"})
    assert r.status_code == 200 and field_errors(r, "tracking_number")
    r = me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "\x00", "tracking_number": "SF123456"})
    assert r.status_code == 200 and field_errors(r, "carrier")
    assert me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF123456"}
                   ).status_code == 302
    r = me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF123456"})
    assert r.status_code == 200 and "shipped" in " ".join(r.context["ship_form"].non_field_errors())
    r = me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "lost"})
    assert field_errors(r, "cod_outcome")
    r = me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "collected"}, follow=True)
    assert r.context["order"].status == "delivered"
    assert "SF123456" in r.content.decode()


def test_cash_refused_at_the_door_cancels_and_restocks(world):
    shopper = register("cod@example.com")
    checkout = buy(shopper, [(world.a.variants["A-CASE"], 2)], card=None)
    assert shopper.post(f"/payments/{checkout['payment']['id']}/confirm", {"method": "cod"}).status_code == 200
    order_id = checkout["orders"][0]["id"]
    me = browser("alpha@example.com")
    me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "EMS", "tracking_number": "EMS0001"})
    page = me.get(f"/merchant/orders/{order_id}/").content.decode()
    assert 'name="cod_outcome"' in page and "Refused at the door" in page
    r = me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "refused"}, follow=True)
    assert r.context["order"].status == "cancelled"


def test_cancel_with_a_reason_refunds_the_card(world):
    order_id = paid_order(world)
    me = browser("alpha@example.com")
    r = me.post(f"/merchant/orders/{order_id}/cancel/", {"reason": "out of stock"}, follow=True)
    assert r.context["order"].status == "cancelled"
    assert Refund.objects.get(order_ref=order_id).reason == "out of stock"


def test_refund_by_amount_and_by_line(world):
    order_id = paid_order(world, "A-CASE", 3)
    order = Order.objects.get(pk=order_id)
    me = browser("alpha@example.com")
    url = f"/merchant/orders/{order_id}/refund/"
    for amount in ("abc", "0", "-3", "1.234", "99999999999"):
        r = me.post(url, {"mode": "amount", "amount": amount, "reason": "damaged"})
        assert r.status_code == 200 and field_errors(r, "amount"), amount
    r = me.post(url, {"mode": "amount", "amount": "5000.00", "reason": "too much"})
    assert r.status_code == 200 and field_errors(r, "amount")
    assert me.post(url, {"mode": "amount", "amount": "10.00", "reason": "scratched"}).status_code == 302
    line_id = order.lines.get().id
    r = me.post(url, {"mode": "lines", "line": line_id, "quantity": "9", "reason": "missing"})
    assert r.status_code == 200 and field_errors(r, "quantity")
    r = me.post(url, {"mode": "lines", "line": "oln_nope", "quantity": "1", "reason": "missing"})
    assert field_errors(r, "line")
    assert me.post(url, {"mode": "lines", "line": line_id, "quantity": "1", "reason": "missing"}).status_code == 302
    amounts = sorted(r.amount for r in Refund.objects.filter(order_ref=order_id))
    assert amounts[0] == Decimal("10.00") and len(amounts) == 2
    assert "scratched" in me.get(f"/merchant/orders/{order_id}/").content.decode()


def test_returns_are_approved_then_received_with_a_refund(world):
    shopper = register("returner@example.com")
    order_id = buy(shopper, [(world.a.variants["A-CASE"], 2)])["orders"][0]["id"]
    me = browser("alpha@example.com")
    me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF0002"})
    me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "collected"})
    line_id = Order.objects.get(pk=order_id).lines.get().id
    r = shopper.post(f"/orders/{order_id}/returns", {"lines": [{"line_id": line_id, "quantity": 1}],
                                                     "reason": "不喜欢"})
    assert r.status_code == 201, r.body
    return_id = r.body["id"]
    listing = me.get("/merchant/returns/")
    assert [ret.id for ret, _actions in listing.context["returns"]] == [return_id]
    assert me.get("/merchant/").context["figures"].returns_open == 1
    r = me.post(f"/merchant/returns/{return_id}/approve/", {"next": "/merchant/returns/"}, follow=True)
    assert "The return was approved" in r.content.decode()
    r = me.post(f"/merchant/returns/{return_id}/approve/", {"next": "https://evil.example/"})
    assert r.url == "/merchant/returns/"
    r = me.post(f"/merchant/returns/{return_id}/receive/", {"next": f"/merchant/orders/{order_id}/"}, follow=True)
    assert r.redirect_chain[-1][0] == f"/merchant/orders/{order_id}/"
    assert Return.objects.get(pk=return_id).status == "received"
    assert Refund.objects.filter(order_ref=order_id).count() == 1
    assert me.post(f"/merchant/returns/{return_id}/teleport/").status_code == 404
    assert me.get(f"/merchant/returns/{return_id}/approve/").status_code == 405


def test_another_merchants_order_is_not_found(world):
    order_id = paid_order(world)
    them = browser("beta@example.com")
    assert them.get(f"/merchant/orders/{order_id}/").status_code == 404
    for action, data in [("ship", {"carrier": "X", "tracking_number": "XX1234"}), ("deliver", {}),
                         ("cancel", {}), ("refund", {"amount": "1", "reason": "x"})]:
        assert them.post(f"/merchant/orders/{order_id}/{action}/", data).status_code == 404
    assert Order.objects.get(pk=order_id).status == "paid"


def test_a_merchants_own_purchase_elsewhere_is_not_in_its_center(world):
    alpha_shopper = Api(world.a.api.token)
    order_id = buy(alpha_shopper, [(world.b.variants["B-LAMP"], 1)])["orders"][0]["id"]
    assert browser("alpha@example.com").get(f"/merchant/orders/{order_id}/").status_code == 404
    assert browser("beta@example.com").get(f"/merchant/orders/{order_id}/").status_code == 200
    assert ADDRESS["line1"] in browser("beta@example.com").get(f"/merchant/orders/{order_id}/").content.decode()
