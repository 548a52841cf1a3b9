"""Search's door. Other contexts import only from here, from contracts.py and from events.py."""

from __future__ import annotations

from .contracts import SearchQuery, SearchResult, Suggestion
from .selectors import search, suggest
from .services import index_ensure, index_products, index_rebuild, search_performed

__all__ = ["SearchQuery", "SearchResult", "Suggestion", "index_ensure", "index_products", "index_rebuild",
           "search", "search_performed", "suggest"]
