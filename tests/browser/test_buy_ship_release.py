"""One order's life in the browser, told by the people who live it, in order:

1. a new shopper buys from two merchants and pays with a card that asks for authentication;
2. the merchant of one of those orders ships it (carrier + tracking number) and marks it delivered;
3. the shopper confirms receipt and the merchant's balance shows the released money (total minus commission).

The three tests share what the first one bought (the ``story``); the later ones skip if it did not happen.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from . import merchant_steps as merchant
from . import shopper_steps as shopper
from .conftest import NewPage, PageProblems
from .purchase import buy_from_two_shops
from .screenshots import Camera
from .ui_text import EN

pytestmark = pytest.mark.browser

DEMO_MERCHANT = ("merchant@mercato.demo", "mercato-merchant")
DEMO_SHOP = "星河数码旗舰店 Galaxy Digital"  # the demo merchant's shop
RELEASE_WAIT_SECONDS = 10


@dataclass
class Story:
    shopper_email: str = ""
    shopper_password: str = "Correct-horse-9"
    order: shopper.OrderRow | None = None  # the order of the demo merchant's shop
    order_total: Decimal | None = None
    commission: Decimal | None = None
    notes: list[str] = field(default_factory=list)

    def require_order(self) -> shopper.OrderRow:
        if self.order is None:
            pytest.skip("journey 1 did not produce an order")
        return self.order


@pytest.fixture(scope="module")
def story() -> Story:
    return Story()


def test_1_new_shopper_buys_from_two_merchants_with_card_authentication(
    page: Page, camera: Camera, page_problems: PageProblems, story: Story
) -> None:
    story.shopper_email = f"shopper-{uuid.uuid4().hex[:8]}@example.com"
    shopper.register(page, EN, name="Li Na", email=story.shopper_email, password=story.shopper_password)
    camera(page, "registered")

    def look(p: Page, step: str) -> None:
        camera(p, step)
        readme_names = {"home": "storefront-home", "product-1": "storefront-product", "cart": "storefront-cart"}
        if step in readme_names:
            camera.readme(p, readme_names[step])

    purchase = buy_from_two_shops(page, EN, look, words="edition", first_shop=DEMO_SHOP)
    story.order = next(o for o in purchase.orders if o.shop == DEMO_SHOP)
    assert not page_problems.items, page_problems.items


def test_2_merchant_ships_and_delivers_the_order(
    page: Page, camera: Camera, page_problems: PageProblems, story: Story
) -> None:
    order = story.require_order()
    shopper.sign_in(page, EN, *DEMO_MERCHANT)
    merchant.open_merchant_center(page)
    camera(page, "dashboard")
    camera.readme(page, "merchant-dashboard")

    merchant.open_order_to_ship(page, order.number)
    assert merchant.order_status(page) == "Paid, to ship"
    story.order_total = merchant.order_total(page)
    story.commission = merchant.order_commission(page)
    assert story.order_total == order.total, "the merchant and the shopper see different totals"
    camera(page, "order-to-ship")

    merchant.ship(page, carrier="SF Express", tracking_number=f"SF{uuid.uuid4().int % 10**12:012d}")
    camera(page, "shipped")
    merchant.mark_delivered(page)
    camera(page, "delivered")
    assert not page_problems.items, page_problems.items


def test_3_shopper_confirms_receipt_and_the_merchant_is_paid(
    new_page: NewPage, camera: Camera, page_problems: PageProblems, story: Story
) -> None:
    order = story.require_order()
    if story.order_total is None or story.commission is None:
        pytest.skip("journey 2 did not ship and deliver the order")
    seller = new_page()
    shopper.sign_in(seller, EN, *DEMO_MERCHANT)
    before = merchant.read_balance(seller)
    camera(seller, "balance-before")

    buyer = new_page()
    shopper.sign_in(buyer, EN, story.shopper_email, story.shopper_password)
    mine = {o.number: o for o in shopper.open_my_orders(buyer, EN)}
    assert mine[order.number].status == "Delivered"
    shopper.confirm_receipt(buyer, EN, order.url)
    expect(buyer.get_by_role("region", name="Delivery")).to_contain_text("SF Express")
    camera(buyer, "receipt-confirmed")

    after = wait_for_balance_change(seller, before)
    camera(seller, "balance-after")
    released = after.available - before.available
    assert Decimal(0) < released <= story.order_total, f"available went from {before} to {after}"
    assert released == story.order_total - story.commission, (
        f"released {released}, expected the total {story.order_total} minus the commission {story.commission}"
    )
    assert before.held_in_escrow - after.held_in_escrow == story.order_total
    assert not page_problems.items, page_problems.items


def wait_for_balance_change(page: Page, before: merchant.Balance) -> merchant.Balance:
    """Release happens when receipt is confirmed; allow the outbox a few seconds to deliver the event."""
    deadline = time.monotonic() + RELEASE_WAIT_SECONDS
    while True:
        after = merchant.read_balance(page)
        if after.available != before.available or time.monotonic() > deadline:
            return after
        time.sleep(0.5)
