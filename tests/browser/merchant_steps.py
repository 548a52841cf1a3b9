"""What a merchant's staff does in the merchant center: find an order to ship, ship it, deliver it, read the balance.

The merchant center is read in English (the journeys that use it run in an English browser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from playwright.sync_api import Page, expect

from .shopper_steps import button, field
from .tables import table_records
from .ui_text import amount_of


def open_merchant_center(page: Page) -> None:
    page.locator("header").get_by_role("link", name="Merchant center", exact=True).click()
    page.wait_for_url(re.compile(r"/merchant/$"))
    expect(page.get_by_role("navigation", name="Merchant center sections")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()


def section(page: Page, name: str) -> None:
    """Follow one of the merchant center's section links (Orders, Balance...)."""
    page.get_by_role("navigation", name="Merchant center sections").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def open_order_to_ship(page: Page, number: str) -> None:
    section(page, "Orders")
    tab = page.get_by_role("link", name=re.compile(r"^To ship \(\d+\)$"))
    expect(tab).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {number}")


def order_status(page: Page) -> str:
    return page.locator(".page-head .status").inner_text().strip()


def ship(page: Page, *, carrier: str, tracking_number: str) -> None:
    field(page, "Carrier").fill(carrier)
    field(page, "Tracking number").fill(tracking_number)
    button(page, "Mark as shipped").click()
    expect(page.locator(".page-head .status")).to_have_text("Shipped")
    expect(page.get_by_role("region", name="Shipments")).to_contain_text(tracking_number)


def mark_delivered(page: Page) -> None:
    button(page, "Mark as delivered").click()
    expect(page.locator(".page-head .status")).to_have_text("Delivered")


def order_total(page: Page) -> Decimal:
    """The order's total, from the detail page's item table."""
    total_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Total", exact=True))
    return amount_of(total_row.get_by_role("cell").inner_text())


def order_commission(page: Page) -> Decimal:
    """The platform's commission on this order: the sum of the item table's Commission column."""
    items = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Commission"))
    return sum((amount_of(record["Commission"]) for record in table_records(items)), Decimal(0))


@dataclass(frozen=True)
class Balance:
    held_in_escrow: Decimal
    available: Decimal
    paid_out: Decimal


def read_balance(page: Page, currency: str = "CNY") -> Balance:
    page.goto("/merchant/balance/")
    expect(page.get_by_role("heading", level=1, name="Balance")).to_be_visible()
    for record in table_records(page.get_by_role("main").get_by_role("table").first):
        if record["Currency"] == currency:
            return Balance(held_in_escrow=amount_of(record["Held in escrow"]),
                           available=amount_of(record["Available"]), paid_out=amount_of(record["Paid out"]))
    return Balance(Decimal(0), Decimal(0), Decimal(0))
