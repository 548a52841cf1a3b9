"""Facts inventory publishes."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@event_type
@dataclass(frozen=True)
class StockAdjusted(DomainEvent):
    topic = "inventory.stock_adjusted"
    variant_id: str
    warehouse_id: str
    on_hand: int
    delta: int
    reason: str


@event_type
@dataclass(frozen=True)
class PoolUnitsReturned(DomainEvent):
    """Units an order had claimed from a pool went back to it (the order was cancelled unpaid)."""

    topic = "inventory.pool_units_returned"
    pool: str
    reference: str
    variant_id: str
    quantity: int
