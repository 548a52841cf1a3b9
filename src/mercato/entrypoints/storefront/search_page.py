"""Search and category results from the search context: filters and facets with counts from the query string,
sorting, "did you mean", cursor pages that keep the filters, and the top box's autocomplete fragment."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.html import format_html, format_html_join

from mercato.contexts.catalog.models import Product, Variant
from mercato.contexts.search import public as search
from mercato.shared.errors import ValidationFailed
from mercato.shared.pagination import encode_cursor, parse_page

from .forms import SORTS, SearchForm
from .product_display import cards
from .service_errors import add_to_form

PAGE_SIZE = 24
FIRST_PAGE = "."  # the trail's mark for "no cursor"
MAX_TRAIL = 50
PAGING = ("cursor", "trail")


def _language() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh-Hans"


def _query(request: HttpRequest, **changes: str | None) -> str:
    """The current query string with some parameters changed (None drops one); paging starts over
    unless a cursor is given."""
    query: QueryDict = request.GET.copy()
    for name in (*PAGING, "suggest"):
        query.pop(name, None)
    for name, value in changes.items():
        query.pop(name, None)
        if value:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _pager(request: HttpRequest, form: SearchForm, next_cursor: str | None) -> dict[str, str | None]:
    """Next keeps the way back in ``trail``; previous pops it."""
    trail = [t for t in (form.value("trail") or "").split(",") if t][-MAX_TRAIL:]
    here = form.value("cursor") or FIRST_PAGE
    nxt = _query(request, cursor=next_cursor, trail=",".join([*trail, here])) if next_cursor else None
    prev = None
    if trail:
        back = trail[-1]
        prev = _query(request, cursor=None if back == FIRST_PAGE else back, trail=",".join(trail[:-1]) or None)
    return {"next": nxt, "previous": prev}


def _offset(cursor: str | None) -> int:
    after = parse_page(PAGE_SIZE, cursor).after_id
    if after is None:
        return 0
    if not (after.startswith("o") and after[1:].isdigit()):
        raise ValidationFailed.on("cursor", "is not a cursor this page issued")
    return int(after[1:])


def _search_query(form: SearchForm, category: dict[str, Any] | None, sort: str) -> search.SearchQuery:
    return search.SearchQuery(
        text=form.value("q") or "", category=category["slug"] if category else (form.value("category") or None),
        merchant=form.value("merchant") or None, min_price=form.value("min_price"),
        max_price=form.value("max_price"), in_stock=bool(form.value("in_stock")), sort=sort, limit=PAGE_SIZE,
        offset=_offset(form.value("cursor") or None), language=_language(),
    )


def _products_in_order(product_ids: list[str]) -> list[Product]:
    """The result's products with their variants on sale (two queries), in the search's order."""
    rows = Product.objects.filter(pk__in=product_ids).prefetch_related(
        Prefetch("variants", queryset=Variant.objects.filter(is_active=True).order_by("sku")))
    by_id = {p.pk: p for p in rows}
    return [by_id[pid] for pid in product_ids if pid in by_id]


def _facet_links(request: HttpRequest, result: search.SearchResult | None,
                 category: dict[str, Any] | None) -> dict[str, Any]:
    """Each facet value as (label, count, link that toggles it, selected)."""
    if result is None:
        return {}
    f = result.facets

    def links(values: list[Any], param: str) -> list[tuple[str, int, str, bool]]:
        return [(v.label, v.count, _query(request, **{param: None if v.selected else v.value}), v.selected)
                for v in values if v.count]

    roots = [v for v in f.category if v.parent is None or v.selected] if category is None else []
    prices = [(v.label, v.count, _query(request, min_price=None if v.selected else v.value.split("-")[0],
                                        max_price=None if v.selected else (v.value.split("-")[1] or None)),
               v.selected) for v in f.price if v.count]
    return {
        "category": links(roots, "category")[:12], "merchant": links(f.merchant, "merchant")[:10],
        "price": prices, "in_stock": links(f.in_stock, "in_stock"),
        "rating": [(v.label, v.count, v.value) for v in f.rating if v.count],
    }


def results_page(request: HttpRequest, *, category: dict[str, Any] | None) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    if request.GET.get("suggest"):
        return suggestions_fragment(request, form)
    sort = form.value("sort") or ("relevance" if form.value("q") else "newest")
    result: search.SearchResult | None = None
    try:
        query = _search_query(form, category, sort)
        search.index_ensure()
        result = search.search(query, with_prices=False)
        search.search_performed(query=query, result=result, session_key=request.session.session_key,
                                shopper_id=str(request.user.pk) if request.user.is_authenticated else None)
    except ValidationFailed as exc:
        add_to_form(form, exc, {})
    rows = _products_in_order([h.product_id for h in result.hits]) if result else []
    next_cursor = encode_cursor(f"o{result.next_offset}") if result and result.next_offset is not None else None
    return render(request, "storefront/search.html", {
        "form": form, "category": category, "results": cards(rows), "result": result,
        "facets": _facet_links(request, result, category),
        "did_you_mean": _query(request, q=result.did_you_mean) if result and result.did_you_mean else None,
        "sorts": [(value, label, _query(request, sort=value)) for value, label in SORTS],
        "sort": sort, "pager": _pager(request, form, next_cursor), "action": request.path,
    }, status=200)


def suggestions_fragment(request: HttpRequest, form: SearchForm) -> HttpResponse:
    """The autocomplete list under the top search box (HTMX swaps it in; each entry is a plain link)."""
    typed = form.value("q") or ""
    found = search.suggest(typed, limit=8, language=_language()) if typed else []
    items = format_html_join("", '<li><a href="/search{}">{}</a></li>',
                             ((_query(request, q=s.text), s.text) for s in found))
    return HttpResponse(format_html('<ul class="suggestions">{}</ul>', items) if found else "")
