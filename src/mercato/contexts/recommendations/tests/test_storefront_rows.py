"""The rows on the storefront: for you and daily picks on home, similar items on a product page (which records
the view), frequently bought together in the cart, and the switch on the account page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from mercato.contexts.recommendations.models import BehaviourEvent
from mercato.contexts.recommendations.training import recommendations_train

from .conftest import Market

pytestmark = pytest.mark.django_db


def product_url(market: Market, sku: str) -> str:
    shop = market.world.a if sku in market.world.a.products else market.world.b
    return f"/p/product-{sku.lower()}-{shop.products[sku]}"


def add(browser: Client, market: Market, sku: str) -> int:
    response = browser.post(product_url(market, sku), {"variant_id": market.variants[sku], "quantity": 1})
    return int(response.status_code)


def signed_in_as(email: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"email": email, "password": "Passw0rd!x"}).status_code == 302
    return client


def row(html: str, placement: str) -> str:
    found = re.search(rf'data-placement="{placement}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def test_home_shows_for_you_and_daily_picks_with_reasons(trained: Market):
    html = signed_in_as("heavy@example.com").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for_you = row(html, "for-you")
    assert "For you" in for_you and "rec-card__why" in for_you and "You bought this before" in for_you
    assert "Daily picks" in row(html, "daily-picks")
    zh = Client().get("/", HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "为你推荐" in row(zh, "for-you") and "很多顾客买过" in row(zh, "for-you")  # anonymous: popular


def test_a_product_page_loads_similar_items_and_that_records_the_view(trained: Market):
    browser = Client()
    page = product_url(trained, "A-PHONE")
    html = browser.get(page).content.decode()
    assert 'hx-get="' in html and "row=similar" in html
    assert not BehaviourEvent.objects.filter(kind="view").exists()  # the page alone records nothing
    fragment = browser.get(f"{page}?row=similar", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Similar items" in fragment and "Product A-CASE" in fragment and '__title">Product A-PHONE<' not in fragment
    view = BehaviourEvent.objects.get(kind="view")
    assert view.variant_id == trained.variants["A-PHONE"] and view.user_id is None and view.session_key
    home = browser.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Because you viewed Product A-PHONE" in row(home, "for-you")


def test_the_cart_suggests_what_is_bought_with_its_items_but_not_the_items_themselves(trained: Market):
    browser = signed_in_as("new@example.com")
    assert add(browser, trained, "A-PHONE") == 302
    assert BehaviourEvent.objects.filter(kind="cart", variant_id=trained.variants["A-PHONE"]).exists()
    together = row(browser.get("/cart", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "bought-together")
    assert "Frequently bought together" in together and "Often bought with Product A-PHONE" in together
    assert trained.variants["A-PHONE"] not in together and trained.variants["A-CASE"] in together


def test_the_account_page_switches_personalisation_off_and_on(trained: Market):
    browser = signed_in_as("heavy@example.com")
    page = browser.get("/accounts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Switch personalisation off and delete my data" in page
    r = browser.post("/accounts/", {"personalisation": "off"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 302
    assert not BehaviourEvent.objects.filter(user_id=trained.heavy_id).exists()
    home = browser.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not personalised" in row(home, "for-you") and "You bought this before" not in home
    assert "Switch personalisation on" in browser.get("/accounts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert browser.post("/accounts/", {"personalisation": "maybe"}).status_code == 400
    browser.post("/accounts/", {"personalisation": "on"})
    recommendations_train()  # the deleted profile comes back only from what happens (and is trained) from now on
    assert "You bought this before" in row(browser.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "for-you")
