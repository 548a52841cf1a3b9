"""The production engine: a weighted tsvector of pre-analysed tokens (cast directly, so PostgreSQL's parser and
locale never re-split Chinese), GIN-indexed; ts_rank for relevance; pg_trgm similarity for spelling."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..domain.query_plan import QueryPlan, as_tsquery
from .base import INDEX_TABLE, MatchClause, TokenRow, everything

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
WEIGHTS = "'{0.1, 0.3, 0.5, 1.0}'"  # D, C (body), B (labels), A (title)


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Sequence[tuple[str, str]]) -> str:
    """``'tok':1A 'tok2':2A 'other':3B …`` from (tokens, weight) pairs; positions run across the fields."""
    parts: list[str] = []
    position = 0
    for tokens, weight in fields:
        for token in tokens.split():
            position = min(position + 1, MAX_POSITION)
            parts.append(f"{_lexeme(token)}:{position}{weight}")
    return " ".join(parts)


class PostgresEngine:
    name = "postgresql-fts+pg_trgm"

    def write(self, rows: Sequence[TokenRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {INDEX_TABLE} SET search_vector = %s::tsvector WHERE doc_id = %s",
                [(tsvector_literal([(r.title, "A"), (r.labels, "B"), (r.body, "C")]), r.doc_id) for r in rows])

    def delete(self, doc_ids: Sequence[int]) -> None:
        """The vector lives on the index row, which the caller deletes."""

    def clear(self) -> None:
        """Nothing beyond the index rows."""

    def add_vocabulary(self, terms: Sequence[str]) -> None:
        """The trigram index covers the vocabulary table itself."""

    def spelling_candidates(self, word: str, limit: int = 50) -> list[tuple[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, documents FROM search_searchterm WHERE term %% %s "
                           "ORDER BY similarity(term, %s) DESC LIMIT %s", [word, word, limit])
            return [(str(term), int(documents)) for term, documents in cursor.fetchall()]

    def match(self, plan: QueryPlan) -> MatchClause:
        if plan.empty:
            return everything()
        query = as_tsquery(plan)
        return MatchClause(
            from_sql=f"{INDEX_TABLE} p", where_sql="p.search_vector @@ %s::tsquery", where_params=[query],
            score_sql=f"ts_rank({WEIGHTS}, p.search_vector, %s::tsquery)", score_params=[query],
        )
