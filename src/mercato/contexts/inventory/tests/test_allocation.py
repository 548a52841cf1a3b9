"""Warehouse selection without a database."""

from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.inventory.domain.allocation import Source, plan_line


def test_highest_priority_first_and_split_when_short():
    sources = [Source(1, "wh_a", 0, 5), Source(2, "wh_b", 10, 3)]
    assert [(s.warehouse_id, q) for s, q in plan_line(6, sources)] == [("wh_b", 3), ("wh_a", 3)]
    assert plan_line(9, sources) is None


@given(st.integers(1, 40), st.lists(st.tuples(st.integers(-5, 5), st.integers(-3, 20)), min_size=1, max_size=6))
def test_a_plan_takes_exactly_the_quantity_and_never_more_than_available(quantity, specs):
    sources = [Source(i, f"wh{i}", p, a) for i, (p, a) in enumerate(specs)]
    plan = plan_line(quantity, sources)
    if plan is None:
        assert sum(max(s.available, 0) for s in sources) < quantity
    else:
        assert sum(q for _, q in plan) == quantity and all(0 < q <= s.available for s, q in plan)


def test_shipping_takes_units_from_the_first_expiring_lot_and_returns_put_them_back(world):
    from datetime import date

    from conftest import buy, register
    from mercato.contexts.inventory.models import StockLot
    from mercato.contexts.inventory.public import consistency_problems

    cake = world.b.variants["B-CAKE"]
    path = f"/variants/{cake}/stock/{world.b.warehouse_id}"
    world.b.api.put(path, {"on_hand": 3, "lot": {"code": "LATE", "expires_on": "2026-12-20"}})
    world.b.api.put(path, {"on_hand": 2, "lot": {"code": "SOON", "expires_on": "2026-12-01"}})
    assert world.b.api.get(f"/variants/{cake}/stock").body["on_hand"] == 25  # 20 unlotted + 5 in lots
    shopper = register("fefo@example.com")
    order = buy(shopper, [(cake, 3)])["orders"][0]
    world.b.api.post(f"/orders/{order['id']}/shipments", {"carrier": "SF", "tracking_number": "SF3030"})
    lots = dict(StockLot.objects.values_list("code", "on_hand"))
    assert lots == {"SOON": 0, "LATE": 2}
    assert StockLot.objects.get(code="SOON").expires_on == date(2026, 12, 1)
    world.b.api.put(path, {"on_hand": 2, "lot": {"code": "LATE"}})  # a recount that agrees changes nothing
    assert world.b.api.get(f"/variants/{cake}/stock").body["on_hand"] == 22
    assert consistency_problems() == []
