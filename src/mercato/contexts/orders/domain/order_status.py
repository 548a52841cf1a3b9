"""The order state machine, declared once; everything else asks it."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from mercato.shared.errors import IllegalTransition


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


S = OrderStatus
TRANSITIONS: Final[Mapping[OrderStatus, frozenset[OrderStatus]]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.CANCELLED, S.REFUNDED}),  # cancelled: cash refused at the door
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
BEFORE_SHIPMENT: Final = frozenset({S.PENDING_PAYMENT, S.PAID})
RETURNABLE: Final = frozenset({S.DELIVERED, S.COMPLETED})


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[current]


def ensure_transition(current: OrderStatus | str, target: OrderStatus) -> None:
    """Raise IllegalTransition (→ 409 naming the current status) unless the move is declared."""
    if not can_transition(OrderStatus(current), target):
        raise IllegalTransition(kind="order", current=str(current), target=str(target))


class ReturnStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    RECEIVED = "received"


R = ReturnStatus
RETURN_TRANSITIONS: Final[Mapping[ReturnStatus, frozenset[ReturnStatus]]] = {
    R.REQUESTED: frozenset({R.APPROVED, R.REJECTED, R.RECEIVED}),
    R.APPROVED: frozenset({R.RECEIVED, R.REJECTED}),
    R.REJECTED: frozenset(),
    R.RECEIVED: frozenset(),
}


def ensure_return_transition(current: ReturnStatus | str, target: ReturnStatus) -> None:
    if target not in RETURN_TRANSITIONS[ReturnStatus(current)]:
        raise IllegalTransition(kind="return", current=str(current), target=str(target))
