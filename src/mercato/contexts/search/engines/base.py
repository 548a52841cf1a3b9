"""What every engine provides. Filters, facets and sorting are plain SQL over the index table (query_sql.py);
an engine only contributes how a query plan matches and scores, and how token rows are stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..domain.query_plan import QueryPlan


@dataclass(frozen=True)
class TokenRow:
    """The analysed text of one indexed product, per field (space-separated tokens)."""

    doc_id: int
    title: str
    labels: str
    body: str


@dataclass(frozen=True)
class MatchClause:
    """SQL fragments the shared query code splices in: FROM, an extra WHERE and a score (higher is better)."""

    from_sql: str
    where_sql: str = "1 = 1"
    where_params: list[Any] = field(default_factory=list)
    score_sql: str = "0"
    score_params: list[Any] = field(default_factory=list)


class SearchEngine(Protocol):
    name: str

    def write(self, rows: Sequence[TokenRow]) -> None:
        """Store (or replace) the analysed text of these documents."""

    def delete(self, doc_ids: Sequence[int]) -> None:
        """Forget these documents' text (their index rows are deleted by the caller)."""

    def clear(self) -> None:
        """Forget everything (before a full rebuild)."""

    def add_vocabulary(self, terms: Sequence[str]) -> None:
        """New words of the vocabulary (engines that keep their own trigram structure index them)."""

    def spelling_candidates(self, word: str, limit: int = 50) -> list[tuple[str, int]]:
        """Known words sharing trigrams with ``word``: (word, documents)."""
        ...

    def match(self, plan: QueryPlan) -> MatchClause:
        """How the plan matches and scores documents; an empty plan matches every document."""
        ...


INDEX_TABLE = "search_indexedproduct"


def everything() -> MatchClause:
    return MatchClause(from_sql=f"{INDEX_TABLE} p")
