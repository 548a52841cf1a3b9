"""(Discovery and customer service) On a phone, the demo shopper finds products through the top box's suggestions
and the result facets, sees recommendation rows that say why, and asks the chat panel where an order is (in
English and in Chinese) — every answer comes from the shopper's own orders."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import shopper_steps as shopper
from .conftest import PHONE, NewPage, PageProblems
from .page_checks import overflow
from .screenshots import Camera
from .ui_text import EN, ZH

pytestmark = pytest.mark.browser
DEMO_SHOPPER = ("shopper@mercato.demo", "mercato-shopper")
ORDER_NUMBER = re.compile(r"\b20\d{16}\b")


def ask(page: Page, text: str) -> str:
    """Send one message through the chat panel; the assistant's newest reply."""
    replies = page.locator("#assistant-log .assistant-msg--assistant")
    before = replies.count()
    page.locator("#assistant-text").fill(text)
    page.locator("#assistant-widget").get_by_role("button").last.click()
    expect(replies).to_have_count(before + 1)
    return replies.last.inner_text()


def test_search_suggestions_facets_and_recommendation_rows_on_a_phone(new_page: NewPage, camera: Camera,
                                                                       page_problems: PageProblems) -> None:
    page = new_page(**PHONE)
    shopper.sign_in(page, EN, *DEMO_SHOPPER)
    page.goto("/")
    for_you = page.locator("section.rec-row[data-placement='for-you']")
    expect(for_you.get_by_role("heading", name="For you")).to_be_visible()
    expect(for_you.locator(".rec-card").first).to_be_visible()
    reasons = for_you.locator(".rec-card__why").all_inner_texts()
    assert reasons and all(r.replace("Why you see this:", "").strip() for r in reasons)
    assert overflow(page) == []

    page.locator("#q").press_sequentially("phon", delay=40)
    suggestion = page.locator("#q-suggestions a").first
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/search\?"))
    results = page.locator("main .product-card")
    expect(results.first).to_be_visible()
    facet = page.locator("main a[href*='category=']").first
    expect(facet).to_be_visible()
    facet.click()
    expect(page).to_have_url(re.compile(r"category="))
    expect(results.first).to_be_visible()
    camera(page, "search-facets-phone")
    assert not page_problems.items, page_problems.items


def test_the_chat_panel_answers_from_the_shoppers_own_orders_in_both_languages(
        new_page: NewPage, camera: Camera, page_problems: PageProblems) -> None:
    page = new_page(**PHONE)
    shopper.sign_in(page, EN, *DEMO_SHOPPER)
    page.goto("/orders")
    own_numbers = set(ORDER_NUMBER.findall(page.locator("main").inner_text()))
    assert own_numbers, "the demo shopper has orders"

    page.locator("#assistant-widget summary").click()
    listing = ask(page, "where is my order?")
    listed = set(ORDER_NUMBER.findall(listing))
    assert listed and listed <= own_numbers  # which order? only the shopper's own are offered
    answer = ask(page, "1")
    assert ORDER_NUMBER.search(answer) and ORDER_NUMBER.search(answer).group(0) in own_numbers  # type: ignore[union-attr]
    camera(page, "assistant-panel-phone")
    assert overflow(page) == []

    shopper.switch_language(page, ZH)
    page.locator("#assistant-widget summary").click()
    reply = ask(page, "我的订单到哪了？")
    assert set(ORDER_NUMBER.findall(reply)) <= own_numbers and re.search(r"[\u4e00-\u9fff]", reply)
    handover = ask(page, "我要找人工客服")
    assert "人工" in handover or "客服" in handover
    assert not page_problems.items, page_problems.items
