"""Product and variant summaries for the recommendation placements (read-only feed).

The price is the one the catalogue shows everyone: the variant's list price. A flash sale's price is a separate
offer bought through the sale (the flash-sales context, downstream of the catalogue), so the catalogue cannot
and does not know it here. Nothing in this module takes a shopper: a summary is the same for every caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from mercato.shared.money import Money

from .domain.texts import pick
from .models import Category, ProductImage, Variant


@dataclass(frozen=True)
class ItemSummary:
    variant_id: str
    product_id: str
    merchant_id: str
    category_id: str
    title: dict[str, str]  # the product's title by language (zh-Hans, en)
    price: Money  # the list price: the same for everyone at this moment
    image_url: str  # the first uploaded image, "" when the product has none
    in_stock: bool
    sellable: bool  # active variant, active product, active merchant

    def title_in(self, language: str) -> str:
        return pick(self.title, language)


def summaries_for(variant_ids: Iterable[str]) -> dict[str, ItemSummary]:
    """Summaries of the given variants (unknown ids are left out): one query whatever the number."""
    wanted = {v for v in variant_ids if v}
    if not wanted:
        return {}
    first_image = (ProductImage.objects.filter(product_id=OuterRef("product_id")).order_by("position", "id")
                   .values("file")[:1])
    rows = Variant.objects.filter(pk__in=wanted).annotate(image=Subquery(first_image)).values_list(
        "id", "product_id", "merchant_id", "product__category_id", "product__title", "price_amount", "currency",
        "available", "is_active", "product__status", "product__merchant_active", "image")
    storage = ProductImage._meta.get_field("file").storage
    summaries = {}
    for vid, pid, mid, cid, title, amount, currency, available, active, status, merchant_active, image in rows:
        sellable = bool(active and status == "active" and merchant_active)
        summaries[vid] = ItemSummary(
            variant_id=vid, product_id=pid, merchant_id=mid, category_id=cid, title=dict(title or {}),
            price=Money(amount, currency), image_url=storage.url(image) if image else "",
            in_stock=sellable and available > 0, sellable=sellable)
    return summaries


def sellable_variant_ids() -> list[str]:
    """Every variant a shopper can buy now (the items a model may recommend)."""
    return list(Variant.objects.filter(is_active=True, product__status="active", product__merchant_active=True)
                .order_by("id").values_list("id", flat=True))


def variant_product(variant_id: str) -> str | None:
    """The product of a variant, None when the variant does not exist."""
    return Variant.objects.filter(pk=variant_id).values_list("product_id", flat=True).first()


def item_texts(*, chunk_size: int = 2000) -> Iterator[tuple[str, str]]:
    """(variant id, its words: titles, description, category names, attributes) of every sellable variant, for
    content similarity of items nobody has bought yet. Streamed: a large catalogue is never held twice."""
    categories = {cid: " ".join(str(v) for v in (name or {}).values())
                  for cid, name in Category.objects.values_list("id", "name")}
    rows = (Variant.objects.filter(is_active=True, product__status="active", product__merchant_active=True)
            .order_by("id").values_list("id", "product__title", "product__description", "product__category_id",
                                        "attributes"))
    for vid, title, description, category_id, attributes in rows.iterator(chunk_size=chunk_size):
        words = [*(title or {}).values(), *(description or {}).values(), categories.get(category_id, ""),
                 *(f"{k} {v}" for k, v in (attributes or {}).items())]
        yield vid, " ".join(str(w) for w in words if w)
