"""Offline evaluation against a judged query set (NDCG@10, recall@10) with the engine of the current database.

Judgments name products by what they are, not by database ids, so a set written once holds for every seed and
every scale of the demo catalogue: a rule gives a grade to every product whose category chain contains
``category`` (a slug) and whose English title contains every string of ``title`` and none of ``title_not``
(lower-case); a product takes the highest grade of the rules it meets. See README.md for the format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from .contracts import SearchQuery
from .domain.metrics import ndcg_at, recall_at
from .engines import engine
from .models import IndexedCategory, IndexedProduct
from .selectors import search

JUDGMENTS = Path(__file__).parent / "judgments"
TEST_SET = JUDGMENTS / "test.json"
DEV_SET = JUDGMENTS / "dev.json"


@dataclass(frozen=True)
class Judged:
    id: str
    text: str
    language: str
    rules: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class QueryScore:
    query: Judged
    ndcg: float
    recall: float
    relevant: int
    returned: int


def load(path: Path) -> list[Judged]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Judged(id=q["id"], text=q["q"], language=q["lang"], rules=tuple(q["judgments"]))
            for q in data["queries"]]


@dataclass(frozen=True)
class _Item:
    product_id: str
    title: str
    slugs: frozenset[str]


def _items() -> list[_Item]:
    slugs = dict(IndexedCategory.objects.values_list("id", "slug"))
    return [_Item(product_id=pid, title=str(title.get("en", "")).lower(),
                  slugs=frozenset(slugs.get(c, "") for c in path.strip("/").split("/")))
            for pid, title, path in IndexedProduct.objects.filter(visible=True)
            .values_list("product_id", "title", "category_path")]


def _meets(item: _Item, rule: Mapping[str, Any]) -> bool:
    if rule.get("category") and rule["category"] not in item.slugs:
        return False
    if any(s.lower() not in item.title for s in rule.get("title", [])):
        return False
    return not any(s.lower() in item.title for s in rule.get("title_not", []))


def grades(query: Judged, items: Sequence[_Item]) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in items:
        grade = max((int(r["grade"]) for r in query.rules if _meets(item, r)), default=0)
        if grade:
            found[item.product_id] = grade
    return found


def evaluate(path: Path, *, k: int = 10) -> tuple[list[QueryScore], list[Judged]]:
    """Scores of the queries that have relevant products in this catalogue, and the ones that have none."""
    items = _items()
    scored, unjudgeable = [], []
    for query in load(path):
        judged = grades(query, items)
        if not judged:
            unjudgeable.append(query)
            continue
        result = search(SearchQuery(text=query.text, limit=k), with_facets=False)
        ranked = [h.product_id for h in result.hits]
        scored.append(QueryScore(query=query, ndcg=ndcg_at(k, ranked, judged), recall=recall_at(k, ranked, judged),
                                 relevant=len(judged), returned=result.total))
    return scored, unjudgeable


def summary(scores: Sequence[QueryScore]) -> dict[str, tuple[int, float, float]]:
    """language (and "all") → (queries, mean NDCG, mean recall)."""
    table: dict[str, tuple[int, float, float]] = {}
    for language in ("zh", "en", "all"):
        chosen = [s for s in scores if language in ("all", s.query.language)]
        if chosen:
            table[language] = (len(chosen), mean(s.ndcg for s in chosen), mean(s.recall for s in chosen))
    return table


def engine_name() -> str:
    return engine().name
