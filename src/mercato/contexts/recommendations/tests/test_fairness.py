"""Prices are never personalised: the same variant at the same moment has one price for every shopper profile,
in every placement, on the product page and in the catalogue, before and after the merchant changes it."""

from __future__ import annotations

from collections import defaultdict

import pytest
from babel.numbers import format_currency
from django.test import Client

from conftest import Api, buy, register
from mercato.contexts.recommendations import public as recommendations
from mercato.contexts.recommendations.training import recommendations_train
from mercato.shared.money import Money

from .conftest import Market

pytestmark = pytest.mark.django_db
SESSION = {"X-Session-Key": "fairness-visitor-0001"}


def profiles(market: Market) -> dict[str, tuple[Api, dict[str, str]]]:
    """A heavy buyer, a new shopper, an anonymous visitor with views, a buyer who switched personalisation off."""
    switched_off = register("private@example.com")
    buy(switched_off, [(market.variants["A-PHONE"], 1), (market.variants["A-CASE"], 1)])
    assert switched_off.put("/me/personalization", {"enabled": False}).status_code == 200
    visitor = Api()
    for sku in ("A-TEA-1", "B-TEA-3"):
        visitor.post("/recommendations/events", {"kind": "view", "variant_id": market.variants[sku]}, headers=SESSION)
    return {"heavy buyer": (market.heavy, {}), "new shopper": (market.newcomer, {}),
            "anonymous": (visitor, SESSION), "personalisation off": (switched_off, {})}


def prices_seen(market: Market, who: dict[str, tuple[Api, dict[str, str]]]) -> dict[str, set[tuple[str, str, str]]]:
    """variant → {(amount, currency, where)} over every profile and placement."""
    seen: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    pages = [f"/recommendations/{p}?limit=50" for p in ("for-you", "daily-picks")]
    pages += [f"/recommendations/{p}?limit=50&variant_id={v}" for v in market.variants.values()
              for p in ("similar", "bought-together")]
    for name, (api, headers) in who.items():
        for page in pages:
            r = api.get(page, headers=headers)
            assert r.status_code == 200, (name, page, r.body)
            for item in r.body["items"]:
                seen[item["variant_id"]].add((item["price"]["amount"], item["price"]["currency"], name))
    return seen


def catalogue_price(market: Market, variant_id: str) -> Money:
    shop = market.world.a if variant_id in market.world.a.variants.values() else market.world.b
    product_id = next(shop.products[s] for s, v in shop.variants.items() if v == variant_id)
    body = Api().get(f"/products/{product_id}").body
    price = next(v["price"] for v in body["variants"] if v["id"] == variant_id)
    return Money.of(price["amount"], price["currency"])


def product_page_shows(variant_id: str, price: Money, browser: Client) -> bool:
    from mercato.contexts.catalog import public as catalog

    summary = catalog.item_summaries.summaries_for([variant_id])[variant_id]
    html = browser.get(f"/p/item-{summary.product_id}", follow=True).content.decode()
    shown = format_currency(price.amount, price.currency, locale="zh_Hans_CN")  # the page's default language
    return f'value="{variant_id}"' in html and shown in html


def assert_one_price_per_variant(market: Market, who: dict[str, tuple[Api, dict[str, str]]]) -> int:
    seen = prices_seen(market, who)
    assert len(seen) >= 8  # the placements did show most of the catalogue
    viewers = {name for found in seen.values() for _a, _c, name in found}
    assert viewers == set(who)  # every profile was shown items
    browser = Client()
    for variant_id, found in seen.items():
        amounts = {(amount, currency) for amount, currency, _name in found}
        assert len(amounts) == 1, f"{variant_id} has several prices: {sorted(found)}"
        (amount, currency), = amounts
        listed = catalogue_price(market, variant_id)
        assert (str(listed.amount), listed.currency) == (amount, currency)
        assert product_page_shows(variant_id, listed, browser)
    return len(seen)


def test_every_profile_sees_the_same_price_in_every_placement_and_on_the_product_page(trained: Market):
    who = profiles(trained)
    recommendations_train()
    assert assert_one_price_per_variant(trained, who) >= 8


def test_a_price_change_reaches_every_profile_at_the_same_moment(trained: Market):
    who = profiles(trained)
    case, shop = trained.variants["A-CASE"], trained.world.a
    r = shop.api.patch(f"/products/{shop.products['A-CASE']}",
                       {"variants": [{"id": case, "price": {"amount": "45.00", "currency": "CNY"}}]})
    assert r.status_code == 200, r.body
    assert assert_one_price_per_variant(trained, who)
    answers = recommendations.recommend(
        [recommendations.PlacementRequest("bought-together", variant_ids=(trained.variants["A-PHONE"],), n=50)],
        recommendations.Viewer(user_id=trained.heavy_id))
    assert {str(i.price.amount) for i in answers[0].items if i.variant_id == case} == {"45.00"}
