"""(4) The buy journey with the interface switched to Simplified Chinese from the header's language selector."""

from __future__ import annotations

import uuid
import warnings

import pytest
from playwright.sync_api import Page, expect

from . import shopper_steps as shopper
from .conftest import PageProblems
from .page_checks import english_leftovers, prices
from .purchase import buy_from_two_shops
from .screenshots import Camera
from .ui_text import ZH

pytestmark = pytest.mark.browser


def shop_names(page: Page) -> set[str]:
    """Every shop's name, from the search filters (names are data: they may mix scripts)."""
    page.goto("/search")
    options = page.get_by_role("complementary").locator("select[name=merchant] option").all_inner_texts()
    return {name.strip() for name in options[1:]}


def test_4_buy_journey_in_chinese(page: Page, camera: Camera, page_problems: PageProblems) -> None:
    allowed_names = shop_names(page) | {"Mercato", "API", "CVC", "JBL"}
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shopper.switch_language(page, ZH)
    header = page.locator("header")
    expect(header.get_by_role("link", name=ZH.cart)).to_be_visible()
    expect(header.get_by_role("button", name=ZH.search, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=ZH.featured)).to_be_visible()
    camera(page, "home-switched")

    leftovers: dict[str, list[str]] = {}

    def look(p: Page, step: str) -> None:
        camera(p, step)
        shown = prices(p)
        assert all(text.startswith(ZH.currency) and not text.startswith("CN") for text in shown), (step, shown)
        found = english_leftovers(p, allowed_names)
        if found:
            leftovers[f"{step} ({p.url})"] = found

    shopper.register(page, ZH, name="王芳", email=f"fang-{uuid.uuid4().hex[:8]}@example.com",
                     password="Correct-horse-9")
    purchase = buy_from_two_shops(page, ZH, look, words="旗舰版")
    assert all(order.total > 0 for order in purchase.orders)
    expect(page.locator("html")).to_have_attribute("lang", ZH.html_lang)
    if leftovers:
        warnings.warn(f"English left in the Chinese pages: {leftovers}", stacklevel=1)
    assert not page_problems.items, page_problems.items
