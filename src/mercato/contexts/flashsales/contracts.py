"""What crosses the flash-sales wall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from mercato.contexts.catalog.contracts import VariantForSale
from mercato.shared.money import Money


@dataclass(frozen=True)
class ItemSnapshot:
    """What the hot path needs about an item, cached for a second per process."""

    id: str
    sale_id: str
    merchant_id: str
    status: str
    starts_at: datetime
    ends_at: datetime
    variant_id: str
    sale_price: Decimal
    currency: str
    per_buyer_limit: int
    payment_minutes: int
    offer: VariantForSale | None = None  # the variant as the catalogue sells it (None: not found)
    commission_rate: Decimal | None = None  # the merchant's rate for its category


@dataclass(frozen=True)
class PurchaseResult:
    purchase_id: str
    order_id: str
    order_number: str
    order_status: str
    total: Money
    payment_id: str
    payment_status: str
    pay_by: datetime
    admitted_by: str
    replayed: bool = False  # the answer to a repeated Idempotency-Key: nothing new was bought


@dataclass(frozen=True)
class ItemReconciliation:
    """Gate and database side by side for one item; ``agree`` when every invariant holds."""

    item_id: str
    units: int
    units_earmarked: int
    sold: int  # units of purchases whose order did not give them back
    held_by_orders: int  # units claimed by orders, in any state
    left_in_database: int
    left_in_gate: int | None  # None: no gate (embedded profile) or the gate is unreachable
    in_flight: int
    tallied: int
    agree: bool
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ItemView:
    id: str
    variant_id: str
    product_id: str
    title: dict[str, str]
    sku: str
    list_price: Money
    sale_price: Money
    units: int
    units_earmarked: int
    per_buyer_limit: int
    remaining: int  # units a buyer can still get (0 before the sale opens earmarks them: see `units`)
    sold: int


@dataclass(frozen=True)
class SaleView:
    id: str
    merchant_id: str
    title: dict[str, str]
    status: str
    starts_at: datetime
    ends_at: datetime
    payment_minutes: int
    starts_in_seconds: int
    ends_in_seconds: int
    items: tuple[ItemView, ...]
