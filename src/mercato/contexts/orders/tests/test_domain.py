"""Order rules without a database: the state machine and proration."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.orders.domain.order_status import TRANSITIONS, OrderStatus, ensure_transition
from mercato.contexts.orders.domain.proration import LineMoney, prorate_quantity
from mercato.shared.errors import IllegalTransition


def test_terminal_statuses_go_nowhere_and_every_status_is_reachable():
    assert TRANSITIONS[OrderStatus.CANCELLED] == frozenset() and TRANSITIONS[OrderStatus.REFUNDED] == frozenset()
    reachable = {OrderStatus.PENDING_PAYMENT}
    frontier = [OrderStatus.PENDING_PAYMENT]
    while frontier:
        for nxt in TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(OrderStatus)


def test_illegal_transition_names_the_current_status():
    with pytest.raises(IllegalTransition) as info:
        ensure_transition(OrderStatus.SHIPPED, OrderStatus.PAID)
    assert info.value.extra["current_status"] == "shipped" and "shipped" in info.value.detail


@given(quantity=st.integers(1, 50), paid_cents=st.integers(1, 10**7), rate=st.sampled_from(["0.05", "0.03", "0.1"]),
       steps=st.lists(st.integers(1, 5), min_size=1, max_size=20))
def test_refunding_a_line_in_parts_adds_up_to_what_was_paid(quantity, paid_cents, rate, steps):
    paid = Decimal(paid_cents) / 100
    commission = (paid * Decimal(rate)).quantize(Decimal("0.01"))
    line = LineMoney(quantity, paid, commission, 0, Decimal(0), Decimal(0))
    for step in steps:
        left = line.quantity - line.refunded_quantity
        if left == 0:
            break
        q = min(step, left)
        amount, comm = prorate_quantity(line, q, "CNY")
        assert amount >= 0 and comm >= 0
        line = LineMoney(quantity, paid, commission, line.refunded_quantity + q, line.refunded_amount + amount,
                         line.refunded_commission + comm)
    if line.refunded_quantity == quantity:
        assert (line.refunded_amount, line.refunded_commission) == (paid, commission)
    assert line.refunded_amount <= paid and line.refunded_commission <= commission
