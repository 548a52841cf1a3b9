"""Facts search publishes."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@event_type
@dataclass(frozen=True)
class SearchPerformed(DomainEvent):
    """A shopper searched (recommendations learn from it, with the shopper's consent where required)."""

    topic = "search.performed"
    query: str
    result_count: int
    shopper_id: str | None
    session_digest: str  # mercato.shared.session_digest of an anonymous visitor's session; "" for none
    at: str
