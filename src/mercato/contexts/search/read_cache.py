"""Small, rarely changing tables every search reads, kept in the shared cache (Redis in production, so every
process sees a change at once): category names, synonyms, and whether the index has been built."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from .models import IndexedCategory, IndexedProduct, Synonym

CATEGORIES_KEY = "search:categories"
SYNONYMS_KEY = "search:synonyms"
READY_KEY = "search:index-ready"
TIMEOUT = 600


def categories() -> dict[str, tuple[dict[str, str], str | None, str]]:
    """category id → (names, parent id, slug)."""
    found: dict[str, tuple[dict[str, str], str | None, str]] | None = cache.get(CATEGORIES_KEY)
    if found is None:
        found = categories_refresh()
    return found


def categories_refresh() -> dict[str, tuple[dict[str, str], str | None, str]]:
    found = {cid: (dict(name), parent, slug)
             for cid, name, parent, slug in IndexedCategory.objects.values_list("id", "name", "parent_id", "slug")}
    cache.set(CATEGORIES_KEY, found, TIMEOUT)
    return found


def synonym_rows() -> list[str]:
    rows: list[str] | None = cache.get(SYNONYMS_KEY)
    if rows is None:
        rows = list(Synonym.objects.values_list("terms", flat=True))
        cache.set(SYNONYMS_KEY, rows, TIMEOUT)
    return rows


def synonyms_changed() -> None:
    cache.delete(SYNONYMS_KEY)


def index_ready() -> bool:
    if cache.get(READY_KEY):
        return True
    ready = IndexedProduct.objects.exists()
    if ready:
        mark_ready(True)
    return ready


def mark_ready(ready: bool) -> None:
    if ready:
        cache.set(READY_KEY, True, TIMEOUT)
    else:
        cache.delete(READY_KEY)


def forget_all(*_: Any) -> None:
    cache.delete_many([CATEGORIES_KEY, SYNONYMS_KEY, READY_KEY])
