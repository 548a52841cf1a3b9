"""Orders' reactions to other contexts' events, listed explicitly."""

from __future__ import annotations

from mercato.contexts.payments.events import PaymentCompleted

from .services import orders_mark_paid


def mark_orders_paid(event: PaymentCompleted) -> None:
    orders_mark_paid(order_ids=event.order_refs, payment_method=event.method)


HANDLERS = {PaymentCompleted: [mark_orders_paid]}
