"""Who is acting: derived from a verified bearer token, without a database read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: str | None = None
    is_operator: bool = False
    guest_checkout_id: str | None = None  # a guest's checkout-scoped token
    system: str | None = None  # a background job, e.g. "job:auto-confirm-receipts"

    @property
    def label(self) -> str:
        """How the actor appears in histories and stock movements (never personal data)."""
        if self.system:
            return self.system
        if self.is_operator:
            return f"operator:{self.user_id}"
        if self.user_id:
            return f"user:{self.user_id}"
        if self.guest_checkout_id:
            return f"guest:{self.guest_checkout_id}"
        return "anonymous"

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user_id)


ANONYMOUS = Actor()


def system_actor(name: str) -> Actor:
    return Actor(system=name)
