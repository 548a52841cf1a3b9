"""Bad input to carts, checkout, payments, orders, returns and refunds: a problem+json 4xx, never a 500.

The generic HTTP layer, identity, merchants, catalog and inventory: test_bad_input.py (with assert_problem).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from test_bad_input import assert_problem

import shared_world
from conftest import ADDRESS, GOOD_CARD, Api, buy, register

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test
CARD = {"method": "card", "card": GOOD_CARD}


def done(response: Any) -> Any:
    assert response.status_code < 300, response.content[:500]
    return response


@dataclass
class Bought:
    shopper: Api
    order: str
    payment: str
    lines: dict[str, str]  # sku → order line id


def _bought(shopper: Api, result: dict[str, Any]) -> Bought:
    order = shopper.get(f"/orders/{result['orders'][0]['id']}").body
    return Bought(shopper, order["id"], result["payment"]["id"], {ln["sku"]: ln["id"] for ln in order["lines"]})


@pytest.fixture
def shopper(db: Any) -> Api:
    return register("shopper@example.com")


@pytest.fixture
def cart(world, shopper) -> str:
    cart_id = shopper.post("/carts").body["id"]
    done(shopper.post(f"/carts/{cart_id}/lines", {"variant_id": world.a.variants["A-CASE"], "quantity": 1}))
    return str(cart_id)


@pytest.fixture
def unpaid(world, shopper) -> Bought:
    return _bought(shopper, buy(shopper, [(world.a.variants["A-CASE"], 2)], card=None))


@pytest.fixture
def paid(world, shopper) -> Bought:
    return _bought(shopper, buy(shopper, [(world.a.variants["A-CASE"], 2)]))


@pytest.fixture
def delivered(world, shopper) -> Bought:
    """Two lamps and a (perishable) cake from merchant B, shipped and delivered."""
    bought = _bought(shopper, buy(shopper, [(world.b.variants["B-LAMP"], 2), (world.b.variants["B-CAKE"], 1)]))
    done(world.b.api.post(f"/orders/{bought.order}/shipments", {"carrier": "SF", "tracking_number": "SF1234"}))
    done(world.b.api.post(f"/orders/{bought.order}/deliver"))
    return bought


# ---------------------------------------------------------------- carts
@pytest.mark.parametrize("quantity", [0, -1, 1000, 10**12, "abc", 1.5, None, [1], True])
def test_cart_line_quantity_must_be_sane(world, shopper, cart, quantity):
    body = {"variant_id": world.a.variants["A-PHONE"]} | ({} if quantity is None else {"quantity": quantity})
    assert_problem(shopper.post(f"/carts/{cart}/lines", body), 422, "quantity")


@pytest.mark.parametrize("quantity", [-1, 1000, "abc"])
def test_changing_a_cart_line_validates_the_quantity(shopper, cart, quantity):
    line = shopper.get(f"/carts/{cart}").body["lines"][0]["id"]
    assert_problem(shopper.patch(f"/carts/{cart}/lines/{line}", {"quantity": quantity}), 422, "quantity")


def test_cart_references_must_exist_and_be_yours(world, shopper, cart):
    assert_problem(shopper.post(f"/carts/{cart}/lines", {"variant_id": "var_nope", "quantity": 1}), 404)
    assert_problem(shopper.post(f"/carts/{cart}/lines", {"quantity": 1}), 422, "variant_id")
    assert_problem(shopper.post(f"/carts/{cart}/lines", {"variant_id": "v" * 41, "quantity": 1}), 422, "variant_id")
    assert_problem(shopper.patch(f"/carts/{cart}/lines/ln_nope", {"quantity": 2}), 404)
    assert_problem(shopper.delete(f"/carts/{cart}/lines/ln_nope"), 404)
    assert_problem(shopper.get("/carts/crt_nope"), 404)
    line = shopper.get(f"/carts/{cart}").body["lines"][0]["id"]
    for stranger in (register("other@example.com"), Api()):
        assert_problem(stranger.get(f"/carts/{cart}"), 404)
        assert_problem(stranger.post(f"/carts/{cart}/lines", {"variant_id": world.a.variants["A-PHONE"],
                                                              "quantity": 1}), 404)
        assert_problem(stranger.patch(f"/carts/{cart}/lines/{line}", {"quantity": 2}), 404)
        assert_problem(stranger.delete(f"/carts/{cart}/lines/{line}"), 404)
        assert_problem(stranger.post(f"/carts/{cart}/checkout", {"shipping_address": ADDRESS}), 404)


# ---------------------------------------------------------------- checkout
ADDRESS_CASES = [  # (change to the address, field); None removes the field
    ({"name": None}, "shipping_address.name"), ({"phone": None}, "shipping_address.phone"),
    ({"line1": None}, "shipping_address.line1"), ({"city": None}, "shipping_address.city"),
    ({"country": None}, "shipping_address.country"), ({"country": "China"}, "shipping_address.country"),
    ({"country": "cn"}, "shipping_address.country"), ({"country": 86}, "shipping_address.country"),
    ({"phone": "1"}, "shipping_address.phone"), ({"line1": "Line\x00one"}, "shipping_address.line1"),
    ({"name": "Two\nlines"}, "shipping_address.name"), ({"postal_code": "x" * 21}, "shipping_address.postal_code"),
    ({"city": ""}, "shipping_address.city"), ({"region": ["上海"]}, "shipping_address.region"),
]


@pytest.mark.parametrize(("change", "field"), ADDRESS_CASES)
def test_checkout_validates_the_address(shopper, cart, change, field):
    address = {k: v for k, v in {**ADDRESS, **change}.items() if v is not None}
    assert_problem(shopper.post(f"/carts/{cart}/checkout", {"shipping_address": address}), 422, field)


@pytest.mark.parametrize(("body", "field"), [
    ({}, "shipping_address"), ({"shipping_address": "上海"}, "shipping_address"),
    ({"shipping_address": ADDRESS, "shipping_method": "teleport"}, "shipping_method"),
    ({"shipping_address": ADDRESS, "email": "not-an-email"}, "email"),
])
def test_checkout_validates_the_body(shopper, cart, body, field):
    assert_problem(shopper.post(f"/carts/{cart}/checkout", body), 422, field)


def test_checkout_rules(world, shopper, cart):
    guest = Api()
    empty = guest.post("/carts").body["id"]
    assert_problem(guest.post(f"/carts/{empty}/checkout", {"shipping_address": ADDRESS, "email": "g@example.com"}),
                   422, "cart")
    guest_cart = guest.post("/carts").body["id"]
    done(guest.post(f"/carts/{guest_cart}/lines", {"variant_id": world.a.variants["A-CASE"], "quantity": 1}))
    assert_problem(guest.post(f"/carts/{guest_cart}/checkout", {"shipping_address": ADDRESS}), 422, "email")
    assert shopper.post(f"/carts/{cart}/checkout", {"shipping_address": ADDRESS}).status_code == 201
    assert_problem(shopper.post(f"/carts/{cart}/checkout", {"shipping_address": ADDRESS}), 409)
    assert_problem(shopper.post("/carts/crt_nope/checkout", {"shipping_address": ADDRESS}), 404)


def test_checkout_beyond_stock_is_409(world, shopper):
    cart = shopper.post("/carts").body["id"]
    lamp = world.b.variants["B-LAMP"]  # 5 in stock
    done(shopper.post(f"/carts/{cart}/lines", {"variant_id": lamp, "quantity": 6}))  # checked at checkout
    assert lamp in str(assert_problem(shopper.post(f"/carts/{cart}/checkout", {"shipping_address": ADDRESS}), 409))


def test_checkout_idempotency_key(shopper, cart):
    key = {"Idempotency-Key": "checkout-1"}
    first = shopper.post(f"/carts/{cart}/checkout", {"shipping_address": ADDRESS}, headers=key)
    again = shopper.post(f"/carts/{cart}/checkout", {"shipping_address": ADDRESS}, headers=key)
    assert (first.status_code, again.status_code, again.body) == (201, 201, first.body)
    other = {"shipping_address": {**ADDRESS, "city": "北京市"}}
    assert_problem(shopper.post(f"/carts/{cart}/checkout", other, headers=key), 422, "Idempotency-Key")
    assert_problem(shopper.post(f"/carts/{cart}/checkout", other, headers={"Idempotency-Key": "k" * 201}), 422,
                   "Idempotency-Key")


# ---------------------------------------------------------------- payments
@pytest.mark.parametrize(("body", "field"), [
    ({"method": "card", "card": {**GOOD_CARD, "number": "4242424242424241"}}, "card.number"),  # bad Luhn digit
    ({"method": "card", "card": {**GOOD_CARD, "number": "4242 4242 4242 4242x"}}, "card.number"),
    ({"method": "card", "card": {**GOOD_CARD, "number": 4242424242424242}}, "card.number"),
    ({"method": "card", "card": {**GOOD_CARD, "exp_month": 13}}, "card.exp_month"),
    ({"method": "card", "card": {**GOOD_CARD, "exp_month": 0}}, "card.exp_month"),
    ({"method": "card", "card": {**GOOD_CARD, "exp_year": 99999}}, "card.exp_year"),
    ({"method": "card", "card": {**GOOD_CARD, "cvc": "12"}}, "card.cvc"),
    ({"method": "card", "card": {k: v for k, v in GOOD_CARD.items() if k != "cvc"}}, "card.cvc"),
    ({"method": "card"}, "card"), ({"method": "card", "card": "4242424242424242"}, "card"),
    ({"method": "bitcoin"}, "method"), ({}, "method"), ({"method": None}, "method"),
])
def test_payment_confirm_validates_the_card(unpaid, body, field):
    assert_problem(unpaid.shopper.post(f"/payments/{unpaid.payment}/confirm", body), 422, field)


def test_payment_rules(world, unpaid):
    stranger = register("stranger@example.com")
    assert_problem(stranger.post(f"/payments/{unpaid.payment}/confirm", CARD), 404)
    assert_problem(stranger.get(f"/payments/{unpaid.payment}"), 404)
    assert_problem(world.b.api.get(f"/payments/{unpaid.payment}"), 404)
    assert_problem(unpaid.shopper.post("/payments/pay_nope/confirm", CARD), 404)
    assert_problem(unpaid.shopper.post(f"/payments/{unpaid.payment}/authenticate", {"code": "12ab"}), 422, "code")
    assert unpaid.shopper.post(f"/payments/{unpaid.payment}/confirm", CARD).body["status"] == "succeeded"
    assert_problem(unpaid.shopper.post(f"/payments/{unpaid.payment}/confirm", CARD), 409)
    assert_problem(unpaid.shopper.post(f"/payments/{unpaid.payment}/confirm", {"method": "cod"}), 409)
    assert_problem(unpaid.shopper.post(f"/payments/{unpaid.payment}/authenticate", {"code": "123456"}), 409)


def test_payment_confirm_idempotency_key(unpaid):
    key, path = {"Idempotency-Key": "pay-1"}, f"/payments/{unpaid.payment}/confirm"
    first, again = (unpaid.shopper.post(path, CARD, headers=key) for _ in range(2))
    assert (first.status_code, again.status_code, again.body) == (200, 200, first.body)
    other = {"method": "card", "card": {**GOOD_CARD, "number": "4000000000000002"}}
    assert_problem(unpaid.shopper.post(path, other, headers=key), 422, "Idempotency-Key")


# ---------------------------------------------------------------- orders
@pytest.mark.parametrize(("query", "field"), [("limit=101", "limit"), ("limit=0", "limit"), ("limit=x", "limit"),
                                              ("cursor=%25%25garbage", "cursor"), ("cursor=" + "z" * 201, "cursor"),
                                              ("status=lost", "status")])
def test_order_list_rejects_bad_queries(shopper, query, field):
    assert_problem(shopper.get(f"/orders?{query}"), 422, field)


def test_orders_of_others_are_404(world, paid):
    stranger = register("stranger@example.com")
    for api in (stranger, world.b.api):
        assert_problem(api.get(f"/orders/{paid.order}"), 404)
        assert_problem(api.post(f"/orders/{paid.order}/cancel", {"reason": "mine"}), 404)
        assert_problem(api.get(f"/orders/{paid.order}/invoice"), 404)
        assert_problem(api.patch(f"/orders/{paid.order}/shipping-address", ADDRESS), 404)
    assert_problem(stranger.post(f"/orders/{paid.order}/confirm-receipt"), 404)
    assert_problem(world.b.api.post(f"/orders/{paid.order}/shipments", {"carrier": "SF", "tracking_number": "SF99"}),
                   404)
    assert_problem(world.b.api.post(f"/orders/{paid.order}/deliver"), 404)
    assert_problem(paid.shopper.get("/orders/ord_nope"), 404)
    guest = buy(Api(), [(world.b.variants["B-LAMP"], 1)], card=None, email="guest@example.com")
    assert_problem(Api(guest["guest_token"]).get(f"/orders/{paid.order}"), 404)
    assert_problem(Api(guest["guest_token"]).post(f"/payments/{paid.payment}/confirm", CARD), 404)


def test_order_bodies_are_validated(world, paid):
    ship = f"/orders/{paid.order}/shipments"
    assert_problem(world.a.api.post(ship, {"carrier": "SF", "tracking_number": "x"}), 422, "tracking_number")
    assert_problem(world.a.api.post(ship, {"carrier": "S\x07F", "tracking_number": "SF1234"}), 422, "carrier")
    assert_problem(world.a.api.post(f"/orders/{paid.order}/deliver", {"cod_outcome": "lost"}), 422, "cod_outcome")
    assert_problem(paid.shopper.post(f"/orders/{paid.order}/cancel", {"reason": "why\x00"}), 422, "reason")
    address = {**ADDRESS, "country": "China"}
    assert_problem(paid.shopper.patch(f"/orders/{paid.order}/shipping-address", address), 422, "country")


def test_illegal_order_transitions_are_409_naming_the_status(world, paid):
    detail = assert_problem(paid.shopper.post(f"/orders/{paid.order}/confirm-receipt"), 409)["detail"]
    assert "paid" in detail
    detail = assert_problem(world.a.api.post(f"/orders/{paid.order}/deliver"), 409)["detail"]
    assert "paid" in detail
    done(world.a.api.post(f"/orders/{paid.order}/shipments", {"carrier": "SF", "tracking_number": "SF1234"}))
    detail = assert_problem(paid.shopper.post(f"/orders/{paid.order}/cancel", {"reason": "too late"}), 409)["detail"]
    assert "shipped" in detail
    assert "shipped" in assert_problem(paid.shopper.patch(f"/orders/{paid.order}/shipping-address", ADDRESS),
                                       409)["detail"]
    line = paid.lines["A-CASE"]
    returns = {"lines": [{"line_id": line, "quantity": 1}]}
    assert "shipped" in assert_problem(paid.shopper.post(f"/orders/{paid.order}/returns", returns), 409)["detail"]


def test_cancel_idempotency_key(paid):
    key, path = {"Idempotency-Key": "cancel-1"}, f"/orders/{paid.order}/cancel"
    first, again = (paid.shopper.post(path, {"reason": "changed my mind"}, headers=key) for _ in range(2))
    assert (first.status_code, again.status_code, again.body) == (200, 200, first.body)
    assert_problem(paid.shopper.post(path, {"reason": "another reason"}, headers=key), 422, "Idempotency-Key")
    assert "cancelled" in assert_problem(paid.shopper.post(path, {"reason": "again"}), 409)["detail"]


# ---------------------------------------------------------------- returns
@pytest.mark.parametrize(("lines", "field"), [  # (sku or line id, quantity); None leaves the key out
    ([("B-LAMP", 3)], "lines.0.quantity"),  # bought 2
    ([("B-LAMP", 0)], "lines.0.quantity"), ([("B-LAMP", -1)], "lines.0.quantity"),
    ([("B-LAMP", "two")], "lines.0.quantity"), ([("B-LAMP", None)], "lines.0.quantity"),
    ([("B-CAKE", 1)], "lines.0.line_id"),  # perishable: not returnable
    ([("B-LAMP", 1), ("B-CAKE", 1)], "lines.1.line_id"),
    ([("oln_nope", 1)], "lines.0.line_id"), ([(None, 1)], "lines.0.line_id"), ([], "lines"),
])
def test_return_requests_are_validated(delivered, lines, field):
    wanted = [{"line_id": delivered.lines.get(ref, ref), "quantity": quantity} for ref, quantity in lines]
    body = {"lines": [{k: v for k, v in ln.items() if v is not None} for ln in wanted], "reason": "不喜欢"}
    assert_problem(delivered.shopper.post(f"/orders/{delivered.order}/returns", body), 422, field)


def test_return_decisions_are_walled_and_single(world, delivered):
    path, key = f"/orders/{delivered.order}/returns", {"Idempotency-Key": "return-1"}
    lamp = {"lines": [{"line_id": delivered.lines["B-LAMP"], "quantity": 1}], "reason": "broken"}
    first, again = (delivered.shopper.post(path, lamp, headers=key) for _ in range(2))
    assert (first.status_code, again.status_code, again.body) == (201, 201, first.body)
    assert_problem(delivered.shopper.post(path, {**lamp, "reason": "other"}, headers=key), 422, "Idempotency-Key")
    assert_problem(world.a.api.post(f"/returns/{first.body['id']}/approve"), 404)
    assert_problem(delivered.shopper.post(f"/returns/{first.body['id']}/approve"), 404)
    assert_problem(world.b.api.post("/returns/ret_nope/approve"), 404)
    done(world.b.api.post(f"/returns/{first.body['id']}/reject"))
    assert "rejected" in assert_problem(world.b.api.post(f"/returns/{first.body['id']}/approve"), 409)["detail"]
    assert "rejected" in assert_problem(world.b.api.post(f"/returns/{first.body['id']}/receive"), 409)["detail"]


# ---------------------------------------------------------------- refunds
def _refund(order: str, amount: str | None = None, currency: str = "CNY", **extra: Any) -> dict[str, Any]:
    money = {"amount": {"amount": amount, "currency": currency}} if amount is not None else {}
    return {"order_id": order, "reason": "goodwill", **money, **extra}


@pytest.mark.parametrize(("change", "field"), [
    ({"amount": "1.00", "currency": "XYZ"}, "amount.currency"), ({"amount": "1.005"}, "amount.amount"),
    ({"amount": "-1.00"}, "amount.amount"), ({"amount": "0.00"}, "amount.amount"),
    ({"reason": ""}, "reason"), ({"reason": "bad\x07"}, "reason"),
    ({"lines": [{"line_id": "x", "quantity": 0}]}, "lines.0.quantity"),
])
def test_refund_requests_are_validated(world, paid, change, field):
    body = _refund(paid.order, **{k: v for k, v in change.items() if k in ("amount", "currency")})
    body |= {k: v for k, v in change.items() if k not in ("amount", "currency")}
    assert_problem(world.a.api.post(f"/payments/{paid.payment}/refunds", body), 422, field)


def test_refund_rules(world, paid):
    path = f"/payments/{paid.payment}/refunds"
    assert_problem(world.a.api.post(path, _refund(paid.order, "100000.00")), 422, "amount.amount")
    line = {"line_id": paid.lines["A-CASE"], "quantity": 3}  # bought 2
    assert_problem(world.a.api.post(path, _refund(paid.order, lines=[line])), 422, "lines.0.quantity")
    assert_problem(world.b.api.post(path, _refund(paid.order, "1.00")), 404)
    assert_problem(world.a.api.post(path, _refund("ord_nope", "1.00")), 404)
    assert_problem(paid.shopper.post(path, _refund(paid.order, "1.00")), 404)  # not the merchant's staff
    key = {"Idempotency-Key": "refund-1"}
    first, again = (world.a.api.post(path, _refund(paid.order, "1.00"), headers=key) for _ in range(2))
    assert (first.status_code, again.status_code, again.body) == (201, 201, first.body)
    assert_problem(world.a.api.post(path, _refund(paid.order, "2.00"), headers=key), 422, "Idempotency-Key")


def test_refund_on_an_unknown_payment_is_404(world, paid):
    assert_problem(world.a.api.post("/payments/pay_nope/refunds", _refund(paid.order, "1.00")), 404)
