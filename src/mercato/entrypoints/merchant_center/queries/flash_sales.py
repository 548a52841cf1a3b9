"""The merchant's own variants as a flash sale can offer them, and what names a variant on the sale pages."""

from __future__ import annotations

from collections.abc import Iterable

from mercato.contexts.catalog.models import Variant
from mercato.entrypoints.web.templatetags.web import money, tr

MAX_CHOICES = 1000


def variant_choices(merchant_id: str) -> list[tuple[str, str]]:
    """(variant id, "title · SKU · list price") of the merchant's active variants of active products."""
    rows = (Variant.objects.filter(merchant_id=merchant_id, is_active=True, product__status="active")
            .select_related("product").order_by("product_id", "sku")[:MAX_CHOICES])
    return [(v.id, f"{tr(v.product.title)} · {v.sku} · {money(v.price_amount, v.currency)}") for v in rows]


def skus_of(variant_ids: Iterable[str]) -> dict[str, str]:
    return dict(Variant.objects.filter(pk__in=set(variant_ids)).values_list("id", "sku"))
