"""Flash sales over the API, on the database path and through the Redis gate."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from conftest import GOOD_CARD, World, buy
from mercato.contexts.inventory.public import available_totals, consistency_problems
from mercato.shared import jobs
from mercato.shared.clock import now as clock_now

from .conftest import attempt, schedule, shoppers

pytestmark = pytest.mark.django_db


def test_a_live_sale_sells_its_units_at_the_sale_price_and_no_more(world: World, path: str) -> None:
    before = available_totals([world.a.variants["A-PHONE"]])[world.a.variants["A-PHONE"]]
    sale = schedule(world, units=3, price="999.00")
    assert sale["status"] == "live"
    assert sale["items"][0]["remaining"] == 3
    # the units are set aside: ordinary carts see three fewer
    assert available_totals([world.a.variants["A-PHONE"]])[world.a.variants["A-PHONE"]] == before - 3
    fans = shoppers(5)
    answers = [attempt(fan, sale) for fan in fans]
    assert [a.status_code for a in answers] == [201, 201, 201, 409, 409]
    assert {a.body["type"].rsplit("/", 1)[1] for a in answers[3:]} == {"sold-out"}
    won = answers[0].body
    assert won["order"]["status"] == "pending_payment"
    assert won["payment"]["status"] == "requires_payment"
    assert won["admitted_by"] == path
    # free standard shipping from 99: the order costs exactly the sale price
    assert won["order"]["total"] == {"amount": "999.00", "currency": "CNY"}
    order = fans[0].get(f"/orders/{won['order']['id']}").body
    assert order["lines"][0]["unit_price"]["amount"] == "999.00"
    assert fans[0].get(f"/flash-sales/{sale['id']}").body["items"][0]["remaining"] == 0
    assert consistency_problems() == []


def test_one_buyer_cannot_exceed_the_limit(world: World, path: str) -> None:
    sale = schedule(world, units=5, limit=2)
    (fan,) = shoppers(1)
    assert attempt(fan, sale, quantity=2).status_code == 201
    again = attempt(fan, sale)
    assert again.status_code == 409 and again.body["type"].endswith("/buyer-limit")
    too_many = attempt(shoppers(1, "other")[0], sale, quantity=3)
    assert too_many.status_code == 422


def test_paying_for_a_sale_order_allocates_its_units_and_shipping_takes_them(world: World, path: str) -> None:
    sale = schedule(world, units=2)
    (fan,) = shoppers(1)
    won = attempt(fan, sale).body
    paid = fan.post(f"/payments/{won['payment']['id']}/confirm", {"method": "card", "card": GOOD_CARD})
    assert paid.status_code == 200 and paid.body["status"] == "succeeded", paid.body
    assert fan.get(f"/orders/{won['order']['id']}").body["status"] == "paid"
    shipped = world.a.api.post(f"/orders/{won['order']['id']}/shipments",
                               {"carrier": "SF", "tracking_number": "SF1234567"})
    assert shipped.status_code == 201, shipped.body
    assert consistency_problems() == []


def test_an_unpaid_order_gives_its_units_back_to_the_sale_when_its_window_expires(world: World, path: str) -> None:
    sale = schedule(world, units=1, payment_minutes=5)
    first, second = shoppers(2)
    won = attempt(first, sale).body
    assert attempt(second, sale).status_code == 409
    jobs.run_job("release-expired-reservations", as_of=clock_now() + timedelta(minutes=6))
    assert first.get(f"/orders/{won['order']['id']}").body["status"] == "cancelled"
    assert second.get(f"/flash-sales/{sale['id']}").body["items"][0]["remaining"] == 1
    again = attempt(second, sale)
    assert again.status_code == 201, again.body
    # the first buyer's allowance came back with the units, but there are none left now
    assert attempt(first, sale).body["type"].endswith("/sold-out")
    report = world.a.api.get(f"/flash-sales/{sale['id']}/reconciliation").body
    assert report["agree"], report


def test_the_sale_price_applies_only_to_the_units_offered(world: World, path: str) -> None:
    sale = schedule(world, units=1, price="999.00")
    (fan,) = shoppers(1)
    assert attempt(fan, sale).status_code == 201
    # the shelf still sells the phone, at its list price
    result = buy(fan, [(world.a.variants["A-PHONE"], 1)], card=None)
    assert Decimal(result["orders"][0]["total"]["amount"]) == Decimal("1999.00")


def test_before_the_start_and_after_the_end_nobody_is_admitted(world: World, path: str) -> None:
    sale = schedule(world, starts_in=timedelta(hours=1))
    assert sale["status"] == "scheduled" and sale["starts_in_seconds"] > 3500
    (fan,) = shoppers(1)
    early = attempt(fan, sale)
    assert early.status_code == 409 and early.body["type"].endswith("/not-live")
    jobs.run_job("flash-sales-open-and-end", as_of=clock_now() + timedelta(hours=3))
    ended = fan.get(f"/flash-sales/{sale['id']}").body
    assert ended["status"] == "ended" and ended["items"][0]["units_earmarked"] == 0


def test_ending_a_sale_puts_unsold_units_back_on_the_shelf(world: World, path: str) -> None:
    variant = world.a.variants["A-PHONE"]
    before = available_totals([variant])[variant]
    sale = schedule(world, units=4)
    (fan,) = shoppers(1)
    assert attempt(fan, sale).status_code == 201
    jobs.run_job("flash-sales-open-and-end", as_of=clock_now() + timedelta(hours=2))
    assert fan.get(f"/flash-sales/{sale['id']}").body["status"] == "ended"
    assert available_totals([variant])[variant] == before - 1
    assert attempt(fan, sale).body["type"].endswith("/not-live")
    report = world.a.api.get(f"/flash-sales/{sale['id']}/reconciliation").body
    assert report["agree"] and report["items"][0]["sold"] == 1, report
    assert consistency_problems() == []


def test_a_repeated_idempotency_key_answers_with_the_same_purchase(world: World, path: str) -> None:
    sale = schedule(world, units=5, limit=3)
    (fan,) = shoppers(1)
    first = attempt(fan, sale, key="tap-1")
    again = attempt(fan, sale, key="tap-1")
    assert first.status_code == again.status_code == 201
    assert again.body["purchase_id"] == first.body["purchase_id"]
    assert again.body["order"] == first.body["order"]
    other = attempt(fan, sale, quantity=2, key="tap-1")
    assert other.status_code == 422
    assert fan.get(f"/flash-sales/{sale['id']}").body["items"][0]["sold"] == 1


def test_a_retry_with_its_key_after_the_sale_sold_out_gets_the_first_answer(world: World, path: str) -> None:
    sale = schedule(world, units=1)
    first, second = shoppers(2)
    won = attempt(first, sale, key="tap-1")
    assert won.status_code == 201
    assert attempt(second, sale).body["type"].endswith("/sold-out")  # this process now knows it is sold out
    again = attempt(first, sale, key="tap-1")
    assert again.status_code == 201 and again.body["purchase_id"] == won.body["purchase_id"]
    assert attempt(first, sale).body["type"].endswith("/sold-out")  # without a key: the cheap refusal
