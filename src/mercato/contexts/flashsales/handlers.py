"""Reactions to inventory: an unpaid sale order's units went back to the sale, so the buyer may buy again."""

from __future__ import annotations

import contextlib

from django.db.models import F

from mercato.contexts.inventory.events import PoolUnitsReturned
from mercato.shared import clock

from . import local_limits
from .gate import GateUnavailable, gate
from .models import BuyerTally, FlashPurchase


def give_back_to_buyer(event: PoolUnitsReturned) -> None:
    """Runs in the outbox delivery transaction: marks the purchase released exactly once, then the gate."""
    purchase = FlashPurchase.objects.select_for_update().filter(order_id=event.reference,
                                                                released_at__isnull=True).first()
    if purchase is None:
        return
    FlashPurchase.objects.filter(pk=purchase.pk).update(released_at=clock.now())
    BuyerTally.objects.filter(item_id=purchase.item_id, buyer_id=purchase.buyer_id).update(
        units=F("units") - purchase.quantity)

    local_limits.units_came_back(purchase.item_id)
    g = gate()
    if g is not None:
        # Told before commit: should this transaction roll back, the gate is one step ahead of the database,
        # which refuses the extra admission and has the gate rebuilt (never an oversell).
        with contextlib.suppress(GateUnavailable):
            g.units_returned(item_id=purchase.item_id, buyer=purchase.buyer_id, quantity=purchase.quantity)


HANDLERS = {PoolUnitsReturned: [give_back_to_buyer]}
