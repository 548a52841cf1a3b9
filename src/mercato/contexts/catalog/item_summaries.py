"""Product and variant summaries for the recommendation placements (read-only feed).

The price is the one the catalogue shows everyone: the variant's list price. A flash sale's price is a separate
offer bought through the sale (the flash-sales context, downstream of the catalogue), so the catalogue cannot
and does not know it here. Nothing in this module takes a shopper: a summary is the same for every caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from mercato.shared.money import Money

from .domain.texts import pick
from .models import Category, Product, ProductImage, Variant

CENTS = Decimal("0.01")  # amount_field's two decimal places


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


def _summaries_sql(count: int) -> str:
    """One statement for the hot path (every placement reads it): written out, so that no ORM compilation is
    paid per request. Plain SQL that SQLite and PostgreSQL both run."""
    variant, product, image = Variant._meta.db_table, Product._meta.db_table, ProductImage._meta.db_table
    return (f"SELECT v.id, v.product_id, v.merchant_id, p.category_id, p.title, v.price_amount, v.currency, "
            f"v.available, v.is_active, p.status, p.merchant_active, "
            f"(SELECT i.file FROM {image} i WHERE i.product_id = v.product_id ORDER BY i.position, i.id LIMIT 1) "
            f"FROM {variant} v JOIN {product} p ON p.id = v.product_id "
            f"WHERE v.id IN ({', '.join(['%s'] * count)})")


def summaries_for(variant_ids: Iterable[str]) -> dict[str, ItemSummary]:
    """Summaries of the given variants (unknown ids are left out): one query whatever the number."""
    wanted = sorted({v for v in variant_ids if v})
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_summaries_sql(len(wanted)), wanted)
        rows = cursor.fetchall()
    storage = ProductImage._meta.get_field("file").storage
    summaries = {}
    for vid, pid, mid, cid, title, amount, currency, available, active, status, merchant_active, image in rows:
        sellable = bool(active and status == "active" and merchant_active)
        summaries[vid] = ItemSummary(
            variant_id=vid, product_id=pid, merchant_id=mid, category_id=cid, title=_texts(title),
            price=Money(_decimal(amount), currency), image_url=storage.url(image) if image else "",
            in_stock=sellable and available > 0, sellable=sellable)
    return summaries


def _texts(value: object) -> dict[str, str]:
    """A JSON column as the driver gives it: already decoded (PostgreSQL) or as text (SQLite)."""
    decoded = json.loads(value) if isinstance(value, str | bytes) else value
    return {str(k): str(v) for k, v in decoded.items()} if isinstance(decoded, dict) else {}


def _decimal(value: object) -> Decimal:
    """The amount column exactly as stored, with its two decimal places (SQLite may hand back a float)."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(CENTS)


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
