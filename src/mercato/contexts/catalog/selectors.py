"""Catalog queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from mercato.shared.errors import NotFound, ValidationFailed
from mercato.shared.money import Money
from mercato.shared.pagination import Page, encode_cursor, paginate_desc

from .contracts import VariantForSale
from .models import Category, Product, StoreCollection, Variant


def category_resolve(ref: str, *, field_name: str = "parent_id") -> Category:
    """A category by id or slug."""
    category = Category.objects.filter(Q(pk=ref) | Q(slug=ref)).first()
    if category is None:
        raise ValidationFailed.on(field_name, f"no category {ref!r}")
    return category


PARENTS_CACHE_KEY = "catalog:category-parents"


def _category_parents() -> dict[str, str | None]:
    """The tree as child → parent, cached (the taxonomy changes rarely; its commands clear the cache)."""
    parents: dict[str, str | None] | None = cache.get(PARENTS_CACHE_KEY)
    if parents is None:
        parents = dict(Category.objects.values_list("id", "parent_id"))
        cache.set(PARENTS_CACHE_KEY, parents, timeout=300)
    return parents


def forget_category_tree() -> None:
    cache.delete(PARENTS_CACHE_KEY)


def category_chain(category_id: str, parents: dict[str, str | None] | None = None) -> tuple[str, ...]:
    """The category and its ancestors, most specific first."""
    parents = parents if parents is not None else _category_parents()
    chain: list[str] = []
    current: str | None = category_id
    while current and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return tuple(chain)


def category_descendants(category_id: str) -> set[str]:
    parents = _category_parents()
    return {c for c in parents if category_id in category_chain(c, parents)}


def categories_tree() -> list[dict[str, Any]]:
    rows = list(Category.objects.order_by("position", "slug").values("id", "slug", "name", "parent_id"))
    by_id: dict[str, dict[str, Any]] = {r["id"]: {**r, "children": []} for r in rows}
    roots: list[dict[str, Any]] = []
    for node in by_id.values():
        parent = by_id.get(node["parent_id"]) if node["parent_id"] else None
        (parent["children"] if parent else roots).append(node)
    return roots


@dataclass(frozen=True)
class ProductFilters:
    q: str | None = None
    category: str | None = None
    merchant: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool | None = None


def _storefront() -> QuerySet[Product]:
    return Product.objects.filter(status="active", merchant_active=True)


PRICE_ORDERS = {"price_asc": False, "price_desc": True}  # sort name → descending?


def products_list(filters: ProductFilters, page: Page, order: str = "newest") -> tuple[list[Product], str | None]:
    """Products on sale, newest first unless ``order`` is price_asc or price_desc."""
    if order != "newest" and order not in PRICE_ORDERS:
        raise ValidationFailed.on("order", "must be newest, price_asc or price_desc")
    qs = _storefront()
    if filters.q:
        for word in filters.q.lower().split()[:8]:
            qs = qs.filter(search_text__contains=word)
    if filters.category:
        root = category_resolve(filters.category, field_name="category")
        qs = qs.filter(category_id__in=category_descendants(root.id))
    if filters.merchant:
        qs = qs.filter(merchant_id=filters.merchant)
    if filters.min_price is not None or filters.max_price is not None:
        # One active variant must fall inside the whole range (two filters would join twice and mix variants).
        in_range = Variant.objects.filter(product=OuterRef("pk"), is_active=True)
        if filters.min_price is not None:
            in_range = in_range.filter(price_amount__gte=filters.min_price)
        if filters.max_price is not None:
            in_range = in_range.filter(price_amount__lte=filters.max_price)
        qs = qs.filter(Exists(in_range))
    if filters.in_stock:
        qs = qs.filter(Exists(Variant.objects.filter(product=OuterRef("pk"), is_active=True, available__gt=0)))
    qs = qs.prefetch_related(Prefetch("variants", queryset=Variant.objects.filter(is_active=True).order_by("sku")))
    if order in PRICE_ORDERS:
        return _paginate_by_price(qs, page, descending=PRICE_ORDERS[order])
    return paginate_desc(qs, page)


def _paginate_by_price(qs: QuerySet[Product], page: Page, *, descending: bool) -> tuple[list[Product], str | None]:
    """Keyset pagination on (lowest price, id): the cursor holds the last row's price and id."""
    if page.after_id:
        price_text, _, last_id = page.after_id.partition("|")
        try:
            price = Decimal(price_text)
        except InvalidOperation:
            price = Decimal("NaN")
        if not price.is_finite() or not last_id:
            raise ValidationFailed.on("cursor", "is not a cursor this API issued")
        beyond = "lt" if descending else "gt"
        qs = qs.filter(Q(**{f"min_price__{beyond}": price}) | Q(min_price=price, **{f"pk__{beyond}": last_id}))
    sign = "-" if descending else ""
    rows = list(qs.order_by(f"{sign}min_price", f"{sign}pk")[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return rows, (encode_cursor(f"{rows[-1].min_price}|{rows[-1].pk}") if more and rows else None)


def product_detail(product_id: str, *, include_hidden_for_merchant: str | None = None) -> Product:
    qs = Product.objects.prefetch_related(Prefetch("variants", queryset=Variant.objects.order_by("sku")))
    product = qs.filter(pk=product_id).first()
    visible = product is not None and (
        (product.status == "active" and product.merchant_active)
        or product.merchant_id == include_hidden_for_merchant
    )
    if not visible:
        raise NotFound.of("product", product_id)
    return product  # type: ignore[return-value]


def variants_for_sale(variant_ids: Iterable[str]) -> dict[str, VariantForSale]:
    rows = Variant.objects.filter(pk__in=set(variant_ids)).select_related("product")
    parents = _category_parents()
    return {
        v.id: VariantForSale(
            variant_id=v.id, product_id=v.product_id, merchant_id=v.merchant_id, sku=v.sku,
            title=v.product.title, price=Money.of(v.price_amount, v.currency),
            category_chain=category_chain(v.product.category_id, parents),
            is_custom_made=v.is_custom_made, is_perishable=v.is_perishable, weight_grams=v.weight_grams,
            sellable=v.is_active and v.product.status == "active" and v.product.merchant_active,
            available=max(v.available, 0), gtin=v.gtin,
        )
        for v in rows
    }


def variants_by_gtin(gtin14s: Iterable[str]) -> dict[str, VariantForSale]:
    """Variants whose GTIN, padded to 14 digits, is one of `gtin14s` (GTIN-8/12/13 are stored unpadded)."""
    wanted = {g for g in gtin14s if len(g) == 14 and g.isdigit()}
    stored = {g[14 - width:] for g in wanted for width in (8, 12, 13, 14) if set(g[:14 - width]) <= {"0"}}
    ids = Variant.objects.filter(gtin__in=stored).values_list("id", flat=True)
    return {v.gtin.zfill(14): v for v in variants_for_sale(ids).values()}


def variant_merchant(variant_id: str) -> str | None:
    return Variant.objects.filter(pk=variant_id).values_list("merchant_id", flat=True).first()


def collections_of(merchant_id: str) -> list[StoreCollection]:
    return list(StoreCollection.objects.filter(merchant_id=merchant_id).prefetch_related("products").order_by("id"))
