"""What the search index needs to know about products (read-only feed for the search context).

Prices are the catalogue's public prices (the same for everyone); nothing here depends on who is looking.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch

from mercato.contexts.merchants import public as merchants

from .models import Category, Product, Variant
from .selectors import category_chain


@dataclass(frozen=True)
class CategoryRef:
    id: str
    slug: str
    name: dict[str, str]


@dataclass(frozen=True)
class SearchDocument:
    product_id: str
    merchant_id: str
    merchant_name: str
    title: dict[str, str]
    description: dict[str, str]
    attributes: tuple[str, ...]  # attribute values of the active variants, e.g. "曜石黑 / Obsidian Black"
    skus: tuple[str, ...]
    categories: tuple[CategoryRef, ...]  # the product's category first, then its ancestors
    cheapest_variant_id: str
    min_price: Decimal
    max_price: Decimal
    currency: str
    in_stock: bool
    rating: Decimal | None  # no review data in the catalogue yet
    created_at: datetime
    visible: bool  # active product of an active merchant with at least one active variant


def _categories() -> tuple[dict[str, CategoryRef], dict[str, str | None]]:
    rows = list(Category.objects.values_list("id", "slug", "name", "parent_id"))
    refs = {cid: CategoryRef(id=cid, slug=slug, name=dict(name)) for cid, slug, name, _ in rows}
    return refs, {cid: parent for cid, _, _, parent in rows}


def _document(product: Product, names: dict[str, str], refs: dict[str, CategoryRef],
              parents: dict[str, str | None]) -> SearchDocument:
    variants = [v for v in product.variants.all() if v.is_active]
    cheapest = min(variants, key=lambda v: (v.price_amount, v.sku)) if variants else None
    prices = [v.price_amount for v in variants] or [product.min_price]
    attributes = sorted({str(value) for v in variants for value in (v.attributes or {}).values()})
    return SearchDocument(
        product_id=product.id, merchant_id=product.merchant_id, merchant_name=names.get(product.merchant_id, ""),
        title=dict(product.title), description=dict(product.description), attributes=tuple(attributes),
        skus=tuple(v.sku for v in variants),
        categories=tuple(refs[c] for c in category_chain(product.category_id, parents) if c in refs),
        cheapest_variant_id=cheapest.id if cheapest else "", min_price=min(prices), max_price=max(prices),
        currency=product.currency, in_stock=any(v.available > 0 for v in variants), rating=None,
        created_at=product.created_at,
        visible=product.status == "active" and product.merchant_active and cheapest is not None,
    )


def _documents(product_ids: Iterable[str] | None, refs: dict[str, CategoryRef],
               parents: dict[str, str | None]) -> list[SearchDocument]:
    qs = Product.objects.prefetch_related(Prefetch("variants", queryset=Variant.objects.order_by("sku")))
    if product_ids is not None:
        qs = qs.filter(pk__in=set(product_ids))
    products = list(qs.order_by("pk"))
    names = merchants.merchant_names({p.merchant_id for p in products}) if products else {}
    return [_document(p, names, refs, parents) for p in products]


def documents_for(product_ids: Iterable[str]) -> list[SearchDocument]:
    """The documents of some products (unknown ids are simply absent: the product was deleted)."""
    refs, parents = _categories()
    return _documents(list(product_ids), refs, parents)


def documents_all(batch_size: int = 500) -> Iterator[list[SearchDocument]]:
    """Every product, in batches (a full rebuild)."""
    refs, parents = _categories()
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield _documents(ids[start:start + batch_size], refs, parents)


def product_ids_of_variants(variant_ids: Iterable[str]) -> dict[str, str]:
    """variant id → product id."""
    return dict(Variant.objects.filter(pk__in=set(variant_ids)).values_list("pk", "product_id"))


def product_ids_of_merchant(merchant_id: str) -> list[str]:
    return list(Product.objects.filter(merchant_id=merchant_id).values_list("pk", flat=True))


def has_products() -> bool:
    return Product.objects.exists()
