"""Facts the catalog publishes."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@event_type
@dataclass(frozen=True)
class ProductChanged(DomainEvent):
    """A product was created or edited (search and recommendations re-index it)."""

    topic = "catalog.product_changed"
    product_id: str
    merchant_id: str
