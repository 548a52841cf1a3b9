"""Rate limits, cheap refusals once sold out, and the database path when Redis cannot be reached."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from conftest import ADDRESS, Api, World
from mercato.contexts.flashsales import local_limits

from .conftest import attempt, schedule, shoppers

pytestmark = pytest.mark.django_db


def test_an_account_over_its_limit_gets_429_with_retry_after(world: World, path: str) -> None:
    sale = schedule(world, units=5)
    (fan,) = shoppers(1)
    with override_settings(MERCATO_FLASH_RATE_PER_ACCOUNT=3):
        answers = [attempt(fan, sale) for _ in range(5)]
    assert [a.status_code for a in answers] == [201, 409, 409, 429, 429]
    retry = int(answers[3]["Retry-After"])
    assert 1 <= retry <= 10
    assert answers[3].body["type"].endswith("/rate-limited")


def test_one_address_over_its_limit_gets_429_whatever_the_account(world: World, path: str) -> None:
    sale = schedule(world, units=10)
    fans = shoppers(4)
    with override_settings(MERCATO_FLASH_RATE_PER_IP=2):
        codes = [attempt(fan, sale).status_code for fan in fans]
    assert codes == [201, 201, 429, 429]


def test_refusing_a_sold_out_sale_costs_no_database_work(world: World, path: str) -> None:
    sale = schedule(world, units=1)
    first, second, third = shoppers(3)
    assert attempt(first, sale).status_code == 201
    assert attempt(second, sale).status_code == 409  # learns it is sold out
    with CaptureQueriesContext(connection) as queries:
        refused = attempt(third, sale)
    assert refused.status_code == 409 and refused.body["type"].endswith("/sold-out")
    assert [q["sql"] for q in queries.captured_queries] == []


def test_with_redis_unreachable_the_sale_goes_on_through_the_database(world: World) -> None:
    with override_settings(MERCATO_FLASH_GATE_URL="redis://127.0.0.1:9/0"):  # nothing listens on port 9
        sale = schedule(world, units=2)
        fans = shoppers(3)
        answers = [attempt(fan, sale) for fan in fans]
    assert [a.status_code for a in answers] == [201, 201, 409]
    assert {a.body["admitted_by"] for a in answers[:2]} == {"database"}
    report = world.a.api.get(f"/flash-sales/{sale['id']}/reconciliation").body
    assert report["agree"] and report["items"][0]["left_in_gate"] is None, report


def test_a_revoked_token_cannot_buy(world: World, path: str) -> None:
    sale = schedule(world, units=5)
    (fan,) = shoppers(1)
    login = fan.post("/auth/token", {"email": "fan0@example.com", "password": "Passw0rd!x"}).body
    fan.token = login["token"]
    assert fan.post("/auth/revoke", {"refresh_token": login["refresh_token"]}).status_code == 204
    refused = attempt(fan, sale)
    assert refused.status_code == 401 and "revoked" in refused.body["detail"]
    assert world.a.api.get(f"/flash-sales/{sale['id']}").body["items"][0]["sold"] == 0


def test_sold_out_refusals_are_not_logged_one_by_one(world: World, path: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    sale = schedule(world, units=1)
    fans = shoppers(3)
    attempt(fans[0], sale)
    with caplog.at_level("WARNING", logger="django.request"):
        assert attempt(fans[1], sale).status_code == 409
        assert attempt(fans[2], sale).status_code == 409
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_a_fresh_sold_out_refusal_comes_before_sign_in_and_body_checks(world: World, path: str) -> None:
    sale = schedule(world, units=1)
    first, second = shoppers(2)
    assert attempt(first, sale).status_code == 201
    assert attempt(second, sale).status_code == 409  # this process learns it is sold out
    nobody = Api()
    item = sale["items"][0]["id"]
    with CaptureQueriesContext(connection) as queries:
        anonymous = attempt(nobody, sale)
        half_body = nobody.post(f"/flash-sales/{sale['id']}/purchases", {"item_id": item, "quantity": 0})
    assert [q["sql"] for q in queries.captured_queries] == []
    for refused in (anonymous, half_body):
        assert refused.status_code == 409 and refused.body["type"].endswith("/sold-out"), refused.body
        assert refused.body["item_id"] == item
    other_sale = nobody.post("/flash-sales/fls_00000000000000000000000000/purchases",
                             {"item_id": item, "quantity": 1, "shipping_address": ADDRESS})
    assert other_sale.status_code == 401  # the item is not that sale's: the normal path answers
    for raw in ("{not json", "[1, 2]", '{"item_id": 7}'):  # no item named: the normal path's clear 4xx
        broken = second.post(f"/flash-sales/{sale['id']}/purchases", raw=raw)
        assert broken.status_code in (400, 422) and broken.body["status"] == broken.status_code, (raw, broken.body)
    local_limits.reset_for_tests()  # the memo's second is over
    assert attempt(nobody, sale).status_code == 401
    assert attempt(second, sale).status_code == 409
