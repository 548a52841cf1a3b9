"""Why a purchase attempt is refused: each a 409 with its own problem type, so clients can tell them apart."""

from __future__ import annotations

from mercato.shared.errors import Conflict


class SoldOut(Conflict):
    slug = "sold-out"


class BuyerLimitReached(Conflict):
    slug = "buyer-limit"


class SaleNotLive(Conflict):
    slug = "not-live"
