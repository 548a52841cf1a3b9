"""No page runs more than 15 SQL queries, with a realistic catalogue and order history behind it."""

from __future__ import annotations

import copy

import pytest
from django.test import Client

import shared_world
from conftest import build_world

from .shopping import add, buy_and_pay, order_ids, product_url, signed_in

BUDGET = 15


@pytest.fixture(scope="module")
def busy_once(django_db_blocker):
    """Built once for the module; each test runs in a savepoint inside its transaction."""
    yield from shared_world.world_for_module(django_db_blocker, lambda: _busy(build_world()))


@pytest.fixture
def busy(db, busy_once):
    """The module's busy shop, with the test's own handles: a new browser carrying the shopper's session cookie."""
    world, client, placed = busy_once
    browser = Client()
    browser.cookies = copy.deepcopy(client.cookies)
    return shared_world.fresh_world(world), browser, list(placed)


def _busy(world):
    """40 more products (two to three variants each, in sub-categories) and a shopper with ten orders."""
    operator = world.operator
    subs = []
    for slug in ("phones", "lamps", "kitchen"):
        r = operator.post("/categories", {"name": {"zh-Hans": slug, "en": slug.title()}, "slug": slug,
                                          "parent_id": world.category})
        subs.append(r.body["id"])
    for i in range(40):
        shop = world.a if i % 2 else world.b
        variants = [{"sku": f"BULK-{i}-{v}", "price": {"amount": f"{10 + i * 3 + v}.00", "currency": "CNY"},
                     "attributes": {"size": "SML"[v]}} for v in range(2 + i % 2)]
        r = shop.api.post("/products", {"title": {"zh-Hans": f"批量商品 {i}", "en": f"Bulk item {i}"},
                                        "description": "批量 bulk", "category": subs[i % 3], "variants": variants})
        assert r.status_code == 201, r.body
        for v in r.body["variants"]:
            shop.api.put(f"/variants/{v['id']}/stock/{shop.warehouse_id}", {"on_hand": 50})
    world.b.api.put(f"/variants/{world.b.variants['B-LAMP']}/stock/{world.b.warehouse_id}", {"on_hand": 100})
    client = signed_in()
    placed = []
    for _ in range(5):
        placed += buy_and_pay(client, world, [("A-CASE", 1), ("B-LAMP", 1)])
    for order_id in placed[:2]:
        shop = world.a if world.a.api.get(f"/orders/{order_id}").status_code == 200 else world.b
        assert shop.api.post(f"/orders/{order_id}/shipments", {"carrier": "SF", "tracking_number": "SF0001"}
                             ).status_code == 201
    add(client, world, "A-PHONE", 1)
    add(client, world, "B-CAKE", 2)
    add(client, world, "A-CASE", 1)
    return world, client, placed


PAGES = ["/", "/search", "/search?q=bulk&in_stock=1&sort=price_asc&min_price=20&max_price=200",
         "/c/electronics", "/c/phones?sort=price_desc", "/cart", "/checkout", "/orders"]


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_pages_stay_within_budget(busy, path, django_assert_max_num_queries):
    _world, client, _placed = busy
    with django_assert_max_num_queries(BUDGET):
        r = client.get(path)
    assert r.status_code == 200, path


def test_product_and_order_pages_stay_within_budget(busy, django_assert_max_num_queries):
    world, client, placed = busy
    for path in (product_url(world, "A-PHONE"), f"/orders/{placed[0]}", f"/orders/{placed[1]}"):
        with django_assert_max_num_queries(BUDGET):
            r = client.get(path)
        assert r.status_code == 200, path


def test_guest_pages_stay_within_budget(busy, django_assert_max_num_queries):
    world, _client, _placed = busy
    guest = Client()
    ids = buy_and_pay(guest, world, [("A-CASE", 1), ("B-LAMP", 1)], email="guest@example.com")
    add(guest, world, "A-PHONE", 1)
    for path in ("/", "/cart", "/checkout", "/orders", f"/orders/{ids[0]}", product_url(world, "B-LAMP")):
        with django_assert_max_num_queries(BUDGET):
            r = guest.get(path)
        assert r.status_code == 200, path
    assert order_ids(guest.get("/orders")) == sorted(ids, reverse=True)
