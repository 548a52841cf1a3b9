"""The buy journey shared by the desktop, Chinese and phone runs: browse, search, filter, two shops, pay.

``look(page, step)`` is called on every main page (it takes the screenshot; the phone run also checks that
nothing overflows the screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from . import shopper_steps as shopper
from .ui_text import UiText

Look = Callable[[Page, str], None]
PRICE_RANGE = (100, 3000)


@dataclass(frozen=True)
class Purchase:
    products: list[shopper.Added]
    orders: list[shopper.OrderRow]  # as the confirmation page lists them
    my_orders: list[shopper.OrderRow]  # as "My orders" lists them right after paying


def buy_from_two_shops(page: Page, ui: UiText, look: Look, *, words: str, first_shop: str | None = None,
                       card_number: str = shopper.CARD_NEEDING_AUTHENTICATION) -> Purchase:
    shopper.open_home(page, ui)
    look(page, "home")

    shopper.search(page, ui, words)
    assert shopper.result_cards(page, ui), f"searching {words!r} found nothing"
    look(page, "search")

    low, high = PRICE_RANGE
    shopper.filter_results(page, ui, in_stock=True, min_price=low, max_price=high)
    cards = shopper.result_cards(page, ui)
    assert cards, f"nothing in stock between {low} and {high} for {words!r}"
    # A product matches when one of its variants is in the range; the card shows its lowest price.
    assert all(card.price <= high for card in cards), [(c.title, c.price) for c in cards if c.price > high]
    look(page, "filtered")
    results_url = page.url

    first, second = shopper.pick_two_shops(cards, first_shop)
    added = []
    for n, card in enumerate((first, second), start=1):
        page.goto(results_url)
        shopper.open_product(page, ui, card)
        look(page, f"product-{n}")
        added.append(shopper.add_to_cart(page, ui))

    shopper.open_cart(page, ui)
    assert sorted(shopper.cart_shops(page)) == sorted({first.shop, second.shop}), "one group per shop expected"
    look(page, "cart")

    shopper.check_out(page, ui)
    look(page, "payment")
    shopper.pay_by_card(page, ui, card_number, look=look)
    orders = shopper.order_rows(page, ui)
    assert sorted(o.shop for o in orders) == sorted({first.shop, second.shop}), orders
    assert all(o.status == ui.paid for o in orders), orders
    look(page, "confirmation")

    mine = shopper.open_my_orders(page, ui)
    by_number = {o.number: o for o in mine}
    for order in orders:
        assert order.number in by_number, f"order {order.number} missing from My orders: {mine}"
        assert by_number[order.number].status == ui.paid
        assert by_number[order.number].total == order.total
    expect(page.locator(".status--paid").first).to_be_visible()
    look(page, "my-orders")
    return Purchase(products=added, orders=orders, my_orders=mine)
