"""Facts identity publishes."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.events import DomainEvent, event_type


@event_type
@dataclass(frozen=True)
class UserSignedIn(DomainEvent):
    """A user signed in, naming the guest cart they were using (checkout merges it)."""

    topic = "identity.user_signed_in"
    user_id: str
    guest_cart_id: str | None = None
