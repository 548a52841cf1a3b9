"""The payment state machine, declared once."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from mercato.shared.errors import IllegalTransition


class PaymentStatus(StrEnum):
    REQUIRES_PAYMENT = "requires_payment"
    REQUIRES_ACTION = "requires_action"
    AWAITING_COLLECTION = "awaiting_collection"  # cash on delivery, collected by the carrier
    SUCCEEDED = "succeeded"
    CANCELLED = "cancelled"


P = PaymentStatus
TRANSITIONS: Final[Mapping[PaymentStatus, frozenset[PaymentStatus]]] = {
    P.REQUIRES_PAYMENT: frozenset({P.REQUIRES_ACTION, P.SUCCEEDED, P.AWAITING_COLLECTION, P.CANCELLED}),
    P.REQUIRES_ACTION: frozenset({P.SUCCEEDED, P.REQUIRES_PAYMENT, P.CANCELLED}),
    P.AWAITING_COLLECTION: frozenset({P.SUCCEEDED, P.CANCELLED}),
    P.SUCCEEDED: frozenset(),
    P.CANCELLED: frozenset(),
}


def ensure_transition(current: PaymentStatus, target: PaymentStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(kind="payment", current=current, target=target)
