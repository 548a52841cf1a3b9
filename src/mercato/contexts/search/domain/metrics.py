"""Offline ranking quality: NDCG@k with graded relevance (0-3) and recall@k."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(grades: Sequence[int]) -> float:
    """Exponential gain (2^g - 1), log2 discount: a grade-3 hit counts far more than a grade-1 hit."""
    return float(sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades)))


def ndcg_at(k: int, ranked: Sequence[str], judged: Mapping[str, int]) -> float:
    """ranked: result ids best first; judged: id → grade for every relevant item in the collection."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(doc, 0) for doc in ranked[:k]]) / ideal


def recall_at(k: int, ranked: Sequence[str], judged: Mapping[str, int]) -> float:
    relevant = {doc for doc, g in judged.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / min(len(relevant), k)
