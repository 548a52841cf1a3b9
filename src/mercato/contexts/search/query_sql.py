"""The shared SQL behind a search: filters, one page with its total, and the facet counts.

An engine contributes only its MatchClause; everything else here runs unchanged on SQLite and PostgreSQL,
always in a fixed number of statements whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from .domain.facets import PRICE_BANDS, RATING_FLOORS
from .engines import MatchClause

ORDERS = {
    "relevance": "m.score DESC, m.sales DESC, m.doc_id DESC",
    "price_asc": "m.min_price ASC, m.doc_id ASC",
    "price_desc": "m.min_price DESC, m.doc_id DESC",
    "newest": "m.created_at DESC, m.doc_id DESC",
    "sales": "m.sales DESC, m.score DESC, m.doc_id DESC",
}


@dataclass(frozen=True)
class Filters:
    category_id: str | None = None
    category_ids: frozenset[str] = frozenset()  # category_id and its descendants
    merchant_id: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False


@dataclass(frozen=True)
class Row:
    product_id: str
    variant_id: str
    title: dict[str, str]
    min_price: Decimal
    currency: str
    merchant_id: str
    merchant_name: str
    category_id: str
    in_stock: bool
    rating: Decimal | None
    sales: int
    created_at: datetime
    score: float


@dataclass(frozen=True)
class FacetCounts:
    category_paths: list[tuple[str, int]]
    merchants: list[tuple[str, str, int]]
    price_bands: list[int]
    in_stock: int
    rating_floors: list[int]


def _where(match: MatchClause, filters: Filters) -> tuple[str, list[Any]]:
    clauses, params = ["p.visible = %s", match.where_sql], [True, *match.where_params]
    if filters.category_id:  # the category and its descendants (indexed), not a LIKE over every row
        ids = sorted(filters.category_ids or {filters.category_id})
        clauses.append(f"p.category_id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if filters.merchant_id:
        clauses.append("p.merchant_id = %s")
        params.append(filters.merchant_id)
    if filters.min_price is not None:  # some variant at or above the floor
        clauses.append("p.max_price >= %s")
        params.append(filters.min_price)
    if filters.max_price is not None:  # some variant at or below the ceiling
        clauses.append("p.min_price <= %s")
        params.append(filters.max_price)
    if filters.in_stock:
        clauses.append("p.in_stock = %s")
        params.append(True)
    return " AND ".join(clauses), params


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _title(value: Any) -> dict[str, str]:
    import json

    return dict(json.loads(value)) if isinstance(value, str) else dict(value or {})


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def page(match: MatchClause, filters: Filters, *, sort: str, limit: int, offset: int) -> tuple[list[Row], int]:
    """One page and the total number of matches (one statement; a second only past the last page)."""
    where, params = _where(match, filters)
    sql = (
        "SELECT m.*, COUNT(*) OVER () AS total FROM (SELECT p.product_id, p.cheapest_variant_id, p.title, "
        "p.min_price, p.currency, p.merchant_id, p.merchant_name, p.category_id, p.in_stock, p.rating, p.sales, "
        f"p.created_at, {match.score_sql} AS score, p.doc_id FROM {match.from_sql} WHERE {where}) m "
        f"ORDER BY {ORDERS[sort]} LIMIT %s OFFSET %s"
    )
    rows = _fetch(sql, [*match.score_params, *params, limit, offset])
    found = [
        Row(product_id=r[0], variant_id=r[1], title=_title(r[2]), min_price=_decimal(r[3]), currency=r[4],
            merchant_id=r[5], merchant_name=r[6], category_id=r[7], in_stock=bool(r[8]),
            rating=_decimal(r[9]) if r[9] is not None else None, sales=int(r[10]), created_at=_when(r[11]),
            score=float(r[12] or 0))
        for r in rows
    ]
    if rows:
        return found, int(rows[0][14])
    return found, count(match, filters) if offset else 0


def count(match: MatchClause, filters: Filters) -> int:
    where, params = _where(match, filters)
    return int(_fetch(f"SELECT COUNT(*) FROM {match.from_sql} WHERE {where}", params)[0][0])


def _sum_expressions() -> list[tuple[str, list[Any]]]:
    """One conditional count per price band, in stock, and rating floor (in FacetCounts order)."""
    found: list[tuple[str, list[Any]]] = []
    for low, high in PRICE_BANDS:
        if high is None:
            found.append(("m.price >= %s", [low]))
        else:
            found.append(("m.price >= %s AND m.price < %s", [low, high]))
    found.append(("m.stock = %s", [True]))
    found += [("m.rating >= %s", [floor]) for floor in RATING_FLOORS]
    return found


def facet_counts(match: MatchClause, filters: Filters) -> FacetCounts:
    """Counts over everything the query and filters match: one statement, the match computed once."""
    where, params = _where(match, filters)
    parts = ["SELECT 'c', m.path, '', COUNT(*) FROM m GROUP BY m.path",
             "SELECT 'm', m.shop, MAX(m.shop_name), COUNT(*) FROM m GROUP BY m.shop"]
    part_params: list[Any] = []
    for i, (condition, values) in enumerate(_sum_expressions()):
        parts.append(f"SELECT 's', '{i}', '', COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) FROM m")
        part_params += values
    sql = (f"WITH m AS MATERIALIZED (SELECT p.category_path AS path, p.merchant_id AS shop, "
           f"p.merchant_name AS shop_name, p.min_price AS price, p.in_stock AS stock, p.rating AS rating "
           f"FROM {match.from_sql} WHERE {where}) " + " UNION ALL ".join(parts))
    paths: list[tuple[str, int]] = []
    shops: list[tuple[str, str, int]] = []
    sums: dict[int, int] = {}
    for kind, key, label, n in _fetch(sql, [*params, *part_params]):
        if kind == "c":
            paths.append((str(key), int(n)))
        elif kind == "m":
            shops.append((str(key), str(label or ""), int(n)))
        else:
            sums[int(key)] = int(n or 0)
    totals = [sums.get(i, 0) for i in range(len(sums))]
    bands = len(PRICE_BANDS)
    return FacetCounts(
        category_paths=paths, merchants=sorted(shops, key=lambda s: (-s[2], s[0])),
        price_bands=totals[:bands], in_stock=totals[bands], rating_floors=totals[bands + 1:],
    )
