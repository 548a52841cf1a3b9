"""After the purchase: cancel, confirm receipt once the merchant delivered, returns, address change, invoice;
someone else's order is the 404 page, exactly as on the API."""

from __future__ import annotations

from django.test import Client

from .shopping import buy_and_pay, signed_in, text


def _ship_and_deliver(shop, order_id: str) -> None:
    r = shop.api.post(f"/orders/{order_id}/shipments", {"carrier": "SF Express", "tracking_number": "SF123456"})
    assert r.status_code == 201, r.body
    r = shop.api.post(f"/orders/{order_id}/deliver")
    assert r.status_code == 200, r.body


def test_cancel_before_shipment_with_a_reason(world):
    client = signed_in()
    (order_id,) = buy_and_pay(client, world, [("A-CASE", 1)])
    r = client.post(f"/orders/{order_id}/cancel", {"reason": "changed my mind"}, follow=True)
    assert r.status_code == 200
    page = text(r)
    assert "status--cancelled" in page and "changed my mind" in page


def test_confirm_receipt_after_the_merchant_ships_and_delivers(world):
    client = signed_in()
    (order_id,) = buy_and_pay(client, world, [("A-CASE", 1)])
    _ship_and_deliver(world.a, order_id)
    page = text(client.get(f"/orders/{order_id}"))
    assert "SF123456" in page and "confirm-receipt" in page and "order-cancel" not in page
    r = client.post(f"/orders/{order_id}/confirm-receipt", follow=True)
    assert "status--completed" in text(r)
    assert world.a.api.get(f"/orders/{order_id}").body["status"] == "completed"


def test_request_a_return_perishable_lines_not_selectable(world):
    client = Client()
    order_id = buy_and_pay(client, world, [("B-LAMP", 2), ("B-CAKE", 1)], email="guest@example.com")[0]
    _ship_and_deliver(world.b, order_id)
    order = world.b.api.get(f"/orders/{order_id}").body
    lamp = next(ln["id"] for ln in order["lines"] if ln["sku"] == "B-LAMP")
    cake = next(ln["id"] for ln in order["lines"] if ln["sku"] == "B-CAKE")
    page = text(client.get(f"/orders/{order_id}"))
    assert f'name="qty_{lamp}"' in page and f'name="qty_{cake}"' not in page
    r = client.post(f"/orders/{order_id}/return", {f"qty_{lamp}": "3"})
    assert r.status_code == 400 and "errorlist" in text(r)
    r = client.post(f"/orders/{order_id}/return", {f"qty_{cake}": "1"})
    assert r.status_code == 400
    r = client.post(f"/orders/{order_id}/return", {f"qty_{lamp}": "1", "reason": "too bright"}, follow=True)
    assert r.status_code == 200 and "msg--success" in text(r)
    assert world.b.api.get(f"/orders/{order_id}").body["returns"][0]["status"] == "requested"


def test_change_the_address_and_read_the_invoice(world):
    client = signed_in()
    (order_id,) = buy_and_pay(client, world, [("A-CASE", 1)])
    data = {"name": "李四", "phone": "13900139000", "country": "CN", "city": "北京市", "line1": "长安街 1 号"}
    r = client.post(f"/orders/{order_id}/address", data, follow=True)
    assert r.status_code == 200 and "长安街 1 号" in text(r)
    invoice = client.get(f"/orders/{order_id}/invoice")
    assert invoice.status_code == 200 and "长安街 1 号" in text(invoice)


def test_another_shoppers_order_is_the_404_page(world):
    owner = signed_in("owner@example.com")
    (order_id,) = buy_and_pay(owner, world, [("A-CASE", 1)])
    other = signed_in("other@example.com")
    for path in (f"/orders/{order_id}", f"/orders/{order_id}/invoice"):
        r = other.get(path)
        assert r.status_code == 404 and "<html" in text(r)
    r = other.post(f"/orders/{order_id}/cancel", {"reason": "x"})
    assert r.status_code == 404
    assert Client().get(f"/orders/{order_id}").status_code == 404
    assert owner.get(f"/orders/{order_id}").status_code == 200
