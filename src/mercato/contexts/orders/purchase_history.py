"""Who bought what and when (read-only feed for the recommendation models)."""

from __future__ import annotations
