"""Moving an order: ask the state machine, record history, announce the fact."""

from __future__ import annotations

from mercato.shared import clock, events
from mercato.shared.actor import Actor

from ..domain.order_status import OrderStatus, ensure_transition
from ..events import EVENT_FOR_STATUS
from ..models import Order, OrderTransition


def move(order: Order, target: OrderStatus, *, actor: Actor, reason: str = "", fields: tuple[str, ...] = ()) -> None:
    ensure_transition(order.status, target)
    previous, order.status = order.status, target
    order.save(update_fields=["status", *fields])
    now = clock.now()
    OrderTransition.objects.create(order=order, from_status=previous, to_status=target, actor=actor.label,
                                   reason=reason[:200], at=now)
    event = EVENT_FOR_STATUS.get(target)
    if event is not None:
        events.publish(event(order_id=order.id, merchant_id=order.merchant_id, status=target, at=now.isoformat()))
