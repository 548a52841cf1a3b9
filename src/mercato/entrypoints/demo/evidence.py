"""Demo commerce evidence: the demo shopper's orders get their facts in the transparency log, as the outbox logs
them for live orders (the bulk writer inserts history without publishing events), so their order pages show a
proven trail out of the box. Other shoppers' seeded orders stay without evidence."""

from __future__ import annotations

from mercato.contexts.identity import public as identity
from mercato.contexts.orders.models import Order
from mercato.contexts.transparency.handlers import log_order_fact

from .world import DEMO_SHOPPER_EMAIL


def seed_order_evidence() -> int:
    """Queue one fact per status change of the demo shopper's orders; returns how many were queued."""
    user_id = identity.user_id_by_email(DEMO_SHOPPER_EMAIL)
    if user_id is None:
        return 0
    queued = 0
    for order in Order.objects.filter(buyer_user_id=user_id).prefetch_related("history").order_by("placed_at"):
        for step in sorted(order.history.all(), key=lambda t: (t.at, t.id)):
            fact = "order.placed" if step.to_status == "pending_payment" else f"order.{step.to_status}"
            at = step.at.isoformat()
            queued += log_order_fact(fact=fact, order_id=order.id, key=f"{fact}:{order.id}:{at}", at=at,
                                     event={"status": step.to_status})
    return queued
