"""What the transparency log commits to about an order: a JSON-native record with ids, amounts and statuses, and
no personal data (no buyer, address or contact). The log keeps only its salted digest."""

from __future__ import annotations

from typing import Any

from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound

from .domain.order_status import OrderStatus
from .models import Order
from .selectors import visible_orders


def order_visible_to(order_id: str, actor: Actor) -> bool:
    """May this actor see the order (its buyer, its merchant's staff, an operator)?"""
    return visible_orders(actor).filter(pk=order_id).exists()


def order_evidence_record(order_id: str) -> dict[str, Any]:
    order = Order.objects.prefetch_related("lines").filter(pk=order_id).first()
    if order is None:
        raise NotFound.of("order", order_id)
    # an order ships only once paid (or accepted as cash on delivery): until then there is nothing to query
    unshipped = order.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID)
    shipments = [] if unshipped else sorted(order.shipments.all(), key=lambda sh: sh.shipped_at)
    return {
        "order_id": order.id, "number": order.number, "merchant_id": order.merchant_id,
        "status": order.status, "currency": order.currency, "payment_method": order.payment_method,
        "subtotal": str(order.subtotal), "discount": str(order.discount), "shipping": str(order.shipping),
        "tax": str(order.tax), "total": str(order.total), "refunded_total": str(order.refunded_total),
        "placed_at": order.placed_at.isoformat(),
        "lines": [
            {"line_id": ln.id, "variant_id": ln.variant_id, "sku": ln.sku, "quantity": ln.quantity,
             "unit_price": str(ln.unit_price), "amount_paid": str(ln.amount_paid),
             "refunded_quantity": ln.refunded_quantity, "refunded_amount": str(ln.refunded_amount)}
            for ln in sorted(order.lines.all(), key=lambda ln: ln.id)
        ],
        "shipments": [
            {"carrier": sh.carrier, "tracking_number": sh.tracking_number, "shipped_at": sh.shipped_at.isoformat(),
             "delivered_at": sh.delivered_at.isoformat() if sh.delivered_at else None}
            for sh in shipments
        ],
    }
