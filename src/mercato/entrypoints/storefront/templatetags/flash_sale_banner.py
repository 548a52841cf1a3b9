"""``{% flash_sale_banner variants %}``: the live or next flash sale of one of a product's variants, as a banner."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from mercato.contexts.flashsales import public as flashsales
from mercato.shared import clock

from ..flash_sale_display import shown_sales

register = template.Library()


@register.inclusion_tag("storefront/_flash_sale_banner.html")
def flash_sale_banner(variants: Iterable[Any]) -> dict[str, Any]:
    """The first variant with a live or upcoming sale wins (a product rarely has two on sale at once)."""
    variants = list(variants)
    sales = flashsales.sale_for_variants(v.id for v in variants)
    for variant in variants:
        view = sales.get(variant.id)
        if view is None:
            continue
        (shown,) = shown_sales([view], clock.now(), details=False)
        item = next((i for i in shown.items if i.item.variant_id == variant.id), None)
        if shown.phase != "over" and item is not None:
            return {"shown": shown, "banner_item": item}
    return {}
