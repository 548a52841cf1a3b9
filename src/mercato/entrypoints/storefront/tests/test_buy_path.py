"""The whole buy path without JavaScript, as a guest and signed in: cart, checkout, card with authentication,
confirmation, orders paid; declined cards; cash on delivery."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import register

from .shopping import add, check_out, pay_card, payment_path, text


def _sign_in(email: str = "shopper@example.com") -> Client:
    register(email, name="Shopper")
    client = Client()
    r = client.post("/accounts/login/", {"email": email, "password": "Passw0rd!x"})
    assert r.status_code == 302, text(r)
    return client


def _buy_two_shops(client: Client, world, *, email: str | None = None) -> str:
    assert add(client, world, "A-CASE", 2).status_code == 302
    assert add(client, world, "B-LAMP", 1).status_code == 302
    page = text(client.get("/cart"))
    assert "Alpha 数码" in page and "Beta 家居" in page
    return payment_path(check_out(client, email=email))


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in"])
def test_buy_from_two_shops_with_a_card_that_needs_authentication(world, signed_in):
    client = _sign_in() if signed_in else Client()
    pay = _buy_two_shops(client, world, email=None if signed_in else "guest@example.com")
    r = pay_card(client, pay, "4000000000003220")
    assert r.status_code == 302 and r["Location"] == pay
    page = text(client.get(pay))
    assert "123456" in page and 'name="code"' in page
    r = client.post(pay + "/authenticate", {"code": "123456"})
    assert r.status_code == 302 and r["Location"].endswith("/done"), r
    done = client.get(r["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200
    body = text(done)
    assert body.count("status--paid") == 2, body
    assert "Alpha 数码" in body and "Beta 家居" in body
    order_links = re.findall(r'href="(/orders/ord_[0-9a-z]{26})"', body)
    assert len(order_links) == 2
    orders = text(client.get("/orders"))
    assert all(link in orders for link in order_links)
    detail = client.get(order_links[0])
    assert detail.status_code == 200 and "status--paid" in text(detail)
    assert client.session.get("cart_count") == 0


def test_a_declined_card_says_why_and_the_shopper_tries_again(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    pay = _buy_two_shops(client, world, email="guest@example.com")
    r = pay_card(client, pay, "4000000000000002", follow=True)
    assert "Your card was declined" in text(r)
    r = pay_card(client, pay, "4242424242424242")
    assert r.status_code == 302 and r["Location"].endswith("/done")


def test_cash_on_delivery(world):
    client = Client()
    pay = _buy_two_shops(client, world, email="guest@example.com")
    r = client.post(pay, {"method": "cod"})
    assert r.status_code == 302 and r["Location"].endswith("/done")
    assert text(client.get(r["Location"])).count("status--paid") == 2


def test_the_guest_cart_is_kept_at_sign_in(world):
    register("later@example.com", name="Later")
    client = Client()
    add(client, world, "A-PHONE", 1)
    r = client.post("/accounts/login/?next=/cart", {"email": "later@example.com", "password": "Passw0rd!x",
                                                    "next": "/cart"})
    assert r.status_code == 302 and r["Location"] == "/cart"
    page = text(client.get("/cart"))
    assert "A-PHONE" in page
    assert client.session["cart_count"] == 1
