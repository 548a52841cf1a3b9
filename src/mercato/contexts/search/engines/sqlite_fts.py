"""The embedded engine: SQLite FTS5 over pre-analysed tokens, BM25 with field weights, a trigram FTS5 table
over the vocabulary for spelling suggestions."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..domain.query_plan import QueryPlan, as_fts5
from ..domain.spelling import correctable
from .base import INDEX_TABLE, MatchClause, TokenRow, everything

FIELD_WEIGHTS = "6.0, 3.0, 1.0"  # title, labels (category, shop), body (description, attributes, SKUs)


class SqliteEngine:
    name = "sqlite-fts5"

    def write(self, rows: Sequence[TokenRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(r.doc_id,) for r in rows])
            cursor.executemany("INSERT INTO search_fts (rowid, title, labels, body) VALUES (%s, %s, %s, %s)",
                               [(r.doc_id, r.title, r.labels, r.body) for r in rows])

    def delete(self, doc_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(d,) for d in doc_ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_term_trgm")

    def add_vocabulary(self, terms: Sequence[str]) -> None:
        words = [(t,) for t in terms if correctable(t)]
        if words:
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO search_term_trgm (term) VALUES (%s)", words)

    def spelling_candidates(self, word: str, limit: int = 50) -> list[tuple[str, int]]:
        grams = {word[i:i + 3] for i in range(len(word) - 2)}
        if not grams:
            return []
        expression = " OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.term, s.documents FROM search_term_trgm t JOIN search_searchterm s ON s.term = t.term "
                "WHERE search_term_trgm MATCH %s ORDER BY t.rank LIMIT %s", [expression, limit])
            return [(str(term), int(documents)) for term, documents in cursor.fetchall()]

    def match(self, plan: QueryPlan) -> MatchClause:
        if plan.empty:
            return everything()
        return MatchClause(
            from_sql=f"search_fts CROSS JOIN {INDEX_TABLE} p ON p.doc_id = search_fts.rowid",  # FTS drives the loop
            where_sql="search_fts MATCH %s", where_params=[as_fts5(plan)],
            score_sql=f"-bm25(search_fts, {FIELD_WEIGHTS})",
        )
