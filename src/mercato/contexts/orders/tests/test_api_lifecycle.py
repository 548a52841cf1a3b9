"""Order lifecycle over the API: cancel, address change, cash on delivery, histories, permissions."""

from decimal import Decimal

from conftest import ADDRESS, GOOD_CARD, Api, buy, register
from mercato.contexts.inventory.public import consistency_problems
from mercato.contexts.payments.public import journal_problems


def _stock(shop, sku):
    return shop.api.get(f"/variants/{shop.variants[sku]}/stock").body


def test_cancel_unpaid_order_releases_stock_and_shrinks_the_payment(world):
    shopper = register("s1@example.com")
    result = buy(shopper, [(world.a.variants["A-CASE"], 2), (world.b.variants["B-LAMP"], 1)], card=None)
    assert _stock(world.b, "B-LAMP")["available"] == 4
    order_b = next(o for o in result["orders"] if o["merchant_id"] == world.b.merchant_id)
    r = shopper.post(f"/orders/{order_b['id']}/cancel", {"reason": "changed my mind"})
    assert r.status_code == 200 and r.body["status"] == "cancelled"
    assert _stock(world.b, "B-LAMP") | {} == {**_stock(world.b, "B-LAMP"), "available": 5, "reserved": 0}
    payment = shopper.get(f"/payments/{result['payment']['id']}").body
    order_a = next(o for o in result["orders"] if o["merchant_id"] == world.a.merchant_id)
    assert payment["amount"] == order_a["total"]
    paid = shopper.post(f"/payments/{payment['id']}/confirm", {"method": "card", "card": GOOD_CARD})
    assert paid.body["status"] == "succeeded"
    assert shopper.get(f"/orders/{order_a['id']}").body["status"] == "paid"
    assert journal_problems() == [] and consistency_problems() == []


def test_cancel_paid_order_refunds_everything_from_escrow(world):
    shopper = register("s2@example.com")
    result = buy(shopper, [(world.a.variants["A-PHONE"], 1)])
    order = result["orders"][0]
    r = shopper.post(f"/orders/{order['id']}/cancel", {"reason": "found it cheaper"})
    assert r.body["status"] == "cancelled"
    assert r.body["refunded_total"] == order["total"]
    payment = shopper.get(f"/payments/{result['payment']['id']}").body
    assert [x["amount"] for x in payment["refunds"]] == [order["total"]]
    balance = world.a.api.get(f"/merchants/{world.a.merchant_id}/balance").body["items"][0]
    assert Decimal(balance["held_in_escrow"]["amount"]) == 0
    assert _stock(world.a, "A-PHONE")["available"] == 10
    assert journal_problems() == []


def test_shipped_order_cannot_be_cancelled_and_the_409_names_the_status(world):
    shopper = register("s3@example.com")
    order = buy(shopper, [(world.a.variants["A-CASE"], 1)])["orders"][0]
    world.a.api.post(f"/orders/{order['id']}/shipments", {"carrier": "SF", "tracking_number": "SF0001"})
    r = shopper.post(f"/orders/{order['id']}/cancel", {"reason": "late"})
    assert r.status_code == 409
    assert r["Content-Type"] == "application/problem+json"
    assert "shipped" in r.body["detail"] and r.body["current_status"] == "shipped"


def test_shipping_address_changes_before_shipment_only(world):
    shopper = register("s4@example.com")
    order = buy(shopper, [(world.a.variants["A-CASE"], 1)])["orders"][0]
    new_address = {**ADDRESS, "city": "杭州市", "district": "西湖区", "line1": "文三路 1 号"}
    assert shopper.patch(f"/orders/{order['id']}/shipping-address", new_address).status_code == 200
    invoice = shopper.get(f"/orders/{order['id']}/invoice")
    assert invoice.status_code == 200 and "文三路 1 号" in invoice.content.decode()
    world.a.api.post(f"/orders/{order['id']}/shipments", {"carrier": "SF", "tracking_number": "SF0002"})
    assert shopper.patch(f"/orders/{order['id']}/shipping-address", new_address).status_code == 409


def test_cash_on_delivery_collected_at_the_door_enters_escrow(world):
    shopper = register("s5@example.com")
    result = buy(shopper, [(world.b.variants["B-LAMP"], 2)], card=None)
    order = result["orders"][0]
    r = shopper.post(f"/payments/{result['payment']['id']}/confirm", {"method": "cod"})
    assert r.body["status"] == "awaiting_collection"
    assert shopper.get(f"/orders/{order['id']}").body["status"] == "paid"
    stock = _stock(world.b, "B-LAMP")
    assert (stock["on_hand"], stock["available"]) == (5, 3)
    world.b.api.post(f"/orders/{order['id']}/shipments", {"carrier": "YTO", "tracking_number": "YT0003"})
    balance = world.b.api.get(f"/merchants/{world.b.merchant_id}/balance").body["items"][0]
    assert Decimal(balance["held_in_escrow"]["amount"]) == 0
    delivered = world.b.api.post(f"/orders/{order['id']}/deliver", {"cod_outcome": "collected"})
    assert delivered.body["status"] == "delivered"
    balance = world.b.api.get(f"/merchants/{world.b.merchant_id}/balance").body["items"][0]
    assert balance["held_in_escrow"]["amount"] == order["total"]["amount"]
    assert shopper.get(f"/payments/{result['payment']['id']}").body["status"] == "succeeded"
    assert journal_problems() == []


def test_cash_refused_at_the_door_cancels_and_restocks(world):
    shopper = register("s6@example.com")
    result = buy(shopper, [(world.b.variants["B-LAMP"], 1)], card=None)
    order = result["orders"][0]
    shopper.post(f"/payments/{result['payment']['id']}/confirm", {"method": "cod"})
    world.b.api.post(f"/orders/{order['id']}/shipments", {"carrier": "YTO", "tracking_number": "YT0004"})
    assert _stock(world.b, "B-LAMP")["on_hand"] == 4
    r = world.b.api.post(f"/orders/{order['id']}/deliver", {"cod_outcome": "refused"})
    assert r.body["status"] == "cancelled"
    stock = _stock(world.b, "B-LAMP")
    assert (stock["on_hand"], stock["available"]) == (5, 5)
    assert shopper.get(f"/payments/{result['payment']['id']}").body["status"] == "cancelled"
    assert journal_problems() == [] and consistency_problems() == []


def test_merchants_and_shoppers_see_only_their_own_orders(world):
    alice, bob = register("alice@example.com"), register("bob@example.com")
    order = buy(alice, [(world.a.variants["A-CASE"], 1)])["orders"][0]
    assert bob.get(f"/orders/{order['id']}").status_code == 404
    assert world.b.api.get(f"/orders/{order['id']}").status_code == 404
    assert world.b.api.post(f"/orders/{order['id']}/shipments",
                            {"carrier": "SF", "tracking_number": "SF0005"}).status_code == 404
    assert world.b.api.get(f"/merchants/{world.a.merchant_id}/balance").status_code == 404
    assert [o["id"] for o in world.a.api.get("/orders").body["items"]] == [order["id"]]
    assert world.b.api.get("/orders").body["items"] == []
    assert bob.get("/orders").body["items"] == []
    assert len(world.operator.get("/orders").body["items"]) == 1


def test_guest_checks_out_with_email_and_follows_orders_with_the_guest_token(world):
    guest = Api()
    result = buy(guest, [(world.a.variants["A-CASE"], 1)], email="guest@example.com")
    token = result["guest_token"]
    assert token and result["payment_result"]["status"] == "succeeded"
    order_id = result["orders"][0]["id"]
    assert Api(token).get(f"/orders/{order_id}").body["status"] == "paid"
    assert guest.get(f"/orders/{order_id}").status_code == 401
    assert register("nosy@example.com").get(f"/orders/{order_id}").status_code == 404


def test_guest_cart_merges_into_the_account_cart_at_sign_in(world):
    guest = Api()
    cart = guest.post("/carts").body["id"]
    guest.post(f"/carts/{cart}/lines", {"variant_id": world.a.variants["A-CASE"], "quantity": 2})
    user = register("merge@example.com")
    own = user.post("/carts").body["id"]
    user.post(f"/carts/{own}/lines", {"variant_id": world.a.variants["A-CASE"], "quantity": 1})
    r = Api().post("/auth/token", {"email": "merge@example.com", "password": "Passw0rd!x", "cart_id": cart})
    assert r.status_code == 200
    merged = Api(r.body["token"]).get(f"/carts/{own}").body
    assert [(ln["variant_id"], ln["quantity"]) for ln in merged["lines"]] == [(world.a.variants["A-CASE"], 3)]
    assert guest.get(f"/carts/{cart}").body["status"] == "merged"
