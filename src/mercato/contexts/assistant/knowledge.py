"""The knowledge base: default articles, and retrieval of the best article for a policy question, limited to
the platform's articles and those of the shop the conversation is about."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from mercato.shared import clock

from .domain.knowledge_retrieval import Document, KnowledgeIndex
from .knowledge_defaults import missing_articles
from .models import KnowledgeEntry


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    answer: str
    merchant_id: str | None
    score: float


_lock = threading.Lock()
_indexes: dict[str, tuple[object, KnowledgeIndex, dict[str, KnowledgeEntry]]] = {}


def knowledge_seed_defaults() -> int:
    """Add the default platform articles that are missing (by language and title); returns how many were added.
    Idempotent: run it after migrating, from the demo seeder, or again after an upgrade."""
    existing = set(KnowledgeEntry.objects.filter(merchant_id__isnull=True).values_list("lang", "title"))
    rows = [KnowledgeEntry(**fields, updated_at=clock.now()) for fields in missing_articles(existing)]
    KnowledgeEntry.objects.bulk_create(rows)
    return len(rows)


def _index_for(lang: str) -> tuple[KnowledgeIndex, dict[str, KnowledgeEntry]]:
    """The index of one language's active articles, rebuilt when an article was added, changed or removed."""
    entries = KnowledgeEntry.objects.filter(lang=lang, active=True)
    version = tuple(entries.aggregate(n=Count("id"), changed=Max("updated_at")).values())
    cached = _indexes.get(lang)
    if cached is not None and cached[0] == version:
        return cached[1], cached[2]
    with _lock:
        rows = {e.id: e for e in entries}
        index = KnowledgeIndex([Document(key=e.id, text=f"{e.title} {e.question} {e.title}", intent=e.intent)
                                for e in rows.values()])
        _indexes[lang] = (version, index, rows)
    return index, rows


def knowledge_answer(*, text: str, intent: str, lang: str, merchant_id: str = "") -> Article | None:
    """The best article for the question, or None when nothing is close enough."""
    index, rows = _index_for(lang)
    shop = frozenset(k for k, e in rows.items() if merchant_id and e.merchant_id == merchant_id)
    allowed = shop | frozenset(k for k, e in rows.items() if e.merchant_id is None)
    hits = index.search(text, intent=intent, allowed=allowed, preferred=shop, limit=1)
    if not hits:
        return None
    entry = rows[hits[0].key]
    return Article(id=entry.id, title=entry.title, answer=entry.answer, merchant_id=entry.merchant_id,
                   score=round(hits[0].score, 3))

