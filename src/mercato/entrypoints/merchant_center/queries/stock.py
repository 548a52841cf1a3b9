"""Stock per variant per warehouse for one merchant's stock pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F

from mercato.contexts.catalog.models import Variant
from mercato.contexts.inventory.models import StockLevel, StockLot

LOW_STOCK_AT = 5  # a variant or level with this many units available, or fewer, is flagged
PAGE_SIZE = 50


@dataclass(frozen=True)
class VariantStock:
    variant: Variant
    levels: list[StockLevel]

    @property
    def available(self) -> int:
        return sum(level.available for level in self.levels)

    @property
    def is_low(self) -> bool:
        return self.available <= LOW_STOCK_AT


def stock_page(merchant_id: str, *, low_only: bool,
               page_number: str | None) -> tuple[Page[Variant], list[VariantStock]]:
    """One page of the merchant's variants with their stock levels (three queries)."""
    variants = (Variant.objects.filter(merchant_id=merchant_id).select_related("product")
                .order_by("product_id", "sku"))
    if low_only:
        variants = variants.filter(available__lte=LOW_STOCK_AT, is_active=True, product__status="active")
    page = Paginator(variants, PAGE_SIZE).get_page(page_number)
    levels: dict[str, list[StockLevel]] = defaultdict(list)
    for level in (StockLevel.objects.filter(variant_id__in=[v.id for v in page]).select_related("warehouse")
                  .order_by("-warehouse__priority", "warehouse__code")):
        levels[level.variant_id].append(level)
    return page, [VariantStock(variant=v, levels=levels[v.id]) for v in page]


def own_variant(merchant_id: str, variant_id: str) -> Variant | None:
    return Variant.objects.filter(pk=variant_id, merchant_id=merchant_id).select_related("product").first()


def lots_of(merchant_id: str, variant_id: str) -> list[StockLot]:
    """A variant's lots at the merchant's warehouses, soonest expiry first."""
    return list(StockLot.objects.filter(level__variant_id=variant_id, level__warehouse__merchant_id=merchant_id)
                .select_related("level__warehouse").order_by(F("expires_on").asc(nulls_last=True), "code"))
