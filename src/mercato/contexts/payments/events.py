"""Facts payments publishes (through the outbox: none is lost)."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@event_type
@dataclass(frozen=True)
class PaymentCompleted(DomainEvent):
    """The buyer finished paying: captured by card, or accepted as cash on delivery."""

    topic = "payments.payment_completed"
    payment_id: str
    reference: str
    order_refs: list[str]
    method: str
    status: str


@event_type
@dataclass(frozen=True)
class PaymentCaptured(DomainEvent):
    topic = "payments.payment_captured"
    payment_id: str
    order_refs: list[str]
    amount: str
    currency: str


@event_type
@dataclass(frozen=True)
class RefundIssued(DomainEvent):
    topic = "payments.refund_issued"
    refund_id: str
    payment_id: str
    order_ref: str
    amount: str
    currency: str
    source: str


@event_type
@dataclass(frozen=True)
class EscrowReleased(DomainEvent):
    topic = "payments.escrow_released"
    order_ref: str
    merchant_id: str
    amount: str
    commission: str
    currency: str


@event_type
@dataclass(frozen=True)
class PayoutPaid(DomainEvent):
    topic = "payments.payout_paid"
    payout_id: str
    merchant_id: str
    amount: str
    currency: str
