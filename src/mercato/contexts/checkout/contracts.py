"""What crosses the checkout wall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mercato.shared.money import Money


@dataclass(frozen=True)
class CartLineView:
    id: str
    variant_id: str
    product_id: str
    merchant_id: str
    sku: str
    title: dict[str, str]
    unit_price: Money
    quantity: int
    line_total: Money
    available: bool


@dataclass(frozen=True)
class CartView:
    id: str
    status: str
    lines: tuple[CartLineView, ...]
    currency: str
    total: Money
    merchant_names: dict[str, str]


@dataclass(frozen=True)
class PlacedOrder:
    id: str
    number: str
    merchant_id: str
    status: str
    total: Money


@dataclass(frozen=True)
class CheckoutResult:
    checkout_id: str
    orders: tuple[PlacedOrder, ...]
    payment_id: str
    payment_amount: Money
    payment_status: str
    reserved_until: datetime
    guest_token: str | None
