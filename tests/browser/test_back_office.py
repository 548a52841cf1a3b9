"""The operator's console and the merchant center, section by section: every page opens, shows its heading,
and logs no console error or server error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import merchant_steps as merchant
from . import shopper_steps as shopper
from .conftest import PageProblems
from .screenshots import Camera
from .ui_text import EN

pytestmark = pytest.mark.browser

DEMO_OPERATOR = ("ops@mercato.demo", "mercato-ops")
DEMO_MERCHANT = ("merchant@mercato.demo", "mercato-merchant")
APPLICANT_SHOP = "Fawn Handmade"  # the demo's one pending application
CONSOLE_SECTIONS = {"Merchants": "Merchants", "Orders": "Orders across merchants", "Payments": "Payments",
                    "Refunds": "Refunds"}
MERCHANT_SECTIONS = ["Products", "Stock", "Warehouses", "Orders", "Returns", "Balance"]


def test_7_operator_opens_the_console(page: Page, camera: Camera, page_problems: PageProblems) -> None:
    shopper.sign_in(page, EN, *DEMO_OPERATOR)
    page.locator("header").get_by_role("link", name=EN.console, exact=True).click()
    page.wait_for_url(re.compile(r"/console/$"))
    expect(page.get_by_role("heading", level=1, name="Platform today")).to_be_visible()
    sections = page.get_by_role("navigation", name="Console sections")
    expect(sections.get_by_role("link", name="Django admin")).to_have_attribute("href", "/admin/")
    camera(page, "overview")
    camera.readme(page, "console-overview")

    page.get_by_role("link", name=re.compile(r"^Applications waiting")).click()
    expect(page.get_by_role("main")).to_contain_text(APPLICANT_SHOP)
    camera(page, "applications")

    for link, heading in CONSOLE_SECTIONS.items():
        sections.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        camera(page, link.lower())
    assert not page_problems.items, page_problems.items


def test_8_merchant_center_sections_open(page: Page, camera: Camera, page_problems: PageProblems) -> None:
    shopper.sign_in(page, EN, *DEMO_MERCHANT)
    merchant.open_merchant_center(page)
    for name in MERCHANT_SECTIONS:
        merchant.section(page, name)
        camera(page, name.lower())
    assert not page_problems.items, page_problems.items
