"""Search endpoints: full-text search with facets, and autocomplete. Anyone may search; prices are the
catalogue's public prices whoever asks (the shopper's identity only goes into the SearchPerformed event)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field, field_validator

from mercato.contexts.merchants import public as merchants
from mercato.shared.api_auth import optional_auth, user_auth
from mercato.shared.api_types import MoneyOut, line
from mercato.shared.errors import ValidationFailed
from mercato.shared.pagination import encode_cursor, parse_page

from . import selectors, services
from .contracts import SORTS, FacetValue, SearchQuery, SearchResult

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field("", max_length=100)
    category: str | None = Field(None, max_length=80, description="category id or slug")
    merchant: str | None = Field(None, max_length=32, pattern=r"^[a-z]{2,5}_[0-9a-z]{1,40}$")
    min_price: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    max_price: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    in_stock: bool = False
    sort: str = Field("relevance", description=" | ".join(SORTS))
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=200)
    lang: str | None = Field(None, max_length=20)

    @field_validator("q")
    @classmethod
    def printable(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("must not contain control characters")
        return value.strip()


class HitOut(Schema):
    product_id: str
    variant_id: str
    title: str
    translations: dict[str, str]
    price: MoneyOut
    merchant_id: str
    merchant_name: str
    category_id: str
    in_stock: bool
    rating: str | None
    sales: int


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool
    parent: str | None = None


class FacetsOut(Schema):
    category: list[FacetValueOut]
    price: list[FacetValueOut]
    merchant: list[FacetValueOut]
    in_stock: list[FacetValueOut]
    rating: list[FacetValueOut]


class SearchOut(Schema):
    items: list[HitOut]
    facets: FacetsOut
    total: int
    next_cursor: str | None
    did_you_mean: str | None
    relaxed_query: str | None = Field(None, description="the looser query that answered when nothing matched")
    engine: str


class SuggestionOut(Schema):
    text: str
    kind: str
    product_id: str | None


class SuggestOut(Schema):
    items: list[SuggestionOut]


def language_of(request: HttpRequest, explicit: str | None) -> str:
    tag = (explicit or request.headers.get("Accept-Language") or "").strip().lower()
    return "en" if tag.startswith("en") else "zh-Hans"


def offset_of(cursor: str | None) -> int:
    after = parse_page(1, cursor).after_id
    if after is None:
        return 0
    if not (after.startswith("o") and after[1:].isdigit()):
        raise ValidationFailed.on("cursor", "is not a cursor this API issued")
    return int(after[1:])


def _values(values: list[FacetValue]) -> list[FacetValueOut]:
    return [FacetValueOut(value=v.value, label=v.label, count=v.count, selected=v.selected, parent=v.parent)
            for v in values]


def search_out(result: SearchResult, language: str) -> SearchOut:
    f = result.facets
    return SearchOut(
        items=[HitOut(product_id=h.product_id, variant_id=h.variant_id,
                      title=h.title.get(language) or h.title.get("zh-Hans") or "", translations=h.title,
                      price=MoneyOut.of(h.price), merchant_id=h.merchant_id, merchant_name=h.merchant_name,
                      category_id=h.category_id, in_stock=h.in_stock,
                      rating=f"{h.rating:f}" if h.rating is not None else None, sales=h.sales)
               for h in result.hits],
        facets=FacetsOut(category=_values(f.category), price=_values(f.price), merchant=_values(f.merchant),
                         in_stock=_values(f.in_stock), rating=_values(f.rating)),
        total=result.total,
        next_cursor=encode_cursor(f"o{result.next_offset}") if result.next_offset is not None else None,
        did_you_mean=result.did_you_mean, relaxed_query=result.relaxed, engine=result.engine,
    )


@router.get("/search", response=SearchOut, auth=optional_auth)
def search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    """Full-text search over titles, descriptions, attributes, categories and shop names (zh and en), with
    facet counts, filters and sorting. A query that finds nothing is retried looser (see relaxed_query)."""
    if params.sort not in SORTS:
        raise ValidationFailed.on("sort", f"must be one of {', '.join(SORTS)}")
    language = language_of(request, params.lang)
    query = SearchQuery(text=params.q, category=params.category, merchant=params.merchant,
                        min_price=params.min_price, max_price=params.max_price, in_stock=params.in_stock,
                        sort=params.sort, limit=params.limit, offset=offset_of(params.cursor), language=language)
    services.index_ensure()
    result = selectors.search(query)
    actor: Any = request.auth  # type: ignore[attr-defined]
    services.search_performed(query=query, result=result, shopper_id=actor.user_id, session_key=None)
    return search_out(result, language)


class SuggestParams(Schema):
    q: line(100) = Field(description="what the shopper has typed so far")  # type: ignore[valid-type]
    limit: int = Field(8, ge=1, le=20)
    lang: str | None = Field(None, max_length=20)


@router.get("/search/suggest", response=SuggestOut, auth=None)
def suggest(request: HttpRequest, params: Query[SuggestParams]) -> SuggestOut:
    """Autocomplete: completions of the last word, then matching products."""
    found = selectors.suggest(params.q, limit=params.limit, language=language_of(request, params.lang))
    return SuggestOut(items=[SuggestionOut(text=s.text, kind=s.kind, product_id=s.product_id) for s in found])


class ZeroResultOut(Schema):
    query: str
    times: int
    suggestion: str | None
    in_shop: bool
    last_seen_at: str


@router.get("/search/zero-result-queries", response=dict[str, list[ZeroResultOut]], auth=user_auth)
def zero_results(request: HttpRequest) -> dict[str, list[ZeroResultOut]]:
    """Queries that found nothing: all of them for operators; for merchant staff, those in their shop and
    across the market (what shoppers want and nobody sells). Query texts only, never who searched."""
    actor: Any = request.auth  # type: ignore[attr-defined]
    merchant_id = None if actor.is_operator else merchants.staff_membership(actor.user_id).merchant_id
    return {"items": [ZeroResultOut(**vars(z)) for z in selectors.zero_result_queries(merchant_id=merchant_id)]}
