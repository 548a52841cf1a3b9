"""Bad input never gives a 500: absurd quantities, unknown ids, missing or control-character fields,
tampered posts; CSRF stays enforced."""

from __future__ import annotations

import pytest
from django.test import Client

import shared_world

from .shopping import ADDRESS_FORM, add, check_out, payment_path, product_url, text

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test


@pytest.mark.parametrize("quantity", ["abc", "-1", "0", str(10**9), "1.5", "", "1e3"])
def test_absurd_quantities_are_field_errors(world, quantity):
    r = add(Client(), world, "A-CASE", quantity)
    assert r.status_code == 400
    assert 'id="id_quantity_errors"' in text(r)


def test_unknown_or_foreign_variant_is_a_field_error(world):
    client = Client()
    url = product_url(world, "A-CASE")
    for variant in ("var_00000000000000000000000000", world.b.variants["B-LAMP"], "x" * 5000, "var\x00"):
        r = client.post(url, {"variant_id": variant, "quantity": "1"})
        assert r.status_code == 400 and "variant-errors" in text(r), variant


def test_cart_quantity_changes_refuse_nonsense(world):
    client = Client()
    add(client, world, "A-CASE", 1)
    line_id = client.get("/cart").content.decode().split('/cart/lines/')[1][:30]
    for bad in ("abc", "-1", str(10**9)):
        r = client.post(f"/cart/lines/{line_id}", {"quantity": bad})
        assert r.status_code == 400 and f"qty-{line_id}-errors" in text(r), bad
    r = client.post("/cart/lines/cln_00000000000000000000000000", {"quantity": "2"}, follow=True)
    assert r.status_code == 200 and "msg--error" in text(r)
    r = client.post(f"/cart/lines/{line_id}", {"quantity": "0"}, follow=True)
    assert client.session["cart_count"] == 0


def test_checkout_reports_missing_and_control_character_fields(world):
    client = Client()
    add(client, world, "A-CASE", 1)
    r = client.post("/checkout", {"shipping_method": "standard"})
    assert r.status_code == 400
    page = text(r)
    for name in ("name", "phone", "city", "line1", "email"):
        assert f'id="id_{name}_errors"' in page, name
    r = check_out(client, email="guest@example.com", name="A\x01B", line1="x\x00y", city="上海\n市",
                  shipping_method="teleport", country="China")
    assert r.status_code == 400
    page = text(r)
    for name in ("name", "line1", "city", "country"):
        assert f'id="id_{name}_errors"' in page, name
    assert "shipping-errors" in page


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(world):
    r = Client().post("/checkout", {**ADDRESS_FORM, "email": "a@example.com"})
    assert r.status_code == 302 and r["Location"] == "/cart"


def test_out_of_stock_at_checkout_names_the_item(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    add(client, world, "B-LAMP", 5)
    world.b.api.put(f"/variants/{world.b.variants['B-LAMP']}/stock/{world.b.warehouse_id}", {"on_hand": 2})
    r = check_out(client, email="guest@example.com")
    assert r.status_code == 400
    page = text(r)
    assert "Product B-LAMP" in page and "you asked for 5, 2 left" in page


def test_payment_inputs(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    add(client, world, "A-CASE", 1)
    pay = payment_path(check_out(client, email="guest@example.com"))
    r = client.post(pay, {"method": "card", "number": "4242424242424241", "exp_month": "12", "exp_year": "2030",
                          "cvc": "123"})
    assert r.status_code == 400 and "not a valid card number" in text(r) and 'id="id_number_errors"' in text(r)
    r = client.post(pay, {"method": "card", "number": "abc", "exp_month": "13", "exp_year": "99999", "cvc": "1"})
    page = text(r)
    assert r.status_code == 400
    for name in ("number", "exp_month", "exp_year", "cvc"):
        assert f'id="id_{name}_errors"' in page, name
    assert client.post(pay, {"method": "bitcoin"}).status_code == 302
    assert client.post(pay + "/authenticate", {"code": "abc"}).status_code == 400
    r = client.post(pay + "/authenticate", {"code": "123456"}, follow=True)
    assert r.status_code == 200 and "msg--error" in text(r)  # nothing to authenticate yet


def test_unknown_ids_are_404_pages(world):
    client = Client()
    for path in ("/pay/pay_00000000000000000000000000", "/checkout/chk_00000000000000000000000000/done",
                 "/orders/ord_00000000000000000000000000", "/orders/not-an-id", "/p/nothing", "/nope"):
        r = client.get(path)
        assert r.status_code == 404 and "<html" in text(r), path


def test_search_survives_any_query_string(world):
    client = Client()
    for query in ({"min_price": "abc"}, {"max_price": "1e999"}, {"cursor": "!!!"}, {"cursor": "QUJD"},
                  {"sort": "xyz"}, {"q": "a\x00b"}, {"q": "x" * 5000}, {"merchant": "mer_x"},
                  {"min_price": "50", "max_price": "10"}, {"trail": "a,b,c", "cursor": "bm9wZQ"},
                  {"sort": "price_asc", "cursor": "bm9wZQ"}):
        r = client.get("/search", query)
        assert r.status_code == 200, query


def test_csrf_is_enforced_and_the_refusal_is_readable(world):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    r = client.post(product_url(world, "A-CASE"), {"variant_id": world.a.variants["A-CASE"], "quantity": "1"})
    assert r.status_code == 403 and "The form expired" in text(r)
    assert client.post("/accounts/login/", {"email": "a@example.com", "password": "x"}).status_code == 403
