"""Catalog commands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.text import slugify

from mercato.contexts.merchants import public as merchants
from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mercato.shared.ids import new_id
from mercato.shared.money import Money

from .domain.gtin import is_valid_gtin
from .domain.texts import as_translations
from .events import ProductChanged
from .models import Category, Product, StoreCollection, Variant
from .selectors import category_chain, category_resolve, forget_category_tree


@dataclass(frozen=True)
class VariantData:
    sku: str
    price: Money
    gtin: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    weight_grams: int = 0
    is_custom_made: bool = False
    is_perishable: bool = False


@transaction.atomic
def category_create(*, name: str | Mapping[str, str], parent_id: str | None, slug: str | None,
                    actor: Actor) -> Category:
    if not actor.is_operator:
        raise Forbidden("only operators maintain the category tree")
    names = as_translations(name)
    parent = category_resolve(parent_id) if parent_id else None
    slug = slug or slugify(names.get("en", "")) or new_id("c")[-10:]
    if Category.objects.filter(slug=slug).exists():
        raise Conflict(f"a category with slug {slug!r} exists")
    category = Category.objects.create(parent=parent, slug=slug, name=names)
    forget_category_tree()
    transaction.on_commit(forget_category_tree)
    return category


@transaction.atomic
def category_update(*, category_id: str, actor: Actor, name: str | Mapping[str, str] | None = None,
                    parent_id: str | None = None, position: int | None = None) -> Category:
    """Rename or move a category; a category cannot move under itself or its own descendants."""
    if not actor.is_operator:
        raise Forbidden("only operators maintain the category tree")
    category = Category.objects.select_for_update().filter(pk=category_id).first()
    if category is None:
        raise NotFound.of("category", category_id)
    if name is not None:
        category.name = {**category.name, **as_translations(name)}
    if parent_id is not None:
        parent = category_resolve(parent_id)
        if category.id in category_chain(parent.id):
            raise ValidationFailed.on("parent_id", "a category cannot move under itself or its descendants")
        category.parent = parent
    if position is not None:
        category.position = position
    category.save()
    forget_category_tree()
    transaction.on_commit(forget_category_tree)
    return category


@transaction.atomic
def collection_create(*, name: str | Mapping[str, str], product_ids: Sequence[str], actor: Actor) -> StoreCollection:
    """A merchant groups some of its own products (e.g. "New arrivals")."""
    membership = merchants.staff_membership(actor.user_id)
    products = list(Product.objects.filter(pk__in=set(product_ids), merchant_id=membership.merchant_id))
    missing = set(product_ids) - {p.id for p in products}
    if missing:
        raise ValidationFailed.on("product_ids", f"not your products: {', '.join(sorted(missing))}")
    collection = StoreCollection.objects.create(merchant_id=membership.merchant_id, name=as_translations(name))
    collection.products.set(products)
    return collection


def _search_text(title: Mapping[str, str], description: Mapping[str, str], skus: Sequence[str]) -> str:
    return " ".join([*title.values(), *description.values(), *skus]).lower()


MAX_PRICE = Decimal("10000000")
PRODUCT_STATUSES = ("active", "archived")


def _check_price(price: Money, field: str) -> None:
    if not Decimal(0) <= price.amount <= MAX_PRICE:
        raise ValidationFailed.on(field, f"must be between 0 and {MAX_PRICE:,}")


def _check_variants(variants: Sequence[VariantData]) -> None:
    currencies = {v.price.currency for v in variants}
    if len(currencies) > 1:
        raise ValidationFailed.on("variants", "all variants of a product use one currency")
    seen: set[str] = set()
    for i, v in enumerate(variants):
        _check_price(v.price, f"variants.{i}.price")
        if v.gtin and not is_valid_gtin(v.gtin):
            raise ValidationFailed.on(f"variants.{i}.gtin", "is not a valid GTIN (length or check digit)")
        if v.sku in seen:
            raise ValidationFailed.on(f"variants.{i}.sku", "is repeated in this product")
        seen.add(v.sku)


@transaction.atomic
def product_create(
    *, title: str | Mapping[str, str], description: str | Mapping[str, str], category_id: str,
    variants: Sequence[VariantData], actor: Actor,
) -> str:
    membership = merchants.staff_membership(actor.user_id, must_sell=True)
    if not variants:
        raise ValidationFailed.on("variants", "a product needs at least one variant")
    _check_variants(variants)
    category = category_resolve(category_id, field_name="category")
    titles, descriptions = as_translations(title), as_translations(description)
    now = clock.now()
    product = Product.objects.create(
        merchant_id=membership.merchant_id, category=category, title=titles, description=descriptions,
        search_text=_search_text(titles, descriptions, [v.sku for v in variants]),
        merchant_active=True, min_price=min(v.price.amount for v in variants),
        currency=variants[0].price.currency, created_at=now, updated_at=now,
    )
    _variants_add(product, variants)
    events.publish(ProductChanged(product_id=product.id, merchant_id=product.merchant_id))
    return str(product.id)


def _variants_add(product: Product, variants: Sequence[VariantData]) -> None:
    try:
        with transaction.atomic():
            Variant.objects.bulk_create([
                Variant(product=product, merchant_id=product.merchant_id, sku=v.sku, gtin=v.gtin,
                        attributes=dict(v.attributes), weight_grams=v.weight_grams,
                        price_amount=v.price.amount, currency=v.price.currency,
                        is_custom_made=v.is_custom_made, is_perishable=v.is_perishable)
                for v in variants
            ])
    except IntegrityError:
        raise Conflict("a SKU of this product is already used by another of your products") from None


@transaction.atomic
def product_update(
    *, product_id: str, actor: Actor, title: str | Mapping[str, str] | None = None,
    description: str | Mapping[str, str] | None = None, category_id: str | None = None,
    status: str | None = None, variant_prices: Mapping[str, Money] | None = None,
    new_variants: Sequence[VariantData] = (),
) -> str:
    membership = merchants.staff_membership(actor.user_id)
    product = Product.objects.select_for_update().filter(pk=product_id, merchant_id=membership.merchant_id).first()
    if product is None:
        raise NotFound.of("product", product_id)
    if title is not None:
        product.title = {**product.title, **as_translations(title)}
    if description is not None:
        product.description = {**product.description, **as_translations(description)}
    if category_id is not None:
        product.category = category_resolve(category_id, field_name="category")
    if status is not None:
        if status not in PRODUCT_STATUSES:
            raise ValidationFailed.on("status", f"must be one of {', '.join(PRODUCT_STATUSES)}")
        product.status = status
    existing = {v.id: v for v in product.variants.all()}
    for variant_id, price in (variant_prices or {}).items():
        if variant_id not in existing:
            raise ValidationFailed.on("variants", f"variant {variant_id} is not part of this product")
        _check_price(price, "variants")
        if price.currency != product.currency:
            raise ValidationFailed.on("variants", f"prices of this product are in {product.currency}")
        existing[variant_id].price_amount = price.amount
        existing[variant_id].save(update_fields=["price_amount"])
    if new_variants:
        _check_variants([*new_variants])
        taken = {v.sku for v in existing.values()} & {v.sku for v in new_variants}
        if taken:
            raise ValidationFailed.on("new_variants", f"this product already has SKU {', '.join(sorted(taken))}")
        _variants_add(product, new_variants)
    prices = [v.price_amount for v in existing.values()] + [v.price.amount for v in new_variants]
    skus = [v.sku for v in existing.values()] + [v.sku for v in new_variants]
    product.min_price = min(prices)
    product.search_text = _search_text(product.title, product.description, skus)
    product.updated_at = clock.now()
    product.save()
    events.publish(ProductChanged(product_id=product.id, merchant_id=product.merchant_id))
    return str(product.id)


def availability_update(available_by_variant: Mapping[str, int]) -> None:
    """Inventory keeps the catalog's read model of availability in step (one UPDATE)."""
    if not available_by_variant:
        return
    Variant.objects.filter(pk__in=list(available_by_variant)).update(
        available=Case(*[When(pk=k, then=Value(v)) for k, v in available_by_variant.items()],
                       output_field=IntegerField())
    )
