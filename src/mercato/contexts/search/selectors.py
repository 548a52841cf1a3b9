"""Queries (reads): search with facets and fallbacks, autocomplete suggestions."""

from __future__ import annotations

from mercato.contexts.catalog import public as catalog
from mercato.shared.errors import ValidationFailed
from mercato.shared.money import Money

from . import query_sql, read_cache
from .contracts import Facets, FacetValue, SearchHit, SearchQuery, SearchResult, Suggestion, ZeroResultView
from .domain.analysis import last_word_is_partial, normalise
from .domain.facets import PRICE_BANDS, RATING_FLOORS, band_key
from .domain.query_plan import QueryPlan, relaxations
from .engines import engine
from .models import SearchTerm, ZeroResultQuery
from .planner import plan_query

MAX_OFFSET = 1000


def index_is_empty() -> bool:
    return not read_cache.index_ready()


def _category_id(ref: str | None) -> str | None:
    if not ref:
        return None
    known = read_cache.categories()
    found = ref if ref in known else next((cid for cid, (_, _, slug) in known.items() if slug == ref), None)
    if found is None:
        raise ValidationFailed.on("category", f"no category {ref!r}")
    return found


def _descendants(category_id: str | None) -> frozenset[str]:
    if category_id is None:
        return frozenset()
    known = read_cache.categories()
    found = {category_id}
    grew = True
    while grew:
        fresh = {cid for cid, (_, parent, _) in known.items() if parent in found and cid not in found}
        found |= fresh
        grew = bool(fresh)
    return frozenset(found)


def _label(names: dict[str, str], language: str) -> str:
    return names.get(language) or names.get("zh-Hans") or next(iter(names.values()), "")


def _category_facet(counts: list[tuple[str, int]], selected: str | None, language: str) -> list[FacetValue]:
    """Counts per category, every ancestor counting its descendants' products."""
    totals: dict[str, int] = {}
    for path, n in counts:
        for cid in path.strip("/").split("/"):
            if cid:
                totals[cid] = totals.get(cid, 0) + n
    known = read_cache.categories()
    values = [FacetValue(value=cid, label=_label(known[cid][0], language), count=n, selected=cid == selected,
                         parent=known[cid][1]) for cid, n in totals.items() if cid in known]
    return sorted(values, key=lambda v: (-v.count, v.label))


def _facets(counts: query_sql.FacetCounts, filters: query_sql.Filters, language: str) -> Facets:
    price = [FacetValue(value=band_key(low, high), label=band_key(low, high), count=n,
                        selected=filters.min_price == low and filters.max_price == high)
             for (low, high), n in zip(PRICE_BANDS, counts.price_bands, strict=True)]
    return Facets(
        category=_category_facet(counts.category_paths, filters.category_id, language),
        price=price,
        merchant=[FacetValue(value=m, label=name, count=n, selected=m == filters.merchant_id)
                  for m, name, n in counts.merchants],
        in_stock=[FacetValue(value="true", label="in stock", count=counts.in_stock, selected=filters.in_stock)],
        rating=[FacetValue(value=f"{floor:f}", label=f"{floor:f}+", count=n)
                for floor, n in zip(RATING_FLOORS, counts.rating_floors, strict=True)],
    )


def _hits(rows: list[query_sql.Row], *, current_prices: bool) -> list[SearchHit]:
    """Prices as the catalogue shows them to everyone right now (one query for the page), or as indexed from
    the same public catalogue when the caller reads the products itself."""
    current = catalog.variants_for_sale([r.variant_id for r in rows if r.variant_id]) \
        if rows and current_prices else {}
    hits = []
    for r in rows:
        variant = current.get(r.variant_id)
        price = variant.price if variant else Money.of(r.min_price, r.currency)
        hits.append(SearchHit(product_id=r.product_id, variant_id=r.variant_id, title=r.title, price=price,
                              merchant_id=r.merchant_id, merchant_name=r.merchant_name, category_id=r.category_id,
                              in_stock=variant.available > 0 if variant else r.in_stock, rating=r.rating,
                              sales=r.sales, score=r.score))
    return hits


def _filters(query: SearchQuery) -> query_sql.Filters:
    if query.sort not in query_sql.ORDERS:
        raise ValidationFailed.on("sort", f"must be one of {', '.join(query_sql.ORDERS)}")
    if not 0 <= query.offset <= MAX_OFFSET:
        raise ValidationFailed.on("cursor", "is not a cursor this API issued")
    if query.min_price is not None and query.max_price is not None and query.min_price > query.max_price:
        raise ValidationFailed.on("max_price", "must not be below min_price")
    category_id = _category_id(query.category)
    return query_sql.Filters(category_id=category_id, category_ids=_descendants(category_id),
                             merchant_id=query.merchant or None,
                             min_price=query.min_price, max_price=query.max_price, in_stock=query.in_stock)


def search(query: SearchQuery, *, with_facets: bool = True, with_prices: bool = True) -> SearchResult:
    """Strict match first; when nothing matches, the spelling fix is already part of the plan and the
    looser plans are tried in turn (the result says which one answered)."""
    filters = _filters(query)
    planned = plan_query(query.text)
    eng = engine()
    used: QueryPlan = planned.plan
    rows, total = query_sql.page(eng.match(used), filters, sort=query.sort, limit=query.limit, offset=query.offset)
    strict_total, relaxed = total, None
    if total == 0 and query.offset == 0:
        for looser in relaxations(planned.plan):
            rows, total = query_sql.page(eng.match(looser), filters, sort=query.sort, limit=query.limit, offset=0)
            if total:
                used, relaxed = looser, " ".join(looser.words()) if looser.require_all else \
                    " OR ".join(looser.words())
                break
    facets = _facets(query_sql.facet_counts(eng.match(used), filters), filters, query.language) \
        if with_facets and total else Facets()
    more = query.offset + len(rows) < total and query.offset + query.limit <= MAX_OFFSET
    return SearchResult(hits=_hits(rows, current_prices=with_prices), facets=facets, total=total,
                        next_offset=query.offset + query.limit if more else None,
                        did_you_mean=planned.did_you_mean(query.text), relaxed=relaxed,
                        strict_total=strict_total, engine=eng.name)


def suggest(text: str, *, limit: int = 8, language: str = "zh-Hans") -> list[Suggestion]:
    """Completions of the last word from the vocabulary, then products matching the words so far."""
    typed = normalise(text).strip()
    if not typed:
        return []
    found: list[Suggestion] = []
    if last_word_is_partial(text):
        head, _, last = typed.rpartition(" ")
        words = SearchTerm.objects.filter(term__startswith=last).exclude(term=last) \
            .order_by("-documents", "term").values_list("term", flat=True)[:limit // 2]
        found += [Suggestion(text=f"{head} {w}".strip(), kind="word") for w in words]
    planned = plan_query(text, autocomplete=True)
    if not planned.plan.empty:
        rows, _total = query_sql.page(engine().match(planned.plan), query_sql.Filters(), sort="relevance",
                                      limit=limit - len(found), offset=0)
        found += [Suggestion(text=_label(r.title, language), kind="product", product_id=r.product_id)
                  for r in rows]
    return found



def zero_result_queries(*, merchant_id: str | None, limit: int = 50) -> list[ZeroResultView]:
    """What shoppers looked for and did not find, most frequent first: everything for operators (merchant_id
    None); for a merchant, searches within its shop and across the whole market (query texts only)."""
    rows = ZeroResultQuery.objects.order_by("-times", "-last_seen_at")
    if merchant_id is not None:
        rows = rows.filter(merchant_id__in=["", merchant_id])
    return [ZeroResultView(query=r.query, times=r.times, suggestion=r.suggestion or None,
                           in_shop=bool(r.merchant_id), last_seen_at=r.last_seen_at.isoformat())
            for r in rows[:limit]]
