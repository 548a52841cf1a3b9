"""Facts orders publish (no personal data: ids and amounts only)."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@dataclass(frozen=True)
class _OrderFact(DomainEvent):
    order_id: str
    merchant_id: str
    status: str
    at: str


@event_type
@dataclass(frozen=True)
class OrderPlaced(_OrderFact):
    topic = "orders.order_placed"
    total: str = "0"
    currency: str = "CNY"
    variant_ids: list[str] | None = None
    buyer_user_id: str | None = None


@event_type
@dataclass(frozen=True)
class OrderPaid(_OrderFact):
    topic = "orders.order_paid"


@event_type
@dataclass(frozen=True)
class OrderCancelled(_OrderFact):
    topic = "orders.order_cancelled"


@event_type
@dataclass(frozen=True)
class OrderShipped(_OrderFact):
    topic = "orders.order_shipped"


@event_type
@dataclass(frozen=True)
class OrderDelivered(_OrderFact):
    topic = "orders.order_delivered"


@event_type
@dataclass(frozen=True)
class OrderCompleted(_OrderFact):
    topic = "orders.order_completed"


@event_type
@dataclass(frozen=True)
class OrderRefunded(_OrderFact):
    topic = "orders.order_refunded"


@event_type
@dataclass(frozen=True)
class ReturnRequested(DomainEvent):
    topic = "orders.return_requested"
    return_id: str
    order_id: str
    merchant_id: str
    amount: str


@event_type
@dataclass(frozen=True)
class ReturnReceived(DomainEvent):
    topic = "orders.return_received"
    return_id: str
    order_id: str
    merchant_id: str
    amount: str


@event_type
@dataclass(frozen=True)
class ReturnDecided(DomainEvent):
    """The merchant approved or rejected a return request (before the goods come back)."""

    topic = "orders.return_decided"
    return_id: str
    order_id: str
    merchant_id: str
    decision: str


EVENT_FOR_STATUS = {
    "paid": OrderPaid, "cancelled": OrderCancelled, "shipped": OrderShipped, "delivered": OrderDelivered,
    "completed": OrderCompleted, "refunded": OrderRefunded,
}
