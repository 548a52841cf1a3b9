"""Real concurrent transactions on PostgreSQL: separate connections in threads, exact outcomes.

Run with `pytest -m concurrency` against PostgreSQL (DATABASE_URL=postgres://...); SQLite serialises writers,
so these tests only mean something there.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from conftest import ADDRESS, GOOD_CARD, build_world
from mercato.contexts.checkout import services as checkout
from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.inventory.public import available_totals, consistency_problems
from mercato.contexts.orders.models import Order
from mercato.contexts.payments import services as payments
from mercato.contexts.payments.contracts import CardDetails
from mercato.contexts.payments.models import Payment
from mercato.contexts.payments.public import journal_problems
from mercato.shared import events, jobs
from mercato.shared.actor import Actor
from mercato.shared.errors import MercatoError

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
CARD = CardDetails(**{k: GOOD_CARD[k] for k in ("number", "exp_month", "exp_year", "cvc")})


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL (set DATABASE_URL)")


def run_together(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Start all tasks at once (a barrier), each on its own thread and database connection."""
    barrier = threading.Barrier(len(tasks))
    results: list[Any] = [None] * len(tasks)

    def runner(i: int, task: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = task()
        except MercatoError as exc:
            results[i] = exc
        except Exception as exc:  # surfaced by the assertions below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(tasks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _shopper_with_cart(n: int, variant_id: str, quantity: int = 1) -> tuple[Actor, str]:
    user = identity.user_register(email=f"buyer{n}@example.com", password="Passw0rd!x", name=f"Buyer {n}")
    actor = Actor(user_id=user.id)
    cart = checkout.cart_create(actor=actor)
    checkout.cart_add_line(cart_id=cart.id, variant_id=variant_id, quantity=quantity, actor=actor)
    return actor, cart.id


def _buy_and_pay(actor: Actor, cart_id: str) -> str:
    result = checkout.checkout_submit(cart_id=cart_id, address=AddressData(**ADDRESS), shipping_method="standard",
                                      email=None, actor=actor)
    view = payments.payment_confirm_card(payment_id=result.payment_id, card=CARD, actor=actor)
    events.dispatch_published()
    return view.status


def test_fifty_buyers_seven_units_exactly_seven_paid_orders_none_oversold() -> None:
    world = build_world()
    variant = world.b.variants["B-LAMP"]
    world.b.api.put(f"/variants/{variant}/stock/{world.b.warehouse_id}", {"on_hand": 7})
    buyers = [_shopper_with_cart(i, variant) for i in range(50)]
    results = run_together([lambda a=a, c=c: _buy_and_pay(a, c) for a, c in buyers])
    outcomes = Counter(r if isinstance(r, str) else type(r).__name__ for r in results)
    assert outcomes == {"succeeded": 7, "OutOfStock": 43}, outcomes
    assert Order.objects.filter(status="paid").count() == 7
    assert len(set(Order.objects.filter(status="paid").values_list("buyer_user_id", flat=True))) == 7
    assert available_totals([variant])[variant] == 0
    assert consistency_problems() == [] and journal_problems() == []


def test_two_shoppers_race_for_the_last_unit_and_exactly_one_gets_it() -> None:
    world = build_world()
    variant = world.a.variants["A-PHONE"]
    world.a.api.put(f"/variants/{variant}/stock/{world.a.warehouse_id}", {"on_hand": 1})
    (a1, c1), (a2, c2) = _shopper_with_cart(1, variant), _shopper_with_cart(2, variant)
    results = run_together([lambda: _buy_and_pay(a1, c1), lambda: _buy_and_pay(a2, c2)])
    assert sorted(r if isinstance(r, str) else type(r).__name__ for r in results) == ["OutOfStock", "succeeded"]
    assert consistency_problems() == []


def test_a_payment_confirmed_concurrently_is_captured_once() -> None:
    world = build_world()
    actor, cart_id = _shopper_with_cart(1, world.a.variants["A-CASE"])
    result = checkout.checkout_submit(cart_id=cart_id, address=AddressData(**ADDRESS), shipping_method="standard",
                                      email=None, actor=actor)
    confirm = lambda: payments.payment_confirm_card(payment_id=result.payment_id, card=CARD, actor=actor).status  # noqa: E731
    results = run_together([confirm] * 8)
    assert Counter(r if isinstance(r, str) else type(r).__name__ for r in results) == {"succeeded": 1, "Conflict": 7}
    assert Payment.objects.get(pk=result.payment_id).attempts.count() == 1
    assert journal_problems() == []


def test_payment_and_expiry_racing_leave_one_consistent_outcome() -> None:
    world = build_world()
    from datetime import timedelta

    for n in range(10):
        actor, cart_id = _shopper_with_cart(n, world.a.variants["A-CASE"])
        result = checkout.checkout_submit(cart_id=cart_id, address=AddressData(**ADDRESS),
                                          shipping_method="standard", email=None, actor=actor)
        late = result.reserved_until - timedelta(milliseconds=1)
        pay = lambda a=actor, r=result: payments.payment_confirm_card(payment_id=r.payment_id, card=CARD, actor=a)  # noqa: E731
        expire = lambda r=result: jobs.run_job("release-expired-reservations", r.reserved_until)  # noqa: E731
        from mercato.shared import clock

        with clock.frozen_at(late):
            outcome = run_together([pay, expire])
        events.dispatch_pending()
        order = Order.objects.get(checkout_ref=result.checkout_id)
        payment = Payment.objects.get(pk=result.payment_id)
        assert (order.status, payment.status) in {("paid", "succeeded"), ("cancelled", "cancelled")}, outcome
    assert consistency_problems() == [] and journal_problems() == []


def test_cancel_and_pay_racing_never_deadlock() -> None:
    from mercato.contexts.orders import services as orders

    world = build_world()
    for n in range(8):
        actor, cart_id = _shopper_with_cart(100 + n, world.a.variants["A-CASE"])
        result = checkout.checkout_submit(cart_id=cart_id, address=AddressData(**ADDRESS),
                                          shipping_method="standard", email=None, actor=actor)
        order_id = result.orders[0].id
        pay = lambda a=actor, r=result: payments.payment_confirm_card(payment_id=r.payment_id, card=CARD, actor=a)  # noqa: E731
        cancel = lambda a=actor, o=order_id: orders.order_cancel(order_id=o, reason="race", actor=a)  # noqa: E731
        outcome = run_together([pay, cancel])
        assert not any(isinstance(r, Exception) and not isinstance(r, MercatoError) for r in outcome), outcome
        events.dispatch_pending()
        order = Order.objects.get(pk=order_id)
        assert order.status in ("cancelled", "paid"), outcome
    assert consistency_problems() == [] and journal_problems() == []
