"""May this action be offered on an order in its current state? A refusal names the reason, so the reply can
explain it (and suggest what to do instead) instead of proposing something the order services would refuse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from .intents import ActionKind

BEFORE_SHIPMENT: Final = frozenset({"pending_payment", "paid"})
DELIVERED: Final = frozenset({"delivered", "completed"})
CLOSED: Final = frozenset({"cancelled", "refunded"})


@dataclass(frozen=True)
class OrderFacts:
    """What the rules need to know about an order (copied from the orders context's contract)."""

    status: str
    return_deadline: datetime | None
    has_returnable_units: bool
    has_open_return: bool


@dataclass(frozen=True)
class Eligibility:
    action: ActionKind | None  # what to propose (may differ from the request: a refund before shipment is a cancel)
    refusal: str | None  # answer template key explaining why not


def _offer(action: ActionKind) -> Eligibility:
    return Eligibility(action=action, refusal=None)


def _refuse(reason: str) -> Eligibility:
    return Eligibility(action=None, refusal=reason)


def _cancel(order: OrderFacts) -> Eligibility:
    if order.status in BEFORE_SHIPMENT:
        return _offer(ActionKind.CANCEL_ORDER)
    if order.status in CLOSED:
        return _refuse(f"already_{order.status}")
    return _refuse("cancel_after_shipment" if order.status == "shipped" else "cancel_after_delivery")


def _return(order: OrderFacts, as_of: datetime) -> Eligibility:
    if order.status == "paid":
        return _offer(ActionKind.CANCEL_ORDER)  # not shipped yet: cancelling refunds in full
    if order.status == "pending_payment":
        return _refuse("nothing_paid")
    if order.status == "shipped":
        return _refuse("return_after_delivery")
    if order.status in CLOSED:
        return _refuse(f"already_{order.status}")
    if order.has_open_return:
        return _refuse("return_already_open")
    if order.return_deadline is None or as_of > order.return_deadline:
        return _refuse("return_window_closed")
    if not order.has_returnable_units:
        return _refuse("nothing_returnable")
    return _offer(ActionKind.START_RETURN)


def _address(order: OrderFacts) -> Eligibility:
    if order.status in BEFORE_SHIPMENT:
        return _offer(ActionKind.CHANGE_ADDRESS)
    return _refuse(f"already_{order.status}" if order.status in CLOSED else "address_after_shipment")


def _invoice(order: OrderFacts) -> Eligibility:
    return _refuse("invoice_unpaid") if order.status == "pending_payment" else _offer(ActionKind.SEND_INVOICE)


def eligibility(requested: ActionKind, order: OrderFacts, *, as_of: datetime) -> Eligibility:
    if requested is ActionKind.CANCEL_ORDER:
        return _cancel(order)
    if requested is ActionKind.START_RETURN:
        return _return(order, as_of)
    if requested is ActionKind.CHANGE_ADDRESS:
        return _address(order)
    return _invoice(order)


SUITABLE_STATUSES: Final[dict[str, frozenset[str]]] = {
    "cancel_order": BEFORE_SHIPMENT,
    "change_shipping_address": BEFORE_SHIPMENT,
    "start_return": DELIVERED | frozenset({"paid"}),
    "get_refund": DELIVERED | frozenset({"paid"}) | CLOSED,
    "track_refund": CLOSED | DELIVERED,
    "track_order": BEFORE_SHIPMENT | frozenset({"shipped", "delivered"}),
}


def suitable_for(intent: str, status: str) -> bool:
    """Whether an order in this state is a likely subject of the request (to narrow "which order?")."""
    allowed = SUITABLE_STATUSES.get(intent)
    return allowed is None or status in allowed
