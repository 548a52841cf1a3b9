"""(6) The core buy path works with JavaScript disabled: HTMX only enhances it.

A guest finds a product, adds it to the cart, checks out with an email address and pays by card.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from . import shopper_steps as shopper
from .conftest import NewPage, PageProblems
from .screenshots import Camera
from .ui_text import EN

pytestmark = pytest.mark.browser


def test_6_guest_buys_with_javascript_disabled(new_page: NewPage, camera: Camera, page_problems: PageProblems) -> None:
    page = new_page(java_script_enabled=False)
    shopper.open_home(page, EN)
    camera(page, "home")

    shopper.search(page, EN, "edition")
    shopper.filter_results(page, EN, in_stock=True)
    card = shopper.result_cards(page, EN)[0]
    shopper.open_product(page, EN, card)
    camera(page, "product")
    shopper.add_to_cart(page, EN)

    shopper.open_cart(page, EN)
    assert shopper.cart_shops(page) == [card.shop]
    camera(page, "cart")
    shopper.check_out(page, EN, email=f"guest-{uuid.uuid4().hex[:8]}@example.com")
    camera(page, "payment")
    shopper.pay_by_card(page, EN, shopper.GOOD_CARD)
    [order] = shopper.order_rows(page, EN)
    assert order.shop == card.shop and order.status == EN.paid
    camera(page, "confirmation")

    # A guest sees the orders placed in this browser.
    mine = shopper.open_my_orders(page, EN)
    assert [o.number for o in mine] == [order.number]
    expect(page.locator(".status--paid")).to_have_count(1)
    camera(page, "my-orders")
    assert not page_problems.items, page_problems.items
