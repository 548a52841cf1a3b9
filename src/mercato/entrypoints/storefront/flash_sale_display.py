"""How flash sales appear to shoppers: where a sale stands (upcoming, live, over) with its countdown, each item
with its product link, and a refused purchase in the shopper's words."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext, ngettext

from mercato.contexts.catalog.models import Variant
from mercato.contexts.flashsales.contracts import ItemView, SaleView
from mercato.contexts.flashsales.domain.campaign_rules import seconds_until
from mercato.contexts.flashsales.domain.refusals import BuyerLimitReached, SaleNotLive, SoldOut
from mercato.contexts.merchants import public as merchants
from mercato.shared.errors import MercatoError, RateLimited

from .product_display import path_for
from .service_errors import error_message

DAY = 86_400


@dataclass(frozen=True)
class Countdown:
    """Seconds to the next moment that matters, shown as "2 days 03:04:05" (the clock part ticks in the page)."""

    seconds: int

    @property
    def days(self) -> str:
        n = self.seconds // DAY
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n} if n else ""

    @property
    def clock(self) -> str:
        rest = self.seconds % DAY
        return f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"

    def __str__(self) -> str:
        return f"{self.days} {self.clock}".strip()


@dataclass(frozen=True)
class ShownItem:
    item: ItemView
    product_url: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class ShownSale:
    sale: SaleView
    merchant: str
    phase: str  # upcoming | live | over (shown; the purchase itself decides who is admitted)
    countdown: Countdown  # to the start when upcoming, to the end when live
    items: tuple[ShownItem, ...]

    def item(self, item_id: str) -> ShownItem | None:
        return next((i for i in self.items if i.item.id == item_id), None)


def phase_of(sale: SaleView, now: datetime) -> tuple[str, Countdown]:
    if sale.status in ("scheduled", "live") and now < sale.starts_at:
        return "upcoming", Countdown(seconds_until(sale.starts_at, now))
    if sale.status in ("scheduled", "live") and now < sale.ends_at:
        return "live", Countdown(seconds_until(sale.ends_at, now))
    return "over", Countdown(0)


def shown_sales(views: Sequence[SaleView], now: datetime, *, details: bool = True) -> list[ShownSale]:
    """Sales with the items' product links and, with ``details``, the shop names and the variants' attributes
    (two queries; a product page's banner needs neither)."""
    details = details and bool(views)
    names = merchants.merchant_names({v.merchant_id for v in views}) if details else {}
    variant_ids = {i.variant_id for v in views for i in v.items}
    attributes = dict(Variant.objects.filter(pk__in=variant_ids).values_list("id", "attributes")) if details else {}
    shown = []
    for view in views:
        phase, countdown = phase_of(view, now)
        items = tuple(ShownItem(item=i, product_url=path_for(i.product_id, i.title) if i.product_id else "",
                                attributes=dict(attributes.get(i.variant_id) or {})) for i in view.items)
        shown.append(ShownSale(sale=view, merchant=names.get(view.merchant_id, ""), phase=phase,
                               countdown=countdown, items=items))
    return shown


def refusal_message(exc: MercatoError, item: ItemView | None, now: datetime) -> str:
    """Why the purchase did not happen, and what the shopper can do about it."""
    if isinstance(exc, SoldOut):
        return gettext("Sold out: every unit on offer has been taken. Units of orders not paid in time come back "
                       "to the sale, so you may check again in a few minutes.")
    if isinstance(exc, BuyerLimitReached):
        limit = item.per_buyer_limit if item else 1
        return ngettext("You already bought your limit on this offer (%(n)d per shopper).",
                        "You already bought your limit on this offer (%(n)d per shopper).", limit) % {"n": limit}
    if isinstance(exc, SaleNotLive):
        starts_at = exc.extra.get("starts_at")
        if starts_at:
            wait = Countdown(seconds_until(datetime.fromisoformat(str(starts_at)), now))
            return gettext("This sale has not started yet. It starts in %(when)s.") % {"when": wait}
        return gettext("This sale is over.")
    if isinstance(exc, RateLimited):
        seconds = max(1, math.ceil(float(exc.extra.get("retry_after", 10))))
        return ngettext("Too many attempts. Try again in %(n)d second.",
                        "Too many attempts. Try again in %(n)d seconds.", seconds) % {"n": seconds}
    return error_message(exc)
