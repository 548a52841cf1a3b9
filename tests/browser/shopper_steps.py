"""What a shopper does on the storefront, one readable step at a time.

Steps find things the way a person does (by label, button name, heading) in the language of ``ui`` and
assert what the person should see after each action, so a failure names the page and the step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from playwright.sync_api import Locator, Page, expect

from .tables import table_records
from .ui_text import UiText, amount_of, wording

CARD_NEEDING_AUTHENTICATION = "4000000000003220"
GOOD_CARD = "4242424242424242"
AUTHENTICATION_CODE = "123456"

ADDRESS = {
    "recipient": "张伟",
    "phone": "+8613800138000",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "street": "世纪大道 100 号 8 楼",
    "postal_code": "200120",
}


def field(scope: Page | Locator, label: str) -> Locator:
    """The input labelled ``label`` (a required field's label ends with a decorative " *")."""
    return scope.get_by_label(re.compile(rf"^\s*{wording(label)}(\s*\*)?\s*$"))


def button(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("button", name=re.compile(rf"^\s*{wording(name)}\s*$"))


# --------------------------------------------------------------------------- account


def register(page: Page, ui: UiText, *, name: str, email: str, password: str) -> None:
    page.goto("/accounts/register/")
    field(page, ui.name).fill(name)
    field(page, ui.email).fill(email)
    field(page, ui.password).fill(password)
    field(page, ui.password_again).fill(password)
    button(page, ui.create_account).click()
    expect(button(page, ui.log_out)).to_be_visible()


def sign_in(page: Page, ui: UiText, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    field(page, ui.email).fill(email)
    field(page, ui.password).fill(password)
    page.get_by_role("main").get_by_role("button", name=ui.log_in, exact=True).click()
    expect(button(page, ui.log_out)).to_be_visible()


def switch_language(page: Page, ui: UiText) -> None:
    """Use the header's language selector (it submits itself when changed)."""
    page.locator("header").get_by_role("combobox").select_option(ui.language)
    expect(page.locator("html")).to_have_attribute("lang", ui.html_lang)


# --------------------------------------------------------------------------- browsing


def open_home(page: Page, ui: UiText) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=ui.featured)).to_be_visible()
    expect(page.get_by_role("heading", name=ui.new_arrivals)).to_be_visible()
    expect(page.locator(".product-card").first).to_be_visible()


def search(page: Page, ui: UiText, words: str) -> None:
    """Search from the header's search box."""
    box = page.get_by_role("search").get_by_role("searchbox", name=ui.search_products)
    box.fill(words)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(words)


def filter_results(page: Page, ui: UiText, *, in_stock: bool = False, min_price: int | None = None,
                   max_price: int | None = None) -> None:
    filters = page.get_by_role("complementary", name=ui.filters)
    if in_stock:
        filters.get_by_label(ui.in_stock_only).check()
    if min_price is not None:
        field(filters, ui.price_from).fill(str(min_price))
    if max_price is not None:
        field(filters, ui.price_to).fill(str(max_price))
    with page.expect_navigation():
        button(filters, ui.apply_filters).click()
    if in_stock:
        assert "in_stock=1" in page.url, page.url


@dataclass(frozen=True)
class Card:
    title: str
    shop: str
    price: Decimal
    url: str


def result_cards(page: Page, ui: UiText) -> list[Card]:
    """The product cards on a results page, as the shopper reads them."""
    results = page.get_by_role("region", name=ui.results)
    found = []
    for card in results.locator(".product-card").all():
        found.append(Card(
            title=card.locator(".product-card__title").inner_text().strip(),
            shop=card.locator(".muted").first.inner_text().strip(),
            price=amount_of(card.locator(".price").inner_text()),
            url=str(card.get_attribute("href")),
        ))  # fmt: skip
    return found


def pick_two_shops(cards: list[Card], first_shop: str | None = None) -> tuple[Card, Card]:
    """A card of ``first_shop`` (or the first card) and one of another shop."""
    first = next((c for c in cards if first_shop is None or first_shop in c.shop), None)
    assert first is not None, f"no product of {first_shop!r} among {[c.shop for c in cards]}"
    second = next((c for c in cards if c.shop != first.shop), None)
    assert second is not None, f"every result is from {first.shop!r}: filter by shop to find two merchants"
    return first, second


# --------------------------------------------------------------------------- product and cart


@dataclass(frozen=True)
class Added:
    title: str
    seller: str
    url: str


def open_product(page: Page, ui: UiText, card: Card) -> None:
    page.get_by_role("region", name=ui.results).locator(f'.product-card[href="{card.url}"]').click()
    page.wait_for_url(re.compile(r"/p/[a-z0-9-]*-prd_[0-9a-z]{26}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(card.title)
    expect(page.locator(".seller")).to_have_text(card.shop)


def add_to_cart(page: Page, ui: UiText, product_url: str | None = None) -> Added:
    """Add the product shown (or at ``product_url``) to the cart, in its preselected variant."""
    if product_url:
        page.goto(product_url)
    title = page.get_by_role("heading", level=1).inner_text().strip()
    button(page, ui.add_to_cart).click()
    expect(page.get_by_role("status")).to_contain_text(ui.added_to_cart)
    return Added(title=title, seller=page.locator(".seller").inner_text().strip(), url=page.url)


def open_cart(page: Page, ui: UiText) -> None:
    page.locator("header").get_by_role("link", name=re.compile(rf"^{re.escape(ui.cart)}")).click()
    page.wait_for_url(re.compile(r"/cart$"))
    expect(page.get_by_role("heading", level=1, name=ui.your_cart)).to_be_visible()


def cart_shops(page: Page) -> list[str]:
    """The shop headings of the cart's groups (one parcel per shop)."""
    return [h.strip() for h in page.locator(".cart-group h2").all_inner_texts()]


# --------------------------------------------------------------------------- checkout and payment


def check_out(page: Page, ui: UiText, address: dict[str, str] = ADDRESS, email: str | None = None) -> str:
    """From the cart, fill the shipping address and place the order; returns the payment page's URL."""
    page.get_by_role("link", name=ui.check_out, exact=True).click()
    page.wait_for_url(re.compile(r"/checkout$"))
    if email is not None:
        field(page, ui.email).fill(email)
    field(page, ui.recipient).fill(address["recipient"])
    field(page, ui.phone).fill(address["phone"])
    expect(field(page, ui.country)).to_have_value("CN")
    field(page, ui.province).fill(address["province"])
    field(page, ui.city).fill(address["city"])
    field(page, ui.district).fill(address["district"])
    field(page, ui.street).fill(address["street"])
    field(page, ui.postal_code).fill(address["postal_code"])
    button(page, ui.place_order).click()
    page.wait_for_url(re.compile(r"/pay/pay_[0-9a-z]{26}$"))
    return page.url


def pay_by_card(page: Page, ui: UiText, number: str, *, look: Callable[[Page, str], None] | None = None) -> None:
    """Fill the sandbox card form and pay; answer the bank's authentication step when it asks."""
    card_form = page.get_by_role("region", name=ui.pay_by_card)
    field(card_form, ui.card_number).fill(number)
    field(card_form, ui.expiry_month).fill("12")
    field(card_form, ui.expiry_year).fill("2034")
    field(card_form, ui.cvc).fill("123")
    card_form.get_by_role("button", name=re.compile(rf"^{re.escape(ui.pay_prefix)}")).click()
    if number == CARD_NEEDING_AUTHENTICATION:
        expect(page.get_by_role("heading", name=ui.confirm_it_is_you)).to_be_visible()
        if look is not None:
            look(page, "authentication")
        field(page, ui.authentication_code).fill(AUTHENTICATION_CODE)
        button(page, ui.confirm_payment).click()
    page.wait_for_url(re.compile(r"/checkout/[a-z]{2,5}_[0-9a-z]{26}/done$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ui.thank_you)


@dataclass(frozen=True)
class OrderRow:
    number: str
    url: str
    shop: str
    total: Decimal
    status: str


def order_rows(page: Page, ui: UiText) -> list[OrderRow]:
    """The rows of the order table on the confirmation page or in My orders."""
    return [
        OrderRow(number=r[ui.order], url=r["@href"], shop=r[ui.shop], total=amount_of(r[ui.total]), status=r[ui.status])
        for r in table_records(page.get_by_role("main").get_by_role("table").first)
    ]


def open_my_orders(page: Page, ui: UiText) -> list[OrderRow]:
    # The header links there once signed in; a guest follows the confirmation page's link.
    page.get_by_role("link", name=ui.my_orders, exact=True).first.click()
    page.wait_for_url(re.compile(r"/orders$"))
    expect(page.get_by_role("heading", level=1, name=ui.my_orders)).to_be_visible()
    return order_rows(page, ui)


def confirm_receipt(page: Page, ui: UiText, order_url: str) -> None:
    page.goto(order_url)
    button(page, ui.confirm_receipt).click()
    expect(page.locator("h1 .status")).to_have_text(ui.completed)
