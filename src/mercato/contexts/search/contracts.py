"""What crosses the search wall (frozen, never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mercato.shared.money import Money

SORTS = ("relevance", "price_asc", "price_desc", "newest", "sales")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    category: str | None = None  # id or slug; its sub-categories count too
    merchant: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0
    language: str = "zh-Hans"


@dataclass(frozen=True)
class SearchHit:
    product_id: str
    variant_id: str
    title: dict[str, str]
    price: Money  # the catalogue's public price of the cheapest variant: the same for every shopper
    merchant_id: str
    merchant_name: str
    category_id: str
    in_stock: bool
    rating: Decimal | None
    sales: int
    score: float


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    parent: str | None = None


@dataclass(frozen=True)
class Facets:
    category: list[FacetValue] = field(default_factory=list)
    price: list[FacetValue] = field(default_factory=list)
    merchant: list[FacetValue] = field(default_factory=list)
    in_stock: list[FacetValue] = field(default_factory=list)
    rating: list[FacetValue] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    facets: Facets
    total: int
    next_offset: int | None
    did_you_mean: str | None = None  # the query with its spelling fixed, when a word was unknown
    relaxed: str | None = None  # the looser query that found these results when the strict one found none
    strict_total: int = 0  # matches of the query as typed (0: a zero-result query)
    engine: str = ""


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # "word" (completes the last word) or "product"
    product_id: str | None = None


@dataclass(frozen=True)
class ZeroResultView:
    query: str
    times: int
    suggestion: str | None
    in_shop: bool  # searched within one shop (else across the market)
    last_seen_at: str
