"""The whole buy → pay → ship → deliver → confirm → escrow-release path through the API (test client)."""

from decimal import Decimal

from conftest import buy, register


def test_two_merchant_checkout_pays_ships_and_releases_escrow(world):
    shopper = register("shopper@example.com")
    phone, case, lamp = world.a.variants["A-PHONE"], world.a.variants["A-CASE"], world.b.variants["B-LAMP"]
    result = buy(shopper, [(phone, 1), (case, 2), (lamp, 1)])
    assert len(result["orders"]) == 2
    assert result["payment_result"]["status"] == "succeeded"
    order_a = next(o for o in result["orders"] if o["merchant_id"] == world.a.merchant_id)
    detail = shopper.get(f"/orders/{order_a['id']}").body
    assert detail["status"] == "paid"
    assert Decimal(detail["total"]["amount"]) == Decimal("2098.80")

    r = world.a.api.post(f"/orders/{order_a['id']}/shipments", {"carrier": "SF", "tracking_number": "SF123456"})
    assert r.status_code == 201, r.body
    assert world.a.api.post(f"/orders/{order_a['id']}/deliver").body["status"] == "delivered"
    r = shopper.post(f"/orders/{order_a['id']}/confirm-receipt")
    assert r.body["status"] == "completed", r.body
    assert [h["status"] for h in r.body["history"]] == ["pending_payment", "paid", "shipped", "delivered", "completed"]

    balance = world.a.api.get(f"/merchants/{world.a.merchant_id}/balance").body["items"][0]
    commission = sum(Decimal(ln["commission"]["amount"]) for ln in detail["lines"])
    assert Decimal(balance["available"]["amount"]) == Decimal("2098.80") - commission
    assert Decimal(balance["held_in_escrow"]["amount"]) == 0
    stock = world.a.api.get(f"/variants/{phone}/stock").body
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (9, 0, 9)
