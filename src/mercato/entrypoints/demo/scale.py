"""How big the demo is, and the fixed moment it is generated for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The data set describes the marketplace as it stands at this moment (not "today"), so it never changes.
REFERENCE = datetime(2026, 11, 1, 0, 0, tzinfo=SHANGHAI)
SEED = 20261101


@dataclass(frozen=True)
class Scale:
    name: str
    products: int
    shoppers: int
    orders: int
    days: int = 730  # orders are spread over the 24 months before the reference
    open_days: int = 14  # roughly how long the newest orders stay open (paid, shipped, delivered)


FULL = Scale("full", products=1000, shoppers=300, orders=20_000)
SMALL = Scale("small", products=80, shoppers=40, orders=400)
