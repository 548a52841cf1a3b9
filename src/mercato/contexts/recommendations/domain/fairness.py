"""Fair-algorithm rules that hold whatever the model says.

1. Non-personalised answers (personalisation off, or nothing known about the visitor) carry no item picked for
   one person's history: anything whose reason is personal is dropped.
2. Prices are never personalised: the price of an item comes from the catalogue's summary of the variant at
   this moment, which takes no shopper. Nothing in the ranking pipeline carries or changes a price, and the
   serving code has no way to pass a shopper to the price source.
"""

from __future__ import annotations

from collections.abc import Iterable

from .reasons import PERSONAL_REASONS
from .reranking import Pick


def without_personal_signals(picks: Iterable[Pick]) -> list[Pick]:
    return [p for p in picks if p.reason.code not in PERSONAL_REASONS]
