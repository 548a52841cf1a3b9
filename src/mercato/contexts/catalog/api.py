"""Catalog endpoints: categories, products, variants."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, field_validator

from mercato.contexts.merchants import public as merchants
from mercato.shared.api_auth import operator_auth, optional_auth, user_auth
from mercato.shared.api_types import ListQuery, MoneyIn, MoneyOut, line, text
from mercato.shared.money import Money
from mercato.shared.pagination import parse_page

from . import selectors, services
from .domain.texts import normalise_language, pick
from .models import Product, Variant

router = Router(tags=["catalog"])

LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", max_length=12)]
Title = line(200) | Annotated[dict[LanguageTag, line(200)], Field(min_length=1, max_length=10)]  # type: ignore[misc]
Description = text(5000) | Annotated[dict[LanguageTag, text(5000)], Field(max_length=10)]  # type: ignore[misc]
AttributeName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f\x7f]+$")]


def _checked_price(value: MoneyIn) -> MoneyIn:
    money = value.to_money()
    if money.amount < 0 or money.amount > Decimal("10000000"):
        raise ValueError("price must be between 0 and 10,000,000")
    return value


class CategoryIn(Schema):
    name: Title  # type: ignore[valid-type]
    parent_id: str | None = Field(None, max_length=32)
    slug: str | None = Field(None, max_length=80, pattern=r"^[a-z0-9-]+$")


class CategoryOut(Schema):
    id: str
    slug: str
    name: dict[str, str]
    parent_id: str | None


class CategoryPatch(Schema):
    name: Title | None = None  # type: ignore[valid-type]
    parent_id: str | None = Field(None, max_length=32)
    position: int | None = Field(None, ge=0, le=100_000)


class CollectionIn(Schema):
    name: Title  # type: ignore[valid-type]
    product_ids: list[str] = Field(default_factory=list, max_length=500)


class CollectionOut(Schema):
    id: str
    merchant_id: str
    name: dict[str, str]
    product_ids: list[str]


class VariantIn(Schema):
    sku: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/-]+$")
    price: MoneyIn
    gtin: str | None = Field(None, pattern=r"^\d{8}$|^\d{12,14}$")
    attributes: dict[AttributeName, line(100)] = Field(default_factory=dict, max_length=30)  # type: ignore[valid-type]
    weight_grams: int = Field(0, ge=0, le=1_000_000)
    is_custom_made: bool = False
    is_perishable: bool = False

    @field_validator("price")
    @classmethod
    def price_is_money(cls, value: MoneyIn) -> MoneyIn:
        return _checked_price(value)

    def data(self) -> services.VariantData:
        return services.VariantData(
            sku=self.sku, price=self.price.to_money(), gtin=self.gtin or "", attributes=self.attributes,
            weight_grams=self.weight_grams, is_custom_made=self.is_custom_made, is_perishable=self.is_perishable,
        )


class ProductIn(Schema):
    title: Title  # type: ignore[valid-type]
    description: Description = ""  # type: ignore[valid-type]
    category: str = Field(min_length=1, max_length=80)
    variants: list[VariantIn] = Field(min_length=1, max_length=100)


class VariantPriceIn(Schema):
    id: str = Field(max_length=32)
    price: MoneyIn

    @field_validator("price")
    @classmethod
    def price_is_money(cls, value: MoneyIn) -> MoneyIn:
        return _checked_price(value)


class ProductPatch(Schema):
    title: Title | None = None  # type: ignore[valid-type]
    description: Description | None = None  # type: ignore[valid-type]
    category: str | None = Field(None, max_length=80)
    status: str | None = Field(None, pattern=r"^(active|archived)$")
    variants: list[VariantPriceIn] = Field(default_factory=list, max_length=100)
    new_variants: list[VariantIn] = Field(default_factory=list, max_length=100)


class VariantOut(Schema):
    id: str
    sku: str
    gtin: str | None
    price: MoneyOut
    attributes: dict[str, Any]
    weight_grams: int
    is_custom_made: bool
    is_perishable: bool
    available: int


class ProductOut(Schema):
    id: str
    merchant_id: str
    category_id: str
    title: str
    description: str
    translations: dict[str, dict[str, str]]
    status: str
    price_from: MoneyOut
    in_stock: bool
    variants: list[VariantOut]
    created_at: str


class ProductList(Schema):
    items: list[ProductOut]
    next_cursor: str | None


class ProductQuery(ListQuery):
    q: str | None = Field(None, max_length=100)
    category: str | None = Field(None, max_length=80)
    merchant: str | None = Field(None, max_length=32)
    min_price: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    max_price: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    in_stock: bool | None = None
    lang: str | None = Field(None, max_length=20)


def _variant_out(v: Variant) -> VariantOut:
    return VariantOut(
        id=v.id, sku=v.sku, gtin=v.gtin or None, price=MoneyOut.of(Money.of(v.price_amount, v.currency)),
        attributes=v.attributes, weight_grams=v.weight_grams, is_custom_made=v.is_custom_made,
        is_perishable=v.is_perishable, available=max(v.available, 0),
    )


def product_out(p: Product, language: str) -> ProductOut:
    variants = [v for v in p.variants.all()]
    return ProductOut(
        id=p.id, merchant_id=p.merchant_id, category_id=p.category_id, title=pick(p.title, language),
        description=pick(p.description, language),
        translations={"title": p.title, "description": p.description}, status=p.status,
        price_from=MoneyOut.of(Money.of(p.min_price, p.currency)),
        in_stock=any(v.available > 0 and v.is_active for v in variants),
        variants=[_variant_out(v) for v in variants], created_at=p.created_at.isoformat(),
    )


def _language(request: HttpRequest, explicit: str | None = None) -> str:
    return normalise_language(explicit or request.GET.get("lang") or request.headers.get("Accept-Language"))


@router.get("/categories", response=dict[str, list[dict[str, Any]]], auth=None)
def categories(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    return {"items": selectors.categories_tree()}


@router.post("/categories", response={201: CategoryOut}, auth=operator_auth)
def category_create(request: HttpRequest, payload: CategoryIn) -> Status[CategoryOut]:
    c = services.category_create(name=payload.name, parent_id=payload.parent_id, slug=payload.slug,
                                 actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, CategoryOut(id=c.id, slug=c.slug, name=c.name, parent_id=c.parent_id))


@router.patch("/categories/{category_id}", response=CategoryOut, auth=operator_auth)
def category_update(request: HttpRequest, category_id: str, payload: CategoryPatch) -> CategoryOut:
    c = services.category_update(category_id=category_id, name=payload.name, parent_id=payload.parent_id,
                                 position=payload.position, actor=request.auth)  # type: ignore[attr-defined]
    return CategoryOut(id=c.id, slug=c.slug, name=c.name, parent_id=c.parent_id)


def _collection_out(c: Any) -> CollectionOut:
    return CollectionOut(id=c.id, merchant_id=c.merchant_id, name=c.name, product_ids=[p.id for p in c.products.all()])


@router.post("/collections", response={201: CollectionOut}, auth=user_auth)
def collection_create(request: HttpRequest, payload: CollectionIn) -> Status[CollectionOut]:
    c = services.collection_create(name=payload.name, product_ids=payload.product_ids,
                                   actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, _collection_out(c))


@router.get("/merchants/{merchant_id}/collections", response=dict[str, list[CollectionOut]], auth=None)
def collection_list(request: HttpRequest, merchant_id: str) -> dict[str, list[CollectionOut]]:
    return {"items": [_collection_out(c) for c in selectors.collections_of(merchant_id)]}


class CommissionIn(Schema):
    rate: Decimal = Field(ge=0, le=1, max_digits=5, decimal_places=4)
    merchant_id: str | None = Field(None, min_length=1, max_length=32)
    category_id: str | None = Field(None, min_length=1, max_length=80, description="category id or slug")


@router.post("/commission-rates", response={204: None}, auth=operator_auth, tags=["merchants"])
def commission_set(request: HttpRequest, payload: CommissionIn) -> Status[None]:
    """Set a commission rate for a merchant, a category, both, or (neither) the platform default."""
    category_id = selectors.category_resolve(payload.category_id, field_name="category_id").id \
        if payload.category_id else None
    if payload.merchant_id:
        merchants.merchant_get(payload.merchant_id)
    merchants.commission_rate_set(rate=payload.rate, merchant_id=payload.merchant_id, category_id=category_id,
                                  actor=request.auth)  # type: ignore[attr-defined]
    return Status(204, None)


@router.post("/products", response={201: ProductOut}, auth=user_auth)
def product_create(request: HttpRequest, payload: ProductIn) -> Status[ProductOut]:
    actor = request.auth  # type: ignore[attr-defined]
    product_id = services.product_create(
        title=payload.title, description=payload.description, category_id=payload.category,
        variants=[v.data() for v in payload.variants], actor=actor,
    )
    product = selectors.product_detail(product_id, include_hidden_for_merchant=_own_merchant(actor))
    return Status(201, product_out(product, _language(request)))


@router.patch("/products/{product_id}", response=ProductOut, auth=user_auth)
def product_update(request: HttpRequest, product_id: str, payload: ProductPatch) -> ProductOut:
    actor = request.auth  # type: ignore[attr-defined]
    services.product_update(
        product_id=product_id, actor=actor, title=payload.title, description=payload.description,
        category_id=payload.category, status=payload.status,
        variant_prices={v.id: v.price.to_money() for v in payload.variants},
        new_variants=[v.data() for v in payload.new_variants],
    )
    product = selectors.product_detail(product_id, include_hidden_for_merchant=_own_merchant(actor))
    return product_out(product, _language(request))


@router.get("/products", response=ProductList, auth=None)
def product_list(request: HttpRequest, query: Query[ProductQuery]) -> ProductList:
    filters = selectors.ProductFilters(q=query.q, category=query.category, merchant=query.merchant,
                                       min_price=query.min_price, max_price=query.max_price,
                                       in_stock=query.in_stock)
    rows, cursor = selectors.products_list(filters, parse_page(query.limit, query.cursor))
    language = _language(request, query.lang)
    return ProductList(items=[product_out(p, language) for p in rows], next_cursor=cursor)


@router.get("/products/{product_id}", response=ProductOut, auth=optional_auth)
def product_get(request: HttpRequest, product_id: str) -> ProductOut:
    product = selectors.product_detail(product_id, include_hidden_for_merchant=_own_merchant(request.auth))  # type: ignore[attr-defined]
    return product_out(product, _language(request))


def _own_merchant(actor: Any) -> str | None:
    membership = merchants.membership_for(actor.user_id) if actor and actor.user_id else None
    return membership.merchant_id if membership else None
