"""(5) The buy journey on a phone-sized screen (390×844, touch): every page fits the screen's width."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from . import shopper_steps as shopper
from .conftest import PHONE, NewPage, PageProblems
from .page_checks import overflow
from .purchase import buy_from_two_shops
from .screenshots import Camera
from .ui_text import EN

pytestmark = pytest.mark.browser


def test_5_buy_journey_on_a_phone(new_page: NewPage, camera: Camera, page_problems: PageProblems) -> None:
    page = new_page(**PHONE)
    too_wide: dict[str, list[str]] = {}

    def look(p: Page, step: str) -> None:
        camera(p, step)
        if step == "home":
            camera.readme(p, "phone-home")
        if found := overflow(p):
            too_wide[step] = found

    shopper.register(page, EN, name="Zhao Lei", email=f"lei-{uuid.uuid4().hex[:8]}@example.com",
                     password="Correct-horse-9")
    look(page, "registered")
    purchase = buy_from_two_shops(page, EN, look, words="edition")
    page.get_by_role("link", name=purchase.orders[0].number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(purchase.orders[0].number)
    look(page, "order")
    assert not too_wide, f"pages wider than the phone's screen: {too_wide}"
    assert not page_problems.items, page_problems.items
