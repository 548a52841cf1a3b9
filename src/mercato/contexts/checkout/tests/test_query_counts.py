"""Query budgets: checkout completion and list endpoints must not grow with the data (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ADDRESS, Api, buy, register
from mercato.contexts.checkout import services
from mercato.contexts.identity.contracts import AddressData
from mercato.shared.actor import Actor


def test_checkout_of_three_lines_from_two_merchants_uses_at_most_40_queries(world):
    shopper = register("q1@example.com")
    user_id = shopper.get("/me").body["id"]
    actor = Actor(user_id=user_id)
    cart = services.cart_create(actor=actor)
    for sku, shop in (("A-PHONE", world.a), ("A-CASE", world.a), ("B-LAMP", world.b)):
        services.cart_add_line(cart_id=cart.id, variant_id=shop.variants[sku], quantity=1, actor=actor)
    with CaptureQueriesContext(connection) as ctx:
        result = services.checkout_submit(cart_id=cart.id, address=AddressData(**ADDRESS), shipping_method="standard",
                                          email=None, actor=actor)
    assert len(result.orders) == 2
    assert len(ctx.captured_queries) <= 40, "\n".join(q["sql"][:120] for q in ctx.captured_queries)


def _count(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_list_endpoints_run_a_constant_number_of_queries(world):
    shopper = register("q2@example.com")
    buy(shopper, [(world.a.variants["A-CASE"], 1)])
    few = {p: _count(api, p) for p, api in (("/orders", shopper), ("/products", Api()),
                                             ("/products?in_stock=true&min_price=1", Api()))}
    for i in range(4):
        world.a.add_product(f"A-EXTRA-{i}", "10.00", 3, category=world.category)
        buy(shopper, [(world.a.variants["A-CASE"], 1), (world.b.variants["B-LAMP"], 1)])
    many = {p: _count(api, p) for p, api in (("/orders", shopper), ("/products", Api()),
                                              ("/products?in_stock=true&min_price=1", Api()))}
    assert many == few
    assert max(many.values()) <= 10
