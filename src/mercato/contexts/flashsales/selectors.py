"""Flash sale queries: what shoppers see (countdown, price, units left) and what merchants manage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, Sum

from mercato.contexts.catalog import public as catalog
from mercato.contexts.inventory import public as inventory
from mercato.contexts.merchants import public as merchants
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound
from mercato.shared.money import Money

from .contracts import ItemView, SaleView
from .domain.campaign_rules import seconds_until
from .domain.sale_status import SaleStatus
from .models import FlashPurchase, FlashSale, FlashSaleItem, SaleChange

PUBLIC_STATUSES = (SaleStatus.SCHEDULED, SaleStatus.LIVE, SaleStatus.ENDED)


def sale_get(sale_id: str, actor: Actor | None = None) -> FlashSale:
    """A sale anyone may see (cancelled ones only its merchant's staff and operators)."""
    sale = FlashSale.objects.filter(pk=sale_id).first()
    if sale is None or (sale.status not in PUBLIC_STATUSES and not _manages(sale, actor)):
        raise NotFound.of("flash sale", sale_id)
    return sale


def _manages(sale: FlashSale, actor: Actor | None) -> bool:
    if actor is None or not actor.user_id:
        return False
    if actor.is_operator:
        return True
    membership = merchants.membership_for(actor.user_id)
    return membership is not None and membership.merchant_id == sale.merchant_id


def sale_managed(sale_id: str, actor: Actor) -> FlashSale:
    """A sale the caller manages (its merchant's staff, or an operator); anyone else gets a 404."""
    sale = FlashSale.objects.filter(pk=sale_id).first()
    if sale is None or not _manages(sale, actor):
        raise NotFound.of("flash sale", sale_id)
    return sale


def sale_views(sales: Iterable[FlashSale], now: datetime | None = None) -> list[SaleView]:
    """Views of several sales in a handful of queries (no per-item reads)."""
    sales = list(sales)
    now = now or clock.now()
    items = list(FlashSaleItem.objects.filter(sale__in=sales).order_by("id"))
    offers = catalog.variants_for_sale({i.variant_id for i in items})
    free = inventory.pool_free_units([i.id for i in items])
    sold = dict(FlashPurchase.objects.filter(item__in=items, released_at__isnull=True).values("item_id")
                .annotate(n=Sum("quantity")).values_list("item_id", "n"))
    by_sale: dict[str, list[ItemView]] = {s.id: [] for s in sales}
    for i in items:
        offer = offers.get(i.variant_id)
        by_sale[i.sale_id].append(ItemView(
            id=i.id, variant_id=i.variant_id, product_id=offer.product_id if offer else "",
            title=dict(offer.title) if offer else {}, sku=offer.sku if offer else "",
            list_price=Money.of(i.list_price, i.currency),
            sale_price=Money.of(i.sale_price, i.currency), units=i.units, units_earmarked=i.units_earmarked,
            per_buyer_limit=i.per_buyer_limit, remaining=free.get(i.id, 0), sold=int(sold.get(i.id) or 0)))
    return [SaleView(id=s.id, merchant_id=s.merchant_id, title=dict(s.title), status=s.status,
                     starts_at=s.starts_at, ends_at=s.ends_at, payment_minutes=s.payment_minutes,
                     starts_in_seconds=seconds_until(s.starts_at, now), ends_in_seconds=seconds_until(s.ends_at, now),
                     items=tuple(by_sale[s.id])) for s in sales]


def sales_current(*, merchant_id: str | None = None, limit: int = 50) -> list[SaleView]:
    """Live and upcoming sales, soonest first (what the storefront lists)."""
    now = clock.now()
    query = FlashSale.objects.filter(status__in=[SaleStatus.SCHEDULED, SaleStatus.LIVE], ends_at__gt=now)
    if merchant_id:
        query = query.filter(merchant_id=merchant_id)
    return sale_views(query.order_by("starts_at", "id")[:limit], now)


def sales_of_merchant(actor: Actor, *, limit: int = 100) -> list[SaleView]:
    membership = merchants.staff_membership(actor.user_id)
    return sale_views(FlashSale.objects.filter(merchant_id=membership.merchant_id)
                      .order_by("-starts_at", "-id")[:limit])


def sale_for_variants(variant_ids: Iterable[str]) -> dict[str, SaleView]:
    """The live or next sale of each variant that has one (a product page shows its countdown)."""
    now = clock.now()
    wanted = set(variant_ids)
    sales = list(FlashSale.objects.filter(Q(status=SaleStatus.LIVE) | Q(status=SaleStatus.SCHEDULED),
                                          ends_at__gt=now, items__variant_id__in=wanted)
                 .distinct().order_by("starts_at", "id"))
    found: dict[str, SaleView] = {}
    for view in sale_views(sales, now):
        for item in view.items:
            if item.variant_id in wanted:
                found.setdefault(item.variant_id, view)
    return found


def sale_for_variant(variant_id: str) -> SaleView | None:
    return sale_for_variants([variant_id]).get(variant_id)


def sale_changes(sale: FlashSale) -> list[SaleChange]:
    return list(sale.changes.order_by("at", "id"))
