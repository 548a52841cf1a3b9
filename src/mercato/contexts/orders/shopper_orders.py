"""A shopper's own orders as plain contracts, and the shopper's commands on them (cancel, new address, return).

For downstream helpers acting for a signed-in shopper (the customer-service assistant): every query is scoped to
the buyer, so an order number of another customer is simply not found; every command goes through the same
services as the API, with the shopper as the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.shared.actor import Actor
from mercato.shared.money import Money

from . import services
from .invoice import render_invoice
from .models import Order
from .selectors import order_detail


@dataclass(frozen=True)
class ShopperOrderLine:
    line_id: str
    title: dict[str, str]
    quantity: int
    refunded_quantity: int
    returnable: bool
    amount_paid: Money
    refunded_amount: Money


@dataclass(frozen=True)
class ShopperShipment:
    carrier: str
    tracking_number: str
    shipped_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True)
class ShopperReturn:
    id: str
    status: str
    amount: Money
    requested_at: datetime


@dataclass(frozen=True)
class ShopperOrder:
    id: str
    number: str
    status: str
    merchant_id: str
    payment_id: str
    placed_at: datetime
    total: Money
    refunded_total: Money
    lines: tuple[ShopperOrderLine, ...]
    shipments: tuple[ShopperShipment, ...]
    returns: tuple[ShopperReturn, ...]
    reserved_until: datetime | None
    delivered_at: datetime | None
    return_deadline: datetime | None


def _view(order: Order) -> ShopperOrder:
    cur = order.currency
    return ShopperOrder(
        id=order.id, number=order.number, status=order.status, merchant_id=order.merchant_id,
        payment_id=order.payment_id, placed_at=order.placed_at, total=Money.of(order.total, cur),
        refunded_total=Money.of(order.refunded_total, cur),
        lines=tuple(ShopperOrderLine(line_id=ln.id, title=dict(ln.title), quantity=ln.quantity,
                                     refunded_quantity=ln.refunded_quantity,
                                     returnable=not (ln.is_custom_made or ln.is_perishable),
                                     amount_paid=Money.of(ln.amount_paid, cur),
                                     refunded_amount=Money.of(ln.refunded_amount, cur))
                    for ln in sorted(order.lines.all(), key=lambda ln: ln.id)),
        shipments=tuple(ShopperShipment(carrier=sh.carrier, tracking_number=sh.tracking_number,
                                        shipped_at=sh.shipped_at, delivered_at=sh.delivered_at)
                        for sh in sorted(order.shipments.all(), key=lambda sh: sh.shipped_at)),
        returns=tuple(ShopperReturn(id=r.id, status=r.status, amount=Money.of(r.amount, cur),
                                    requested_at=r.requested_at)
                      for r in sorted(order.returns.all(), key=lambda r: r.requested_at)),
        reserved_until=order.reserved_until, delivered_at=order.delivered_at, return_deadline=order.return_deadline,
    )


def _buyer_orders(user_id: str) -> QuerySet[Order]:
    return Order.objects.filter(buyer_user_id=user_id).prefetch_related("lines", "shipments", "returns")


def shopper_recent_orders(*, user_id: str, limit: int = 5) -> list[ShopperOrder]:
    """The buyer's newest orders, newest first."""
    return [_view(o) for o in _buyer_orders(user_id).order_by("-placed_at", "-id")[:limit]]


def shopper_order_by_number(*, user_id: str, number: str) -> ShopperOrder | None:
    """The buyer's order with this number, or None (also when the number is another customer's)."""
    order = _buyer_orders(user_id).filter(number=number).first()
    return _view(order) if order else None


def shopper_order_by_id(*, user_id: str, order_id: str) -> ShopperOrder | None:
    order = _buyer_orders(user_id).filter(pk=order_id).first()
    return _view(order) if order else None


def shopper_order_cancel(*, user_id: str, order_id: str, reason: str) -> ShopperOrder:
    """Cancel as the buyer (before shipment; paid orders are refunded). Raises the orders' typed errors."""
    services.order_cancel(order_id=order_id, reason=reason, actor=Actor(user_id=user_id))
    return _view(order_detail(order_id, Actor(user_id=user_id)))


def shopper_order_change_address(*, user_id: str, order_id: str, address: AddressData) -> ShopperOrder:
    services.order_change_address(order_id=order_id, address=address, actor=Actor(user_id=user_id))
    return _view(order_detail(order_id, Actor(user_id=user_id)))


def shopper_return_request(*, user_id: str, order_id: str, reason: str) -> ShopperReturn:
    """Return every returnable unit not yet refunded (the no-reason return within the window)."""
    order = order_detail(order_id, Actor(user_id=user_id))
    lines = [(ln.id, ln.quantity - ln.refunded_quantity) for ln in order.lines.all()
             if not (ln.is_custom_made or ln.is_perishable) and ln.quantity > ln.refunded_quantity]
    ret = services.return_request(order_id=order_id, lines=lines, reason=reason, actor=Actor(user_id=user_id))
    return ShopperReturn(id=ret.id, status=ret.status, amount=Money.of(ret.amount, order.currency),
                         requested_at=ret.requested_at)


def shopper_invoice_html(*, user_id: str, order_id: str) -> str:
    """The invoice page of the buyer's own order (NotFound otherwise)."""
    order = order_detail(order_id, Actor(user_id=user_id))
    return render_invoice(order, identity.address_get(order.shipping_address_id))
