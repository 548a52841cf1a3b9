"""The order's life after placement: paid, cancelled, shipped, delivered, completed; address changes."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.inventory import public as inventory
from mercato.contexts.payments import public as payments
from mercato.shared import clock
from mercato.shared.actor import Actor, system_actor
from mercato.shared.errors import Conflict, ValidationFailed

from ..domain.order_status import BEFORE_SHIPMENT, OrderStatus
from ..models import Order, Shipment
from ..selectors import lock_order
from .returns import refund_lines_fully
from .transitions import move


@transaction.atomic
def orders_mark_paid(*, order_ids: Sequence[str], payment_method: str) -> int:
    """The payment completed: orders become paid and their reservations become allocations.

    Idempotent (an event may be delivered again after a crash): orders already past pending are skipped.
    """
    actor = system_actor("payments")
    orders = list(Order.objects.select_for_update().filter(pk__in=order_ids, status=OrderStatus.PENDING_PAYMENT)
                  .order_by("id"))
    for order in orders:
        order.payment_method = payment_method
        order.reserved_until = None
        move(order, OrderStatus.PAID, actor=actor, fields=("payment_method", "reserved_until"))
    if orders:
        inventory.stock_allocate(references=[o.id for o in orders], actor=actor)
    return len(orders)


@transaction.atomic
def order_cancel(*, order_id: str, reason: str, actor: Actor) -> Order:
    """Cancel before shipment: release stock; refund what was paid; shrink an unpaid payment."""
    payment_id = Order.objects.filter(pk=order_id).values_list("payment_id", flat=True).first()
    if payment_id:
        payments.payment_lock(payment_id=payment_id)  # lock order: payment, then order (ADR 0002)
    order = lock_order(order_id, actor, as_buyer=True, as_merchant=True)
    if order.status not in BEFORE_SHIPMENT:
        raise Conflict(f"order is {order.status}; after shipment, request a return instead",
                       current_status=order.status)
    cancel_locked(order, reason=reason, actor=actor)
    return order


def cancel_locked(order: Order, *, reason: str, actor: Actor, restock_shipped: bool = False,
                  shrink_payment: bool = True) -> None:
    """Cancel a locked order; ``shrink_payment`` is False when the whole payment was already cancelled."""
    captured = order.status != OrderStatus.PENDING_PAYMENT and order.payment_method == "card"
    move(order, OrderStatus.CANCELLED, actor=actor, reason=reason)
    if restock_shipped:
        for line in order.lines.all():
            inventory.stock_restock(reference=order.id, variant_id=line.variant_id, quantity=line.quantity,
                                    actor=actor)
    else:
        inventory.stock_release(references=[order.id], actor=actor, reason="cancel")
    if captured:
        refund_lines_fully(order, reason=reason or "order cancelled", actor=actor)
    elif shrink_payment:
        payments.allocation_cancel(order_ref=order.id)


@transaction.atomic
def order_change_address(*, order_id: str, address: AddressData, actor: Actor) -> Order:
    order = lock_order(order_id, actor, as_buyer=True)
    if order.status not in BEFORE_SHIPMENT:
        raise Conflict(f"order is {order.status}; the address can only change before shipment",
                       current_status=order.status)
    order.shipping_address_id = identity.address_create(data=address, user_id=order.buyer_user_id)
    order.save(update_fields=["shipping_address_id"])
    return order


@transaction.atomic
def order_ship(*, order_id: str, carrier: str, tracking_number: str, actor: Actor) -> Order:
    order = lock_order(order_id, actor, as_merchant=True)
    move(order, OrderStatus.SHIPPED, actor=actor)
    Shipment.objects.create(order=order, carrier=carrier, tracking_number=tracking_number, shipped_at=clock.now())
    inventory.stock_ship(reference=order.id, actor=actor)
    return order


@transaction.atomic
def order_deliver(*, order_id: str, actor: Actor, cod_outcome: str = "collected") -> Order:
    """The carrier delivered. Cash on delivery: collected (money enters escrow) or refused (cancel, restock)."""
    order = lock_order(order_id, actor, as_merchant=True)
    if order.payment_method == "cod" and cod_outcome == "refused":
        if order.status != OrderStatus.SHIPPED:
            raise Conflict(f"order is {order.status}; only a shipped parcel can be refused",
                           current_status=order.status)
        cancel_locked(order, reason="refused at the door", actor=actor, restock_shipped=True)
        return order
    if cod_outcome not in ("collected", "refused"):
        raise ValidationFailed.on("cod_outcome", "must be collected or refused")
    now = clock.now()
    order.delivered_at = now
    order.return_deadline = clock.end_of_local_day_after(now, settings.MERCATO_RETURN_WINDOW_DAYS)
    order.auto_confirm_at = clock.end_of_local_day_after(now, settings.MERCATO_AUTO_CONFIRM_DAYS)
    move(order, OrderStatus.DELIVERED, actor=actor, fields=("delivered_at", "return_deadline", "auto_confirm_at"))
    order.shipments.filter(delivered_at__isnull=True).update(delivered_at=now)
    if order.payment_method == "cod":
        payments.cod_collect(order_ref=order.id)
    return order


def complete_locked(order: Order, *, actor: Actor, reason: str = "") -> None:
    move(order, OrderStatus.COMPLETED, actor=actor, reason=reason)
    payments.escrow_release(order_ref=order.id)


@transaction.atomic
def order_confirm_receipt(*, order_id: str, actor: Actor) -> Order:
    """The buyer confirms receipt: the order completes and escrow is released to the merchant."""
    order = lock_order(order_id, actor, as_buyer=True)
    complete_locked(order, actor=actor)
    return order
