"""One merchant's products (archived ones too) with price range, stock and a thumbnail."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Prefetch, Q, Sum

from mercato.contexts.catalog.models import Product, ProductImage, Variant

PAGE_SIZE = 30


def products_page(merchant_id: str, *, status: str, q: str, page_number: str | None) -> Page[Any]:
    """Newest first; three queries (count, rows, first images)."""
    qs = Product.objects.filter(merchant_id=merchant_id)
    if status in ("active", "archived"):
        qs = qs.filter(status=status)
    for word in q.lower().split()[:8]:
        qs = qs.filter(search_text__contains=word)
    qs = (qs.select_related("category")
          .annotate(price_low=Min("variants__price_amount"), price_high=Max("variants__price_amount"),
                    stock=Sum("variants__available", filter=Q(variants__is_active=True)),
                    variant_count=Count("variants"))
          .prefetch_related(Prefetch("images", queryset=ProductImage.objects.filter(position=0)))
          .order_by("-created_at", "-id"))
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


def own_product(merchant_id: str, product_id: str) -> Product | None:
    """The product with its variants and images, if it is this merchant's."""
    return (Product.objects.filter(pk=product_id, merchant_id=merchant_id).select_related("category")
            .prefetch_related(Prefetch("variants", queryset=Variant.objects.order_by("sku")), "images").first())
