"""(Flash sale) The demo merchant schedules a sale that starts now; a shopper on a phone buys on it and pays as
after any checkout; the merchant sees the sale reconciled and cancels it (the unsold units go back)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from . import shopper_steps as shopper
from .conftest import PHONE, NewPage, PageProblems
from .page_checks import overflow
from .screenshots import Camera
from .shopper_steps import ADDRESS, GOOD_CARD, button, field
from .ui_text import EN

pytestmark = pytest.mark.browser
DEMO_MERCHANT = ("merchant@mercato.demo", "mercato-merchant")
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the demo's platform time zone: the form's times are read in it


def schedule_sale_starting_now(page: Page, title: str) -> str:
    """Fill the new-sale form with the first variant that has a unit in stock; returns the sale's page URL."""
    page.goto("/merchant/flash-sales/")
    expect(page.get_by_role("heading", level=1, name="Flash sales")).to_be_visible()
    now = datetime.now(SHANGHAI)
    first_row = page.get_by_role("group", name="Variant 1")
    choices = [v for v in first_row.get_by_label("Variant").locator("option").evaluate_all(
        "options => options.map(o => o.value)") if v]
    for variant_id in choices[:10]:
        field(page, "Title (English)").fill(title)
        field(page, "Title (Simplified Chinese)").fill("手机秒杀")
        field(page, "Starts").fill((now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"))
        field(page, "Ends").fill((now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        first_row.get_by_label("Variant").select_option(variant_id)
        field(first_row, "Sale price").fill("1.00")
        field(first_row, "Units offered").fill("1")
        field(first_row, "Limit per buyer").fill("1")
        button(page, "Schedule the flash sale").click()
        if re.search(r"/merchant/flash-sales/fls_[0-9a-z]{26}/$", page.url):
            expect(page.locator(".page-head .status")).to_have_text("Live")
            return page.url
        # that variant had no unit to offer (or was already on sale): the field says so; try the next one
        expect(page.locator(".field-error").first).to_be_visible()
    raise AssertionError("no demo variant could be put on a flash sale")


def test_a_shopper_buys_on_a_live_flash_sale_on_a_phone(new_page: NewPage, camera: Camera,
                                                        page_problems: PageProblems) -> None:
    merchant = new_page()
    shopper.sign_in(merchant, EN, *DEMO_MERCHANT)
    title = f"Phone flash sale {uuid.uuid4().hex[:6]}"
    sale_url = schedule_sale_starting_now(merchant, title)
    camera(merchant, "merchant-sale")

    phone = new_page(**PHONE)
    too_wide: dict[str, list[str]] = {}

    def look(step: str) -> None:
        camera(phone, step)
        if found := overflow(phone):
            too_wide[step] = found

    shopper.register(phone, EN, name="Zhao Lei", email=f"flash-{uuid.uuid4().hex[:8]}@example.com",
                     password="Correct-horse-9")
    phone.goto("/flash-sales/")
    live = phone.get_by_role("region", name="Live now")
    card = live.locator(".flash-card").filter(has_text=title)
    expect(card).to_contain_text("Ends in")
    expect(card).to_contain_text("1 left")
    look("flash-sales")
    card.get_by_role("link", name="Buy now").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    clock = phone.locator(".countdown__clock").first
    before = clock.inner_text()
    expect(clock).not_to_have_text(before, timeout=5_000)  # the countdown ticks in the page
    look("flash-sale")

    form = phone.locator("form.flash-buy").first
    field(form, EN.recipient).fill(ADDRESS["recipient"])
    field(form, EN.phone).fill(ADDRESS["phone"])
    field(form, EN.city).fill(ADDRESS["city"])
    field(form, EN.street).fill(ADDRESS["street"])
    button(form, "Buy now").click()
    phone.wait_for_url(re.compile(r"/pay/pay_[0-9a-z]{26}$"))
    expect(phone.get_by_role("status")).to_contain_text("It is yours at the sale price. Pay within 10 minutes")
    look("pay")
    shopper.pay_by_card(phone, EN, GOOD_CARD)
    look("paid")

    phone.goto("/flash-sales/")
    expect(phone.get_by_role("region", name="Live now").locator(".flash-card").filter(has_text=title)).to_contain_text(
        "Sold out")

    merchant.goto(sale_url)
    expect(merchant.get_by_text("OK: the admission gate and the database agree on every variant.")).to_be_visible()
    button(merchant, "Cancel the flash sale").click()
    expect(merchant.locator(".page-head .status")).to_have_text("Cancelled")
    assert not too_wide, f"pages wider than the phone's screen: {too_wide}"
    assert not page_problems.items, page_problems.items
