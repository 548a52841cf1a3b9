"""Managing flash sales over the API: who may, what is refused, what a cancellation gives back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import World, register
from mercato.contexts.inventory.public import available_totals, consistency_problems
from mercato.shared import clock

from .conftest import attempt, schedule, shoppers

pytestmark = pytest.mark.django_db


def _body(world: World, **item: object) -> dict[str, object]:
    starts = clock.now() + timedelta(hours=1)
    return {"title": "秒杀", "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "items": [{"variant_id": world.a.variants["A-PHONE"], "sale_price": "999.00", "units": 3,
                       "per_buyer_limit": 1, **item}]}


@pytest.mark.parametrize(("item", "field"), [
    ({"sale_price": "2999.00"}, "items.0.sale_price"),
    ({"units": 11}, "items.0.units"),  # only 10 in stock
    ({"units": 0}, "items.0.units"),
    ({"sale_price": 9.9}, "items.0.sale_price"),
    ({"variant_id": "var_nope"}, "items.0.variant_id"),
])
def test_bad_campaigns_are_refused_with_the_field_named(world: World, item: dict[str, object], field: str) -> None:
    r = world.a.api.post("/flash-sales", _body(world, **item))
    assert r.status_code == 422, r.body
    assert field in {e["field"] for e in r.body["errors"]}, r.body
    assert world.a.api.get("/flash-sales?mine=true").body["items"] == []


def test_a_start_without_a_time_zone_is_refused(world: World) -> None:
    body = _body(world)
    body["starts_at"] = "2026-11-11T00:00:00"
    r = world.a.api.post("/flash-sales", body)
    assert r.status_code == 422 and "time zone" in r.body["detail"]


def test_only_the_variants_merchant_may_put_it_on_sale(world: World) -> None:
    r = world.b.api.post("/flash-sales", _body(world))
    assert r.status_code == 422 and r.body["errors"][0]["field"] == "items.0.variant_id"
    assert register("nobody@example.com").post("/flash-sales", _body(world)).status_code == 403


def test_one_variant_is_in_one_sale_at_a_time(world: World) -> None:
    assert world.a.api.post("/flash-sales", _body(world)).status_code == 201
    again = world.a.api.post("/flash-sales", _body(world))
    assert again.status_code == 422 and "another flash sale" in again.body["detail"]


def test_everyone_sees_live_and_upcoming_sales_with_a_countdown(world: World) -> None:
    sale = schedule(world, starts_in=timedelta(minutes=30))
    listed = register("fan@example.com").get("/flash-sales").body["items"]
    assert [s["id"] for s in listed] == [sale["id"]]
    assert 1790 <= listed[0]["starts_in_seconds"] <= 1800
    item = listed[0]["items"][0]
    assert item["sale_price"] == {"amount": "999.00", "currency": "CNY"}
    assert item["list_price"] == {"amount": "1999.00", "currency": "CNY"}


def test_the_price_is_the_same_for_every_shopper(world: World) -> None:
    sale = schedule(world, units=3)
    fans = shoppers(2)
    seen = {fan.get(f"/flash-sales/{sale['id']}").body["items"][0]["sale_price"]["amount"] for fan in fans}
    seen.add(register("anon@example.com").get(f"/flash-sales/{sale['id']}").body["items"][0]["sale_price"]["amount"])
    paid = {attempt(fan, sale).body["order"]["total"]["amount"] for fan in fans}
    assert seen == paid == {"999.00"}


def test_cancelling_gives_unsold_units_back_and_stops_admission(world: World) -> None:
    variant = world.a.variants["A-PHONE"]
    before = available_totals([variant])[variant]
    sale = schedule(world, units=5)
    (fan,) = shoppers(1)
    assert attempt(fan, sale).status_code == 201
    assert fan.post(f"/flash-sales/{sale['id']}/cancel", {"reason": "x"}).status_code == 404
    r = world.a.api.post(f"/flash-sales/{sale['id']}/cancel", {"reason": "库存有误"})
    assert r.status_code == 200 and r.body["status"] == "cancelled"
    assert available_totals([variant])[variant] == before - 1
    assert attempt(shoppers(1, "late")[0], sale).body["type"].endswith("/not-live")
    assert world.a.api.post(f"/flash-sales/{sale['id']}/cancel", {}).status_code == 409
    assert consistency_problems() == []


def test_the_reconciliation_is_for_the_merchant_and_operators_only(world: World) -> None:
    sale = schedule(world, units=2)
    (fan,) = shoppers(1)
    attempt(fan, sale)
    assert fan.get(f"/flash-sales/{sale['id']}/reconciliation").status_code == 404
    assert world.b.api.get(f"/flash-sales/{sale['id']}/reconciliation").status_code == 404
    for api in (world.a.api, world.operator):
        report = api.get(f"/flash-sales/{sale['id']}/reconciliation").body
        assert report["agree"] and report["items"][0]["sold"] == 1 and report["items"][0]["left_in_database"] == 1
