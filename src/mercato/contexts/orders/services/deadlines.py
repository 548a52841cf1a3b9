"""Jobs acting on deadlines, for any moment (`as_of`): reservation expiry and automatic receipt."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from mercato.contexts.payments import public as payments
from mercato.shared.actor import system_actor

from ..domain.order_status import OrderStatus
from ..models import Order
from .lifecycle import cancel_locked, complete_locked

BATCH = 200


def orders_expire_unpaid(as_of: datetime) -> int:
    """Cancel orders whose reservation ran out unpaid, releasing their stock; paid ones are left alone."""
    actor = system_actor("job:release-expired-reservations")
    payment_ids = list(Order.objects.filter(status=OrderStatus.PENDING_PAYMENT, reserved_until__lte=as_of)
                       .values_list("payment_id", flat=True).distinct()[:BATCH])
    cancelled = 0
    for payment_id in payment_ids:
        with transaction.atomic():
            # The payment row is the lock both the buyer's confirm and this job take first.
            if not payments.payment_cancel_if_unpaid(payment_id=payment_id, actor=actor):
                continue
            for order in Order.objects.select_for_update().filter(
                    payment_id=payment_id, status=OrderStatus.PENDING_PAYMENT).order_by("id"):
                cancel_locked(order, reason="reservation expired", actor=actor, shrink_payment=False)
                cancelled += 1
    return cancelled


def orders_auto_confirm(as_of: datetime) -> int:
    """Confirm receipt for delivered orders whose auto-confirm moment passed (escrow is then released)."""
    actor = system_actor("job:auto-confirm-receipts")
    ids = list(Order.objects.filter(status=OrderStatus.DELIVERED, auto_confirm_at__lte=as_of)
               .values_list("id", flat=True)[:BATCH])
    for order_id in ids:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            if order.status == OrderStatus.DELIVERED:
                complete_locked(order, actor=actor, reason="receipt confirmed automatically")
    return len(ids)
