"""No merchant-center page runs more than 15 SQL queries, however busy the shop (no N+1)."""

import pytest
from django.test import override_settings

import shared_world
from conftest import buy, register
from mercato.contexts.orders.models import Order

from .support import browser, tiny_png, upload

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15


module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test


@pytest.fixture(scope="module")
def busy_once(module_world, django_db_blocker, tmp_path_factory):
    """Built once, inside the module's world (rolled back with it); each test runs in a savepoint."""
    with django_db_blocker.unblock():
        return _busy_shop(module_world, tmp_path_factory.mktemp("media"))


@pytest.fixture
def busy_shop(world, busy_once):
    return list(busy_once)


def _busy_shop(world, media_root):
    """Merchant a with orders in every state, a return, refunds, images, two warehouses, lots and a payout."""
    me = browser("alpha@example.com")
    with override_settings(MEDIA_ROOT=media_root):
        for sku in ("A-PHONE", "A-CASE"):
            me.post(f"/merchant/products/{world.a.products[sku]}/images/", {"image": upload("p.png", tiny_png())})
    me.post("/merchant/warehouses/", {"code": "BJ1", "name": "北京仓", "country": "CN", "city": "北京",
                                      "priority": "1"})
    for i in range(6):
        me.post("/merchant/products/new/", {"title_zh": f"商品 {i}", "category": world.category, "sku": f"X-{i}",
                                            "price": f"{10 + i}.00", "currency": "CNY", "weight_grams": "1"})
    me.post(f"/merchant/stock/{world.a.variants['A-CASE']}/", {
        "warehouse": world.a.warehouse_id, "on_hand": "100", "lot_code": "L1", "lot_expires_on": "2027-01-01"})
    shoppers = [register(f"s{i}@example.com") for i in range(3)]
    orders = [buy(shoppers[i % 3], [(world.a.variants["A-CASE"], 1), (world.a.variants["A-PHONE"], 1)])
              ["orders"][0]["id"] for i in range(9)]
    for order_id in orders[:6]:
        me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF0001"})
    for order_id in orders[:4]:
        me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "collected"})
    for order_id in orders[:2]:
        buyer = shoppers[orders.index(order_id) % 3]
        buyer.post(f"/orders/{order_id}/confirm-receipt")
    line_id = Order.objects.get(pk=orders[3]).lines.first().id
    shoppers[0].post(f"/orders/{orders[3]}/returns", {"lines": [{"line_id": line_id, "quantity": 1}]})
    me.post(f"/merchant/orders/{orders[6]}/refund/", {"mode": "amount", "amount": "5.00", "reason": "scratch"})
    me.post("/merchant/balance/", {"amount": "10.00", "currency": "CNY"})
    return orders


@pytest.mark.parametrize("path", [
    "/merchant/", "/merchant/products/", "/merchant/products/?status=active&q=商品", "/merchant/stock/",
    "/merchant/stock/?low=1", "/merchant/warehouses/", "/merchant/orders/", "/merchant/orders/?status=",
    "/merchant/returns/", "/merchant/returns/?all=1", "/merchant/balance/", "/merchant/products/new/",
])
def test_list_pages_stay_within_the_query_budget(busy_shop, django_assert_max_num_queries, path):
    me = browser("alpha@example.com")
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        assert me.get(path).status_code == 200
    print(f"{path}: {len(queries)} queries")


def test_detail_pages_stay_within_the_query_budget(busy_shop, world, django_assert_max_num_queries):
    me = browser("alpha@example.com")
    for path in (f"/merchant/orders/{busy_shop[3]}/", f"/merchant/orders/{busy_shop[6]}/",
                 f"/merchant/products/{world.a.products['A-CASE']}/",
                 f"/merchant/stock/{world.a.variants['A-CASE']}/"):
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            assert me.get(path).status_code == 200
        print(f"{path}: {len(queries)} queries")
