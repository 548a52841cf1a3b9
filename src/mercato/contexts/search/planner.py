"""From the shopper's words to a query plan: vocabulary checks, synonyms, typo corrections (a few queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import read_cache
from .domain.analysis import (
    Segmenter,
    bigrams,
    is_cjk,
    last_word_is_partial,
    normalise,
    prefix_token,
    query_words,
    token_of,
    words,
)
from .domain.query_plan import Alternative, QueryPlan, TermGroup
from .domain.spelling import best_correction, correctable
from .engines import engine
from .models import SearchTerm
from .segmentation import segmenter


@dataclass(frozen=True)
class PlannedQuery:
    plan: QueryPlan
    corrections: dict[str, str]  # typed word → the known word searched along with it

    def did_you_mean(self, text: str) -> str | None:
        """The query with each correction in place, when there was one."""
        if not self.corrections:
            return None
        fixed = [self.corrections.get(w, w) for w in normalise(text).split()]
        return " ".join(fixed)


def _synonyms(seg: Segmenter) -> dict[str, list[Alternative]]:
    """word → the other phrases of its synonym groups, each analysed into tokens."""
    table: dict[str, list[Alternative]] = defaultdict(list)
    for row in read_cache.synonym_rows():
        phrases = [p for p in (normalise(t).strip() for t in row.replace("，", ",").split(",")) if p]
        analysed = {p: tuple(token_of(w) for w in words(p, seg, for_query=True)) for p in phrases}
        for phrase in phrases:
            table[phrase] += [alt for other, alt in analysed.items() if other != phrase and alt]
    return table


def _known_words(candidates: set[str]) -> set[str]:
    return set(SearchTerm.objects.filter(term__in=candidates).values_list("term", flat=True)) if candidates \
        else set()


def _split_unknown_chinese(found: list[str], seg: Segmenter) -> tuple[list[str], set[str]]:
    """A Chinese word the index never saw is searched as the known words inside it (降噪耳机 → 降噪 耳机).
    Also returns which words the vocabulary knows (one query for both)."""
    pieces = {w: seg.pieces(w) for w in found if is_cjk(w) and len(w) > 2}
    known = _known_words(set(found) | {p for ps in pieces.values() for p in ps})
    out: list[str] = []
    for w in found:
        inner = [p for p in pieces.get(w, []) if p in known]
        out.extend(inner if w not in known and inner else [w])
    return list(dict.fromkeys(out)), known


def plan_query(text: str, *, autocomplete: bool = False) -> PlannedQuery:
    seg = segmenter()
    found, known = _split_unknown_chinese(query_words(text, seg), seg)
    if not found:
        return PlannedQuery(QueryPlan(()), {})
    synonyms = _synonyms(seg)
    partial = autocomplete and last_word_is_partial(text)
    corrections: dict[str, str] = {}
    groups: list[TermGroup] = []
    for i, word in enumerate(found):
        prefix = partial and i == len(found) - 1
        alternatives: list[Alternative] = [(prefix_token(word) if prefix else token_of(word),)]
        alternatives += synonyms.get(word, [])
        if word not in known and bigrams(word):
            alternatives.append(tuple(bigrams(word)))
        if not prefix and word not in known and correctable(word):
            fixed = best_correction(word, engine().spelling_candidates(word))
            if fixed:
                corrections[word] = fixed
                alternatives.append((token_of(fixed),))
        groups.append(TermGroup(word=word, alternatives=tuple(dict.fromkeys(alternatives)), prefix=prefix))
    return PlannedQuery(QueryPlan(tuple(groups)), corrections)
