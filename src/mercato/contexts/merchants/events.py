"""Facts merchants publish."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@event_type
@dataclass(frozen=True)
class MerchantStatusChanged(DomainEvent):
    topic = "merchants.status_changed"
    merchant_id: str
    status: str
