"""One search interface, two engines: SQLite FTS5 (embedded) and PostgreSQL full-text + pg_trgm (production)."""

from __future__ import annotations

from django.db import connection

from .base import MatchClause, SearchEngine, TokenRow
from .postgres_fts import PostgresEngine
from .sqlite_fts import SqliteEngine

__all__ = ["MatchClause", "SearchEngine", "TokenRow", "engine"]

_ENGINES: dict[str, SearchEngine] = {"sqlite": SqliteEngine(), "postgresql": PostgresEngine()}


def engine() -> SearchEngine:
    """The engine of the default database's vendor."""
    try:
        return _ENGINES[connection.vendor]
    except KeyError:
        raise RuntimeError(f"no search engine for the {connection.vendor} database") from None
