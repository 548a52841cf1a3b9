"""Reactions to other contexts' events, listed explicitly: purchases and searches become behaviour (with consent)."""

from __future__ import annotations

from collections.abc import Callable

from mercato.contexts.orders.events import OrderCancelled, OrderPlaced
from mercato.contexts.search.events import SearchPerformed

from . import services
from .contracts import Viewer


def remember_purchase(event: OrderPlaced) -> None:
    """A signed-in buyer's order (guests have no lasting id); an unpaid order that is cancelled is forgotten."""
    if event.buyer_user_id and event.variant_ids:
        services.purchases_record(user_id=event.buyer_user_id, order_id=event.order_id,
                                  variant_ids=event.variant_ids)


def forget_cancelled_purchase(event: OrderCancelled) -> None:
    services.purchases_forget_order(order_id=event.order_id)


def remember_search(event: SearchPerformed) -> None:
    """A search by a signed-in shopper or an anonymous session (known by the same digest the pages use)."""
    viewer = Viewer(user_id=event.shopper_id) if event.shopper_id else Viewer(session=event.session_digest)
    if event.query.strip():
        services.behaviour_record(kind="search", viewer=viewer, query=event.query)


HANDLERS: dict[type, list[Callable[..., None]]] = {
    OrderPlaced: [remember_purchase],
    OrderCancelled: [forget_cancelled_purchase],
    SearchPerformed: [remember_search],
}
