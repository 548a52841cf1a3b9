"""Helpers for driving the storefront like a browser without JavaScript: plain GETs and form POSTs."""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import ADDRESS, World

ADDRESS_FORM = {**ADDRESS, "shipping_method": "standard"}


def product_url(world: World, sku: str) -> str:
    shop = world.a if sku in world.a.products else world.b
    return f"/p/product-{sku.lower()}-{shop.products[sku]}"


def variant_of(world: World, sku: str) -> str:
    shop = world.a if sku in world.a.variants else world.b
    return shop.variants[sku]


def add(client: Client, world: World, sku: str, quantity: Any = 1) -> Any:
    return client.post(product_url(world, sku), {"variant_id": variant_of(world, sku), "quantity": quantity})


def check_out(client: Client, *, email: str | None = None, **changes: Any) -> Any:
    data = {**ADDRESS_FORM, **changes}
    if email:
        data["email"] = email
    return client.post("/checkout", data)


def payment_path(response: Any) -> str:
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    assert response["Location"].startswith("/pay/"), response["Location"]
    return str(response["Location"])


def pay_card(client: Client, pay_path: str, number: str = "4242424242424242", *, follow: bool = False,
             **changes: Any) -> Any:
    data = {"method": "card", "number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123", **changes}
    return client.post(pay_path, data, follow=follow)


def text(response: Any) -> str:
    return response.content.decode()


def order_ids(response: Any) -> list[str]:
    """The order ids linked from a page (confirmation, order list), in page order, without repeats."""
    import re

    return list(dict.fromkeys(re.findall(r'href="/orders/(ord_[0-9a-z]{26})"', text(response))))


def buy_and_pay(client: Client, world: World, skus: list[tuple[str, int]], *, email: str | None = None,
                method: str = "card") -> list[str]:
    """Cart → checkout → paid; returns the order ids from the confirmation page."""
    for sku, quantity in skus:
        assert add(client, world, sku, quantity).status_code == 302
    pay = payment_path(check_out(client, email=email))
    r = pay_card(client, pay) if method == "card" else client.post(pay, {"method": "cod"})
    assert r.status_code == 302 and r["Location"].endswith("/done"), r
    return order_ids(client.get(r["Location"]))


def signed_in(email: str = "shopper@example.com", name: str = "Shopper") -> Client:
    from conftest import register

    register(email, name=name)
    client = Client()
    r = client.post("/accounts/login/", {"email": email, "password": "Passw0rd!x"})
    assert r.status_code == 302, text(r)
    return client
