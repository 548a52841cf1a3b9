"""What the search index needs to know about products (read-only feed for the search context)."""

from __future__ import annotations
