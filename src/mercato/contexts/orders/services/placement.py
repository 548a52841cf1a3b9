"""Placing orders: called by checkout inside its transaction, with everything copied at purchase time."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.bulk_insert import insert_rows

from ..domain.order_status import OrderStatus
from ..events import OrderPlaced
from ..models import Order, OrderLine, OrderTransition


@dataclass(frozen=True)
class OrderLineDraft:
    variant_id: str
    product_id: str
    category_id: str
    sku: str
    title: dict[str, str]
    quantity: int
    unit_price: Decimal
    list_amount: Decimal
    discount: Decimal
    shipping_share: Decimal
    tax: Decimal
    amount_paid: Decimal
    commission_rate: Decimal
    commission: Decimal
    is_custom_made: bool
    is_perishable: bool


@dataclass(frozen=True)
class OrderDraft:
    order_id: str
    merchant_id: str
    currency: str
    shipping: Decimal
    lines: Sequence[OrderLineDraft]

    @property
    def total(self) -> Decimal:
        return sum((line.amount_paid for line in self.lines), Decimal(0))


def order_number(at: datetime) -> str:
    """Readable and unique: local date + 10 random digits (collisions are retried by the unique index)."""
    return clock.local_date(at).strftime("%Y%m%d") + f"{secrets.randbelow(10**10):010d}"


@dataclass(frozen=True)
class Placement:
    """One checkout's orders with what they share: who buys, where to, how it is paid and until when."""

    checkout_ref: str
    drafts: Sequence[OrderDraft]
    buyer_user_id: str | None
    contact_id: str | None
    shipping_address_id: str
    shipping_method: str
    payment_id: str
    reserved_until: datetime


def orders_place(*, checkout_ref: str, drafts: Sequence[OrderDraft], buyer_user_id: str | None,
                 contact_id: str | None, shipping_address_id: str, shipping_method: str, payment_id: str,
                 reserved_until: datetime, actor: Actor) -> list[Order]:
    """Create the orders of one checkout (bulk: a handful of queries whatever the cart size)."""
    return orders_place_many([Placement(
        checkout_ref=checkout_ref, drafts=drafts, buyer_user_id=buyer_user_id, contact_id=contact_id,
        shipping_address_id=shipping_address_id, shipping_method=shipping_method, payment_id=payment_id,
        reserved_until=reserved_until)], actor=actor)


def orders_place_many(placements: Sequence[Placement], *, actor: Actor) -> list[Order]:
    """Create the orders of many checkouts in five statements (a flash sale places its orders in groups)."""
    now = clock.now()
    pairs = [(p, d) for p in placements for d in p.drafts]
    orders = [
        Order(id=d.order_id, number=order_number(now), checkout_ref=p.checkout_ref, merchant_id=d.merchant_id,
              buyer_user_id=p.buyer_user_id, contact_id=p.contact_id, shipping_address_id=p.shipping_address_id,
              shipping_method=p.shipping_method, payment_id=p.payment_id, currency=d.currency,
              subtotal=sum((ln.list_amount for ln in d.lines), Decimal(0)),
              discount=sum((ln.discount for ln in d.lines), Decimal(0)), shipping=d.shipping,
              tax=sum((ln.tax for ln in d.lines), Decimal(0)), total=d.total,
              commission_total=sum((ln.commission for ln in d.lines), Decimal(0)),
              status=OrderStatus.PENDING_PAYMENT, placed_at=now, reserved_until=p.reserved_until)
        for p, d in pairs
    ]
    insert_rows(Order, orders)
    insert_rows(OrderLine, [
        OrderLine(order_id=d.order_id, **{k: getattr(ln, k) for k in OrderLineDraft.__dataclass_fields__})
        for _, d in pairs for ln in d.lines
    ])
    insert_rows(OrderTransition, [
        OrderTransition(order_id=o.id, to_status=OrderStatus.PENDING_PAYMENT, actor=actor.label, at=now)
        for o in orders
    ])
    events.publish_many([
        OrderPlaced(order_id=o.id, merchant_id=o.merchant_id, status=o.status, at=now.isoformat(),
                    total=str(o.total), currency=o.currency, variant_ids=[ln.variant_id for ln in d.lines],
                    buyer_user_id=p.buyer_user_id)
        for o, (p, d) in zip(orders, pairs, strict=True)])
    return orders
