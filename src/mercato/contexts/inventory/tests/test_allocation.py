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
