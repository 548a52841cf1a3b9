"""The placements API, its errors, its query budget, anonymous sessions and the personalisation switch."""

from __future__ import annotations

import pytest

from conftest import Api
from mercato.contexts.recommendations.models import BehaviourEvent, Candidate
from mercato.contexts.recommendations.training import recommendations_train

from .conftest import Market

pytestmark = pytest.mark.django_db
PERSONAL = {"bought_before", "similar_shoppers", "viewed"}
SESSION = {"X-Session-Key": "browser-0123456789abcdef"}


def ids(response) -> list[str]:
    return [i["variant_id"] for i in response.body["items"]]


def test_for_you_is_personal_with_true_reasons_and_nothing_out_of_stock(trained: Market):
    r = trained.heavy.get("/recommendations/for-you", headers={"Accept-Language": "en"})
    assert r.status_code == 200, r.body
    assert r.body["placement"] == "for-you" and r.body["personalised"] is True
    items = r.body["items"]
    assert items and set(items[0]) >= {"product_id", "variant_id", "title", "price", "reason"}
    assert trained.variants["B-GONE"] not in ids(r)
    bought = {trained.variants[s] for s in ("A-PHONE", "A-CASE", "A-TEA-0", "B-TEA-1")}
    for item in items:
        if item["reason_code"] == "bought_before":
            assert item["variant_id"] in bought and item["reason"] == "You bought this before"
    assert all(i["reason"] for i in items)


def test_reasons_are_in_the_request_language(trained: Market):
    en = trained.heavy.get("/recommendations/bought-together?variant_id=" + trained.variants["A-PHONE"],
                           headers={"Accept-Language": "en"}).body["items"]
    zh = trained.heavy.get("/recommendations/bought-together?variant_id=" + trained.variants["A-PHONE"],
                           headers={"Accept-Language": "zh-Hans"}).body["items"]
    assert en[0]["reason"] == "Often bought with Product A-PHONE" and en[0]["title"].startswith("Product ")
    assert zh[0]["reason"] == "常与「商品 A-PHONE」一起购买" and zh[0]["title"].startswith("商品 ")


def test_item_placements_never_show_the_page_item_and_bought_together_comes_from_baskets(trained: Market):
    phone = trained.variants["A-PHONE"]
    for placement in ("similar", "bought-together"):
        r = Api().get(f"/recommendations/{placement}?variant_id={phone}")
        assert r.status_code == 200 and r.body["personalised"] is False
        assert phone not in ids(r)
        assert not PERSONAL & {i["reason_code"] for i in r.body["items"]}
    together = Api().get(f"/recommendations/bought-together?variant_id={phone}")
    assert trained.variants["A-CASE"] in ids(together)  # bought with the phone twice
    assert {i["because_of"] for i in together.body["items"]} == {phone}


@pytest.mark.parametrize(("path", "status", "field"), [
    ("/recommendations/for-me", 404, None),
    ("/recommendations/similar", 422, "variant_id"),
    ("/recommendations/bought-together?variant_id=var_nope", 422, "variant_id"),
    ("/recommendations/for-you?limit=0", 422, "limit"),
    ("/recommendations/for-you?limit=51", 422, "limit"),
    ("/recommendations/for-you?limit=ten", 422, "limit"),
])
def test_bad_requests_are_problems(market: Market, path, status, field):
    r = Api().get(path)
    assert r.status_code == status, r.body
    assert r["Content-Type"].startswith("application/problem+json")
    if field:
        assert field in {e["field"] for e in r.body["errors"]}


def test_a_malformed_session_header_is_refused(market: Market):
    r = Api().get("/recommendations/for-you", headers={"X-Session-Key": "short"})
    assert r.status_code == 422 and r.body["errors"][0]["field"] == "X-Session-Key"


def test_an_anonymous_session_gets_items_from_its_views_else_popular(trained: Market):
    visitor = Api()
    plain = visitor.get("/recommendations/for-you")
    assert plain.body["personalised"] is False
    assert {i["reason_code"] for i in plain.body["items"]} <= {"popular", "trending"}
    viewed = trained.variants["B-TEA-2"]
    r = visitor.post("/recommendations/events", {"kind": "view", "variant_id": viewed}, headers=SESSION)
    assert r.status_code == 202 and r.body == {"recorded": True}
    mine = visitor.get("/recommendations/for-you", headers=SESSION)
    assert mine.body["personalised"] is True and viewed not in ids(mine)
    assert any(i["reason_code"] == "viewed" and i["because_of"] == viewed for i in mine.body["items"])
    assert visitor.post("/recommendations/events", {"kind": "view", "variant_id": "var_x"}).status_code == 422
    assert visitor.post("/recommendations/events", {"kind": "buy", "variant_id": viewed}).status_code == 422


def test_daily_picks_stay_the_same_all_day_even_across_a_retrain(trained: Market):
    first = ids(trained.heavy.get("/recommendations/daily-picks"))
    assert first
    recommendations_train()
    assert ids(trained.heavy.get("/recommendations/daily-picks")) == first
    assert Candidate.objects.filter(kind="daily").count() == 1


def test_the_switch_works_at_once_and_deletes_the_profile(trained: Market):
    me = trained.heavy
    assert me.get("/me/personalization").body == {"enabled": True}
    me.get("/recommendations/daily-picks")
    r = me.put("/me/personalization", {"enabled": False})
    assert r.status_code == 200 and r.body == {"enabled": False}
    assert me.get("/me/personalization").body == {"enabled": False}
    assert not BehaviourEvent.objects.filter(user_id=trained.heavy_id).exists()
    for placement in ("for-you", "daily-picks"):
        r = me.get(f"/recommendations/{placement}")
        assert r.body["personalised"] is False
        assert not PERSONAL & {i["reason_code"] for i in r.body["items"]}
    assert ids(me.get("/recommendations/daily-picks")) == ids(Api().get("/recommendations/daily-picks"))
    assert me.put("/me/personalization", {"enabled": True}).body == {"enabled": True}


def test_the_switch_needs_a_shopper_and_a_boolean(market: Market):
    assert Api().get("/me/personalization").status_code == 401
    assert Api().put("/me/personalization", {"enabled": False}).status_code == 401
    r = market.heavy.put("/me/personalization", {"enabled": "maybe"})
    assert r.status_code == 422 and r.body["errors"][0]["field"] == "enabled"
    assert market.heavy.put("/me/personalization", {}).status_code == 422


@pytest.mark.parametrize("placement", ["for-you", "daily-picks", "similar", "bought-together"])
def test_a_placement_costs_a_fixed_number_of_queries(trained: Market, placement, django_assert_num_queries):
    query = f"?variant_id={trained.variants['A-CASE']}" if placement in ("similar", "bought-together") else ""
    recommendations_shopper = trained.heavy
    recommendations_shopper.get(f"/recommendations/{placement}{query}")  # the day's picks are drawn once
    budget = {"for-you": 3, "daily-picks": 2, "similar": 2, "bought-together": 2}[placement]
    for limit in (2, 50):
        glue = "&" if query else "?"
        with django_assert_num_queries(budget):
            r = recommendations_shopper.get(f"/recommendations/{placement}{query}{glue}limit={limit}")
        assert r.status_code == 200
