"""Search and category results: filters from the query string, sorting, cursor pages that keep the filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from mercato.contexts.catalog import selectors
from mercato.contexts.merchants import public as merchants
from mercato.shared.errors import ValidationFailed
from mercato.shared.pagination import parse_page

from .forms import SORTS, SearchForm
from .product_display import cards
from .service_errors import add_to_form

PAGE_SIZE = 24
FIRST_PAGE = "."  # the trail's mark for "no cursor"
MAX_TRAIL = 50
PAGING = ("cursor", "trail")


def _filters(form: SearchForm, category: dict[str, Any] | None) -> selectors.ProductFilters:
    return selectors.ProductFilters(
        q=form.value("q") or None,
        category=category["slug"] if category else (form.value("category") or None),
        merchant=form.value("merchant") or None,
        min_price=form.value("min_price"), max_price=form.value("max_price"),
        in_stock=True if form.value("in_stock") else None,
    )


def _query(request: HttpRequest, **changes: str | None) -> str:
    """The current query string with some parameters changed (None drops one); paging starts over
    unless a cursor is given."""
    query: QueryDict = request.GET.copy()
    for name in PAGING:
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


def results_page(request: HttpRequest, *, category: dict[str, Any] | None) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    sort = form.value("sort") or "newest"
    rows: list[Any] = []
    next_cursor = None
    try:
        page = parse_page(PAGE_SIZE, form.value("cursor") or None)
        rows, next_cursor = selectors.products_list(_filters(form, category), page, order=sort)
    except ValidationFailed as exc:
        add_to_form(form, exc, {"order": "sort"})
    names = merchants.merchant_names(merchants.active_merchant_ids())
    return render(request, "storefront/search.html", {
        "form": form, "category": category, "results": cards(rows),
        "tree": selectors.categories_tree() if category is None else None,
        "shops": sorted(names.items(), key=lambda kv: kv[1]),
        "sorts": [(value, label, _query(request, sort=value)) for value, label in SORTS],
        "sort": sort, "pager": _pager(request, form, next_cursor), "action": request.path,
    }, status=200)
