"""No console page runs more than 15 SQL queries with a busy platform."""

import pytest

import shared_world
from conftest import buy, register
from mercato.entrypoints.merchant_center.tests.support import browser

pytestmark = pytest.mark.django_db


module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test


@pytest.fixture(scope="module")
def busy_once(module_world, django_db_blocker):
    """Built once, inside the module's world (rolled back with it); each test runs in a savepoint."""
    with django_db_blocker.unblock():
        return _busy_platform(module_world)


@pytest.fixture
def busy_platform(world, busy_once):
    return list(busy_once)


def _busy_platform(world):
    shoppers = [register(f"s{i}@example.com") for i in range(3)]
    orders = []
    for i in range(8):
        checkout = buy(shoppers[i % 3], [(world.a.variants["A-CASE"], 1), (world.b.variants["B-CAKE"], 1)])
        orders += [o["id"] for o in checkout["orders"]]
    alpha = browser("alpha@example.com")
    for order_id in orders[:4]:
        alpha.post(f"/merchant/orders/{order_id}/cancel/", {"reason": "test"})
        alpha.post(f"/merchant/orders/{order_id}/refund/", {"mode": "amount", "amount": "1.00", "reason": "x"})
    for i in range(3):
        register(f"m{i}@example.com")
        browser(f"m{i}@example.com").post("/merchant/apply/", {
            "name": f"Shop {i}", "contact_email": f"m{i}@example.com", "business_license": f"LIC{i}0000"})
    return orders


@pytest.mark.parametrize("path", ["/console/", "/console/merchants/", "/console/merchants/?status=pending",
                                  "/console/orders/", "/console/orders/?status=paid", "/console/payments/",
                                  "/console/refunds/"])
def test_console_pages_stay_within_the_query_budget(busy_platform, django_assert_max_num_queries, path):
    ops = browser("ops@example.com")
    with django_assert_max_num_queries(15) as queries:
        assert ops.get(path).status_code == 200
    print(f"{path}: {len(queries)} queries")


def test_order_detail_stays_within_the_query_budget(busy_platform, django_assert_max_num_queries):
    ops = browser("ops@example.com")
    with django_assert_max_num_queries(15) as queries:
        assert ops.get(f"/console/orders/{busy_platform[0]}/").status_code == 200
    print(f"order detail: {len(queries)} queries")
