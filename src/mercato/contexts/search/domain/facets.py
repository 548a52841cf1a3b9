"""Facet buckets: fixed price bands (in the currency's main unit) and rating floors."""

from __future__ import annotations

from decimal import Decimal

PRICE_BANDS: tuple[tuple[Decimal, Decimal | None], ...] = tuple(
    (Decimal(low), Decimal(high) if high else None)
    for low, high in ((0, 50), (50, 100), (100, 200), (200, 500), (500, 1000), (1000, 2000), (2000, 5000),
                      (5000, 0))
)
RATING_FLOORS: tuple[Decimal, ...] = (Decimal(4), Decimal(3))


def band_key(low: Decimal, high: Decimal | None) -> str:
    """"100-200" or "5000-": the value a client sends back as min_price/max_price."""
    return f"{low:f}-{high:f}" if high is not None else f"{low:f}-"
