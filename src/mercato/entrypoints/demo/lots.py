"""Perishable stock by lot: received with a date code, used first in first out, written off when it expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(slots=True)
class Lot:
    code: str
    expires_on: date
    on_hand: int


class Shelf:
    """The lots of one perishable stock level, oldest first; together they hold the level's on_hand."""

    def __init__(self, shelf_days: int) -> None:
        self.shelf_days = shelf_days
        self.lots: list[Lot] = []
        self._codes: dict[str, int] = {}

    def receive(self, day: date, quantity: int) -> str:
        code = f"L{day:%Y%m%d}"
        seen = self._codes.get(code, 0)
        self._codes[code] = seen + 1
        code += f"-{seen + 1}" if seen else ""
        self.lots.append(Lot(code, day + timedelta(days=self.shelf_days), quantity))
        return code

    def take(self, quantity: int, code: str = "") -> None:
        """Units leave: from the named lot (a write-off), else from the oldest lots."""
        for lot in [x for x in self.lots if x.code == code] if code else list(self.lots):
            used = min(quantity, lot.on_hand)
            lot.on_hand -= used
            quantity -= used
            if lot.on_hand == 0:
                self.lots.remove(lot)
            if quantity == 0:
                return
        if quantity:
            raise AssertionError(f"{quantity} units more than the lots hold")

    def add_back(self, quantity: int, day: date) -> None:
        if self.lots:
            self.lots[-1].on_hand += quantity
        else:
            self.receive(day, quantity)

    def expired(self, day: date) -> list[Lot]:
        return [lot for lot in self.lots if lot.expires_on <= day]
