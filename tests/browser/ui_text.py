"""The words a person reads on the pages, in English and in Simplified Chinese.

The journeys find fields and buttons by what they say (labels, button names), as a person would; the same
journey runs in either language by swapping this table. A string missing from the Chinese catalogue makes
the Chinese journey fail, which is the point. ``a|b`` accepts either wording (used where Django's own
catalogues currently shadow the project's word, e.g. "Log out": 注销 rather than 退出登录).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class UiText:
    language: str  # the value of the header's language selector
    html_lang: str  # <html lang="...">
    currency: str  # how a CNY price starts in this language
    # layout
    cart: str
    search_products: str
    search: str
    log_in: str
    log_out: str
    my_orders: str
    console: str
    # account
    name: str
    email: str
    password: str
    password_again: str
    create_account: str
    # browsing
    featured: str
    new_arrivals: str
    filters: str
    results: str
    in_stock_only: str
    price_from: str
    price_to: str
    apply_filters: str
    add_to_cart: str
    added_to_cart: str
    # cart, checkout, payment
    your_cart: str
    check_out: str
    recipient: str
    phone: str
    country: str
    province: str
    city: str
    district: str
    street: str
    postal_code: str
    place_order: str
    pay_by_card: str
    card_number: str
    expiry_month: str
    expiry_year: str
    cvc: str
    pay_prefix: str  # the card form's button says "Pay CN¥1,258.00"
    confirm_it_is_you: str
    authentication_code: str
    confirm_payment: str
    thank_you: str
    # orders
    order: str
    shop: str
    total: str
    status: str
    paid: str
    completed: str
    confirm_receipt: str


EN = UiText(
    language="en", html_lang="en", currency="CN¥",
    cart="Cart", search_products="Search products", search="Search", log_in="Log in", log_out="Log out",
    my_orders="My orders", console="Console",
    name="Name", email="Email", password="Password", password_again="Password again", create_account="Create account",
    featured="Featured", new_arrivals="New arrivals", filters="Filters", results="Results",
    in_stock_only="In stock only", price_from="From", price_to="To", apply_filters="Apply filters",
    add_to_cart="Add to cart", added_to_cart="Added to your cart.",
    your_cart="Your cart", check_out="Check out",
    recipient="Recipient", phone="Phone", country="Country or region code", province="Province", city="City",
    district="District", street="Street address", postal_code="Postal code", place_order="Place order and pay",
    pay_by_card="Pay by card", card_number="Card number",
    expiry_month="Expiry month", expiry_year="Expiry year", cvc="Security code (CVC)",
    pay_prefix="Pay ", confirm_it_is_you="Confirm it is you", authentication_code="Authentication code",
    confirm_payment="Confirm payment", thank_you="Thank you for your order",
    order="Order", shop="Shop", total="Total", status="Status",
    paid="Paid", completed="Completed", confirm_receipt="Confirm receipt",
)  # fmt: skip

ZH = UiText(
    language="zh-hans", html_lang="zh-Hans", currency="¥",
    cart="购物车", search_products="搜索商品", search="搜索", log_in="登录", log_out="退出登录|注销",
    my_orders="我的订单", console="运营后台",
    name="姓名", email="电子邮箱|电子邮件", password="密码", password_again="再次输入密码", create_account="创建账户",
    featured="精选推荐", new_arrivals="新品上架", filters="筛选", results="结果",
    in_stock_only="仅看有货", price_from="从", price_to="到", apply_filters="应用筛选",
    add_to_cart="加入购物车", added_to_cart="已加入购物车。",
    your_cart="购物车", check_out="去结账",
    recipient="收件人", phone="手机号码", country="国家或地区代码", province="省份", city="城市",
    district="区县", street="详细地址", postal_code="邮政编码", place_order="提交订单并付款",
    pay_by_card="银行卡付款", card_number="卡号",
    expiry_month="有效期（月）", expiry_year="有效期（年）", cvc="安全码（CVC）",
    pay_prefix="支付 ", confirm_it_is_you="确认是您本人", authentication_code="验证码",
    confirm_payment="确认付款", thank_you="感谢您的订购",
    order="订单", shop="店铺", total="合计", status="状态",
    paid="已付款", completed="已完成", confirm_receipt="确认收货",
)  # fmt: skip


def wording(text: str) -> str:
    """A regular expression matching ``text`` literally, or any of its ``|``-separated alternatives."""
    return "(?:" + "|".join(re.escape(choice) for choice in text.split("|")) + ")"


AMOUNT = re.compile(r"-?[\d,]+(?:\.\d+)?")


def amount_of(text: str) -> Decimal:
    """The number in a formatted price such as ``CN¥1,258.00`` or ``¥1,258.00``."""
    found = AMOUNT.search(text.replace("\u00a0", " "))
    assert found, f"no amount in {text!r}"
    return Decimal(found.group().replace(",", ""))
