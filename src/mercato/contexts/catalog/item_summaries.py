"""Product and variant summaries for the recommendation placements (read-only feed)."""

from __future__ import annotations
