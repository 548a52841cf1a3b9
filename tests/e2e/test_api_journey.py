"""Black-box journeys through the whole marketplace, over HTTP only, against a live `mercato serve`.

Each test is one story a real user lives: a shopper buying from two merchants, a declined card, a
guest checkout, a cancellation, a return, two shoppers racing for the last unit, and the error
answers an integrator relies on. They share one running server and one small marketplace (the
``world`` fixture); any journey that counts stock or money creates its own fresh products.
Run with ``pytest tests/e2e -m e2e``.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from .live_server import (
    AUTH_REQUIRED_CARD,
    DECLINED_CARD,
    GOOD_CARD,
    SHIPPING_ADDRESS,
    assert_problem,
    card,
    cny,
    describe,
    expect_status,
    money,
    status_history,
    unique,
)

if TYPE_CHECKING:
    from .conftest import Merchant, World

pytestmark = pytest.mark.e2e

COMMISSION_RATE = Decimal("0.05")
CENT = Decimal("0.01")


def order_of(checkout: dict[str, Any], merchant: Merchant) -> dict[str, Any]:
    orders: list[dict[str, Any]] = [order for order in checkout["orders"] if order["merchant_id"] == merchant.id]
    assert len(orders) == 1, f"expected one order of {merchant.name} in {checkout['orders']}"
    return orders[0]


def commission(line_amount: Decimal) -> Decimal:
    return (line_amount * COMMISSION_RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def stock_levels(merchant: Merchant, variant_id: str) -> tuple[int, int, int]:
    """(on hand, held for orders not yet shipped — reserved unpaid plus allocated paid —, available)."""
    stock = merchant.staff.stock(variant_id)
    held = stock["reserved"] + stock["allocated"]
    assert stock["on_hand"] - held == stock["available"], stock
    return stock["on_hand"], held, stock["available"]


def unknown_id_like(known_id: str) -> str:
    """An id of the same shape as ``known_id`` that names nothing."""
    if known_id.isdigit():
        return "987654321"
    try:
        uuid.UUID(known_id)
    except ValueError:
        prefix, _, tail = known_id.rpartition("_")
        return f"{prefix}_{'z' * len(tail)}" if prefix else "z" * len(known_id)
    return str(uuid.uuid4())


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {item["id"] for item in items}


# --------------------------------------------------------------------------- journeys


def test_shopper_buys_from_two_merchants_and_escrow_is_released_on_receipt(world: World) -> None:
    a, b = world.merchant_a, world.merchant_b
    case = world.new_variant(a, "12.50", stock=10, title="Acme Case")
    cable = world.new_variant(a, "43.25", stock=10, title="Acme Cable")
    tea = world.new_variant(b, "40.00", stock=10, title="Blossom Longjing")
    shopper = world.new_shopper()
    balance_a_at_start, balance_b_at_start = a.staff.balance(a.id), b.staff.balance(b.id)

    cart = shopper.new_cart([(case.id, 1), (cable.id, 2), (tea.id, 3)])
    assert len(cart["lines"]) == 3
    assert {group["merchant_id"] for group in cart["groups"]} == {a.id, b.id}
    assert money(cart["total"]) == Decimal("219.00")  # 12.50 + 2 * 43.25 + 3 * 40.00

    key = unique("checkout")
    answer = expect_status(shopper.checkout_request(cart["id"], idempotency_key=key), 201)
    replay = shopper.checkout_request(cart["id"], idempotency_key=key)
    assert (replay.status_code, replay.json()) == (201, answer.json()), describe(replay)

    checkout = answer.json()
    assert len(checkout["orders"]) == 2
    assert all(order["status"] == "pending_payment" for order in checkout["orders"])
    assert len({order["number"] for order in checkout["orders"]}) == 2
    assert checkout["reserved_until"]
    payment = checkout["payment"]
    assert payment["status"] == "requires_payment"
    order_a, order_b = order_of(checkout, a), order_of(checkout, b)
    total_a, total_b = money(order_a["total"]), money(order_b["total"])
    assert total_a >= Decimal("99.00") and total_b >= Decimal("120.00")
    assert money(payment["amount"]) == total_a + total_b

    assert stock_levels(a, cable.id) == (10, 2, 8)
    assert shopper.available(cable.product_id, cable.id) == 8

    assert shopper.pay(payment["id"])["status"] == "succeeded"
    for order in (order_a, order_b):
        assert shopper.order(order["id"])["status"] == "paid"
    assert a.staff.balance(a.id)["held_in_escrow"] == balance_a_at_start["held_in_escrow"] + total_a
    assert b.staff.balance(b.id)["held_in_escrow"] == balance_b_at_start["held_in_escrow"] + total_b

    for merchant, order in ((a, order_a), (b, order_b)):
        shipped = merchant.staff.ship(order["id"])
        assert shipped["status"] == "shipped"
        assert len(shipped["shipments"]) == 1
        assert merchant.staff.deliver(order["id"])["status"] == "delivered"
    assert stock_levels(a, case.id) == (9, 0, 9)
    assert stock_levels(a, cable.id) == (8, 0, 8)
    assert stock_levels(b, tea.id) == (7, 0, 7)

    # Commission is 5% of what was paid for each line, rounded half-up per line (12.50 -> 0.63,
    # 86.50 -> 4.33 when no shipping is charged: 4.96, where 5% of the order would give 4.95).
    lines_a = shopper.order(order_a["id"])["lines"]
    assert sum(money(line["amount_paid"]) for line in lines_a) == total_a
    fee_a = sum(commission(money(line["amount_paid"])) for line in lines_a)
    balance_a_before_receipt = a.staff.balance(a.id)
    assert shopper.confirm_receipt(order_a["id"])["status"] == "completed"
    balance_a = a.staff.balance(a.id)
    assert balance_a["held_in_escrow"] == balance_a_at_start["held_in_escrow"]
    assert balance_a["available"] == balance_a_before_receipt["available"] + total_a - fee_a
    assert world.operator.balance(a.id) == balance_a
    balance_b = b.staff.balance(b.id)
    assert balance_b["held_in_escrow"] == balance_b_at_start["held_in_escrow"] + total_b
    assert balance_b["available"] == balance_b_at_start["available"]

    assert status_history(shopper.order(order_a["id"])) == [
        "pending_payment", "paid", "shipped", "delivered", "completed",
    ]  # fmt: skip
    assert status_history(shopper.order(order_b["id"])) == ["pending_payment", "paid", "shipped", "delivered"]


def test_merchant_pays_out_only_what_is_available(world: World) -> None:
    merchant = world.new_merchant("Echo 书店")  # fresh books: nothing available before this sale
    variant = world.new_variant(merchant, "120.00", stock=3)
    shopper = world.new_shopper()
    checkout = shopper.buy([(variant.id, 1)])
    order_id = checkout["orders"][0]["id"]
    shopper.pay(checkout["payment"]["id"])
    merchant.staff.ship(order_id)
    merchant.staff.deliver(order_id)
    shopper.confirm_receipt(order_id)
    [line] = shopper.order(order_id)["lines"]
    paid = money(line["amount_paid"])
    balance = merchant.staff.balance(merchant.id)
    assert balance["available"] == paid - commission(paid)
    assert balance["paid_out"] == Decimal("0")

    too_much = merchant.staff.request(
        "POST", f"/merchants/{merchant.id}/payouts",
        json={"amount": cny(balance["available"] + CENT)}, idempotency_key=unique("payout"),
    )  # fmt: skip
    assert_problem(too_much, 409)

    payout = merchant.staff.call("POST", f"/merchants/{merchant.id}/payouts", 201, json={"amount": cny("10.00")})
    assert money(payout["amount"]) == Decimal("10.00")
    after = merchant.staff.balance(merchant.id)
    assert after["available"] == balance["available"] - Decimal("10.00")
    assert after["paid_out"] == Decimal("10.00")
    assert ids(merchant.staff.call("GET", f"/merchants/{merchant.id}/payouts")["items"]) == {payout["id"]}


def test_declined_card_then_good_card(world: World) -> None:
    variant = world.new_variant(world.merchant_a, "88.00", stock=5)
    shopper = world.new_shopper()
    checkout = shopper.buy([(variant.id, 1)])
    payment_id, order_id = checkout["payment"]["id"], checkout["orders"][0]["id"]
    confirm_path = f"/payments/{payment_id}/confirm"

    declined = expect_status(
        shopper.request("POST", confirm_path, json=card(DECLINED_CARD), idempotency_key=unique("pay")), 200
    )
    assert declined.json()["status"] == "failed"
    assert declined.json()["failure_reason"]
    assert shopper.payment(payment_id)["status"] == "requires_payment"
    assert shopper.order(order_id)["status"] == "pending_payment"

    accepted = expect_status(
        shopper.request("POST", confirm_path, json=card(GOOD_CARD), idempotency_key=unique("pay")), 200
    )
    assert accepted.json()["status"] == "succeeded"
    assert shopper.order(order_id)["status"] == "paid"

    shown = expect_status(shopper.request("GET", f"/payments/{payment_id}"), 200)
    assert shown.json()["status"] == "succeeded"
    assert len(shown.json()["attempts"]) == 2
    for response in (declined, accepted, shown):
        for number in (DECLINED_CARD, GOOD_CARD):
            assert number[:12] not in response.text, f"card digits beyond the last four leaked: {describe(response)}"
    assert "0002" in shown.text and "4242" in shown.text, "attempts should name the cards by their last four"


def test_card_requiring_authentication(world: World) -> None:
    variant = world.new_variant(world.merchant_a, "66.00", stock=5)
    shopper = world.new_shopper()
    checkout = shopper.buy([(variant.id, 1)])
    payment_id, order_id = checkout["payment"]["id"], checkout["orders"][0]["id"]
    authenticate_path = f"/payments/{payment_id}/authenticate"

    assert shopper.pay(payment_id, AUTH_REQUIRED_CARD)["status"] == "requires_action"
    assert shopper.order(order_id)["status"] == "pending_payment"

    wrong = shopper.request("POST", authenticate_path, json={"code": "000000"}, idempotency_key=unique("auth"))
    assert 400 <= wrong.status_code < 500 or wrong.json()["status"] == "failed", describe(wrong)
    assert shopper.order(order_id)["status"] == "pending_payment"
    if shopper.payment(payment_id)["status"] != "requires_action":  # a wrong code may end the attempt
        assert shopper.pay(payment_id, AUTH_REQUIRED_CARD)["status"] == "requires_action"

    right = shopper.call("POST", authenticate_path, json={"code": "123456"}, idempotency_key=unique("auth"))
    assert right["status"] == "succeeded"
    assert shopper.payment(payment_id)["status"] == "succeeded"
    assert shopper.order(order_id)["status"] == "paid"


def test_guest_checkout_pays_and_follows_the_order_with_its_guest_token(world: World) -> None:
    variant = world.new_variant(world.merchant_b, "128.00", stock=5)
    guest = world.client()
    cart = guest.new_cart([(variant.id, 2)])

    no_email = assert_problem(guest.checkout_request(cart["id"]), 422)
    assert any("email" in error["field"] for error in no_email["errors"]), no_email

    checkout = guest.checkout(cart["id"], email=f"{unique('guest')}@example.com")
    assert checkout["guest_token"]
    payment_id, order_id = checkout["payment"]["id"], checkout["orders"][0]["id"]

    holder = world.client(checkout["guest_token"])
    assert holder.pay(payment_id)["status"] == "succeeded"
    order = holder.order(order_id)
    assert (order["id"], order["status"]) == (order_id, "paid")
    assert order["number"] == checkout["orders"][0]["number"]

    stranger = world.new_shopper()
    assert_problem(stranger.request("GET", f"/orders/{order_id}"), 404)
    assert_problem(stranger.request("GET", f"/payments/{payment_id}"), 404)
    assert_problem(world.client().request("GET", f"/orders/{order_id}"), 401)


def test_cancel_before_shipment_refunds_and_releases_stock(world: World) -> None:
    a = world.merchant_a
    variant = world.new_variant(a, "30.00", stock=5)
    shopper = world.new_shopper()

    checkout = shopper.buy([(variant.id, 2)])
    order, payment_id = checkout["orders"][0], checkout["payment"]["id"]
    assert shopper.pay(payment_id)["status"] == "succeeded"
    assert shopper.available(variant.product_id, variant.id) == 3

    assert shopper.cancel(order["id"], "ordered the wrong colour")["status"] == "cancelled"
    refunds = shopper.payment(payment_id)["refunds"]
    assert len(refunds) == 1
    assert money(refunds[0]["amount"]) == money(order["total"])
    assert shopper.available(variant.product_id, variant.id) == 5
    assert stock_levels(a, variant.id) == (5, 0, 5)
    assert status_history(shopper.order(order["id"])) == ["pending_payment", "paid", "cancelled"]

    again = shopper.request(
        "POST", f"/orders/{order['id']}/cancel", json={"reason": "again"}, idempotency_key=unique("cancel")
    )
    assert_problem(again, 409)

    unpaid = shopper.buy([(variant.id, 4)])
    assert shopper.available(variant.product_id, variant.id) == 1
    assert shopper.cancel(unpaid["orders"][0]["id"])["status"] == "cancelled"
    assert shopper.available(variant.product_id, variant.id) == 5
    assert shopper.payment(unpaid["payment"]["id"])["refunds"] == []


def test_return_after_delivery_refunds_per_unit_and_restocks(world: World) -> None:
    merchant = world.new_merchant("Delta 配件")  # its own books: the escrow it holds is this order alone
    variant = world.new_variant(merchant, "10.00", stock=6)
    shopper = world.new_shopper()
    checkout = shopper.buy([(variant.id, 3)])
    order_id, payment_id = checkout["orders"][0]["id"], checkout["payment"]["id"]
    shopper.pay(payment_id)
    merchant.staff.ship(order_id)

    too_late = shopper.request(
        "POST", f"/orders/{order_id}/cancel", json={"reason": "too slow"}, idempotency_key=unique("cancel")
    )
    assert "shipped" in assert_problem(too_late, 409)["detail"]

    merchant.staff.deliver(order_id)
    assert stock_levels(merchant, variant.id) == (3, 0, 3)
    order = shopper.order(order_id)
    [line] = order["lines"]
    assert line["quantity"] == 3
    line_paid = money(line["amount_paid"])  # the merchandise plus its share of shipping
    assert line_paid == money(order["total"])
    assert merchant.staff.balance(merchant.id)["held_in_escrow"] == line_paid
    per_unit = line_paid / 3  # 38.00 / 3 when shipping is charged: refunds cannot all be equal
    returns_path = f"/orders/{order_id}/returns"

    def request_return(quantity: int) -> httpx.Response:
        body = {"lines": [{"line_id": line["id"], "quantity": quantity}], "reason": "屏幕有划痕"}
        return shopper.request("POST", returns_path, json=body, idempotency_key=unique("return"))

    def return_one_unit() -> Decimal:
        requested = expect_status(request_return(1), 201).json()
        assert requested["status"] == "requested"
        assert merchant.staff.post_action(f"/returns/{requested['id']}/approve")["status"] == "approved"
        received = merchant.staff.post_action(f"/returns/{requested['id']}/receive")
        assert received["status"] == "received"
        refund = money(received["refund"]["amount"])
        assert abs(refund - per_unit) < CENT, f"refund {refund} is not one unit's share of {line_paid}"
        return refund

    stranger = world.new_shopper()
    body = {"lines": [{"line_id": line["id"], "quantity": 1}], "reason": "not mine"}
    assert_problem(stranger.request("POST", returns_path, json=body, idempotency_key=unique("return")), 404)

    first = return_one_unit()
    assert first == per_unit.quantize(CENT, rounding=ROUND_HALF_UP)
    assert stock_levels(merchant, variant.id) == (4, 0, 4)
    assert shopper.order(order_id)["status"] == "delivered"

    expect_status(request_return(3), 409, 422)  # only two units are left to return

    second = return_one_unit()
    assert shopper.order(order_id)["status"] == "delivered"
    third = return_one_unit()
    assert first + second + third == line_paid
    assert stock_levels(merchant, variant.id) == (6, 0, 6)
    assert shopper.order(order_id)["status"] == "refunded"
    refunds = shopper.payment(payment_id)["refunds"]
    assert sorted(money(refund["amount"]) for refund in refunds) == sorted([first, second, third])
    balance = merchant.staff.balance(merchant.id)
    assert (balance["held_in_escrow"], balance["available"]) == (Decimal("0"), Decimal("0"))


def test_last_unit_goes_to_exactly_one_of_two_racing_checkouts(world: World) -> None:
    a = world.merchant_a
    variant = world.new_variant(a, "599.00", stock=1)
    buyers = [world.new_shopper(), world.new_shopper()]
    carts = [buyer.new_cart([(variant.id, 1)]) for buyer in buyers]
    start = threading.Barrier(len(buyers))

    def check_out(index: int) -> httpx.Response:
        start.wait()
        return buyers[index].checkout_request(carts[index]["id"])

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        responses = list(pool.map(check_out, range(len(buyers))))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409], [describe(response) for response in responses]
    [loser] = [response for response in responses if response.status_code == 409]
    assert_problem(loser, 409)
    assert stock_levels(a, variant.id) == (1, 1, 0)
    assert buyers[0].available(variant.product_id, variant.id) == 0


def test_stock_totals_agree_with_each_warehouse(world: World) -> None:
    """Per warehouse and in total the fields mean the same: available = on_hand − reserved − allocated."""
    a = world.merchant_a
    variant = world.new_variant(a, "35.00", stock=5)
    shopper = world.new_shopper()
    paid = shopper.buy([(variant.id, 1)])
    shopper.pay(paid["payment"]["id"])
    shopper.buy([(variant.id, 1)])  # left unpaid

    stock = a.staff.stock(variant.id)
    shape = ("on_hand", "reserved", "allocated", "available")
    assert tuple(stock[k] for k in shape) == (5, 1, 1, 3), stock  # one unpaid hold, one paid allocation
    [level] = stock["items"]
    assert level["warehouse_id"] == a.warehouse_id
    assert tuple(level[k] for k in shape) == (5, 1, 1, 3), level
    after_put = a.staff.set_stock(variant.id, a.warehouse_id, 6)
    assert tuple(after_put[k] for k in shape) == (6, 1, 1, 4), after_put


def test_merchants_cannot_see_or_touch_each_others_orders(world: World) -> None:
    a, b = world.merchant_a, world.merchant_b
    variant = world.new_variant(a, "45.00", stock=3)
    shopper = world.new_shopper()
    checkout = shopper.buy([(variant.id, 1)])
    order_id = checkout["orders"][0]["id"]
    shopper.pay(checkout["payment"]["id"])

    assert_problem(b.staff.request("GET", f"/orders/{order_id}"), 404)
    shipment = {"carrier": "SF Express", "tracking_number": "SF0000000001"}
    assert_problem(b.staff.request("POST", f"/orders/{order_id}/shipments", json=shipment), 404)
    assert order_id not in ids(b.staff.call("GET", "/orders", params={"limit": 100})["items"])
    assert_problem(b.staff.request("GET", f"/merchants/{a.id}/balance"), 404)
    assert_problem(b.staff.request("GET", f"/variants/{variant.id}/stock"), 404)
    assert_problem(b.staff.request("PUT", f"/variants/{variant.id}/stock/{b.warehouse_id}", json={"on_hand": 99}), 404)

    assert order_id in ids(a.staff.call("GET", "/orders", params={"limit": 100})["items"])
    assert a.staff.order(order_id)["status"] == "paid"
    assert stock_levels(a, variant.id) == (3, 1, 2)


def test_cash_on_delivery(world: World) -> None:
    b = world.merchant_b
    variant = world.new_variant(b, "58.00", stock=4)
    shopper = world.new_shopper()
    checkout = shopper.buy([(variant.id, 1)])
    payment_id, order_id = checkout["payment"]["id"], checkout["orders"][0]["id"]

    assert shopper.post_action(f"/payments/{payment_id}/confirm", {"method": "cod"})["status"] == "awaiting_collection"
    assert shopper.order(order_id)["status"] == "paid"
    assert b.staff.ship(order_id)["status"] == "shipped"
    assert b.staff.deliver(order_id)["status"] == "delivered"
    assert status_history(shopper.order(order_id)) == ["pending_payment", "paid", "shipped", "delivered"]
    assert stock_levels(b, variant.id) == (3, 0, 3)


def test_merchant_onboarding_and_suspension(world: World) -> None:
    owner, email, password = world.new_user("店主")
    created = owner.create_merchant("Cedar 家居")
    assert created["status"] == "pending"
    merchant_id = created["id"]
    owner.login(email, password)
    assert owner.me()["merchant_id"] == merchant_id

    product = {
        "title": unique("Cedar Lamp"),
        "description": "台灯",
        "category": world.category_id,
        "variants": [{"sku": unique("CEDAR"), "price": cny("199.00")}],
    }
    assert_problem(owner.request("POST", "/products", json=product), 403)
    stranger = world.new_shopper()
    expect_status(stranger.request("POST", f"/merchants/{merchant_id}/approve"), 403, 404)

    approved = world.operator.call("POST", f"/merchants/{merchant_id}/approve")
    assert (approved["id"], approved["status"]) == (merchant_id, "active")
    product_id = owner.call("POST", "/products", 201, json=product)["id"]
    storefront = world.client()
    listed = storefront.call("GET", "/products", params={"merchant": merchant_id})["items"]
    assert ids(listed) == {product_id}

    assert world.operator.call("POST", f"/merchants/{merchant_id}/suspend")["status"] == "suspended"
    assert storefront.call("GET", "/products", params={"merchant": merchant_id})["items"] == []
    assert_problem(owner.request("POST", "/products", json={**product, "title": unique("Cedar Chair")}), 403)


def test_catalog_browsing(world: World) -> None:
    a, b = world.merchant_a, world.merchant_b
    storefront = world.client()
    tree = storefront.call("GET", "/categories")["items"]
    [phones] = [node for node in tree if node["id"] == world.category_id]
    assert phones["parent_id"] is None

    child = world.operator.call(
        "POST",
        "/categories",
        201,
        json={"name": {"zh-Hans": "手机壳", "en": "Phone cases"}, "parent_id": phones["id"]},
    )
    assert child["parent_id"] == phones["id"]
    [phones] = [node for node in storefront.call("GET", "/categories")["items"] if node["id"] == phones["id"]]
    assert child["id"] in ids(phones["children"])

    word = unique("Zephyr").replace("-", "")
    in_stock = world.new_variant(a, "10.00", stock=5, title=f"{word} Alpha")
    sold_out = world.new_variant(a, "20.00", stock=0, title=f"{word} Beta")
    both = {in_stock.product_id, sold_out.product_id}

    def search(**params: Any) -> dict[str, Any]:
        return storefront.call("GET", "/products", params={"q": word, **params})

    assert ids(search()["items"]) == both
    assert ids(search(in_stock="true")["items"]) == {in_stock.product_id}
    assert ids(search(merchant=a.id)["items"]) == both
    assert search(merchant=b.id)["items"] == []
    assert ids(search(category=world.category_id)["items"]) == both

    first_page = search(limit=1)
    assert len(first_page["items"]) == 1 and first_page["next_cursor"]
    second_page = search(limit=1, cursor=first_page["next_cursor"])
    assert ids(first_page["items"]) | ids(second_page["items"]) == both

    shown = storefront.product(in_stock.product_id)
    [variant] = shown["variants"]
    assert (variant["id"], variant["available"]) == (in_stock.id, 5)
    assert money(variant["price"]) == Decimal("10.00")


def test_tokens_refresh_and_revoke(world: World) -> None:
    client = world.client()
    email, password = f"{unique('user')}@example.com", "Correct-horse-9"
    registered = client.register(email, password, "李雷")
    assert (registered["email"], registered["name"]) == (email, "李雷")
    assert registered["refresh_token"]

    renewed = client.call("POST", "/auth/refresh", json={"refresh_token": registered["refresh_token"]})
    assert world.client(renewed["token"]).me()["email"] == email

    client.call("POST", "/auth/revoke", 204, json={"refresh_token": renewed["refresh_token"]})
    assert_problem(client.request("POST", "/auth/refresh", json={"refresh_token": renewed["refresh_token"]}), 401)
    wrong_password = {"email": email, "password": "Wrong-horse-9"}
    assert_problem(world.client().request("POST", "/auth/token", json=wrong_password), 401)

    operator = world.operator.me()
    assert "operator" in operator["roles"]
    assert world.merchant_a.staff.me()["merchant_id"] == world.merchant_a.id


def test_error_answers_are_problem_documents(world: World) -> None:
    anonymous = world.client()
    shopper = world.new_shopper()

    malformed = anonymous.request(
        "POST", "/auth/register", content=b'{"email": "x@example.com", "password":',
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert_problem(malformed, 400)

    cart = shopper.new_cart()
    negative = shopper.request(
        "POST", f"/carts/{cart['id']}/lines", json={"variant_id": world.listed_a.id, "quantity": -1}
    )
    assert "quantity" in assert_problem(negative, 422)["errors"][0]["field"]

    missing_product = unknown_id_like(world.listed_a.product_id)
    assert_problem(anonymous.request("GET", f"/products/{missing_product}"), 404)
    assert_problem(shopper.request("POST", "/me", json={}), 405)
    assert_problem(anonymous.request("GET", "/no-such-resource"), 404)
    assert_problem(anonymous.request("GET", "/me"), 401)
    assert_problem(world.client("not-a-real-token").request("GET", "/me"), 401)
    assert_problem(anonymous.request("GET", "/products", params={"limit": 101}), 422)


def test_idempotency_key_reused_with_another_body_is_rejected(world: World) -> None:
    shopper = world.new_shopper()
    cart = shopper.new_cart([(world.listed_b.id, 1)])
    key = unique("checkout")
    expect_status(shopper.checkout_request(cart["id"], idempotency_key=key), 201)

    other_body = {"shipping_address": {**SHIPPING_ADDRESS, "name": "李四"}, "shipping_method": "standard"}
    reused = shopper.request("POST", f"/carts/{cart['id']}/checkout", json=other_body, idempotency_key=key)
    assert_problem(reused, 422)
