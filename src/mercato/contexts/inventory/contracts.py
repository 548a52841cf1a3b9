"""What crosses the inventory wall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReserveLine:
    reference: str  # the order id
    variant_id: str
    quantity: int


@dataclass(frozen=True)
class Shortage:
    variant_id: str
    requested: int
    available: int


@dataclass(frozen=True)
class LevelView:
    warehouse_id: str
    on_hand: int
    reserved: int
    allocated: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.allocated


@dataclass(frozen=True)
class ReservationView:
    references: tuple[str, ...]
    expires_at: datetime | None
