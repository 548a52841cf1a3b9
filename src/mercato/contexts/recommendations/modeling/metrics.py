"""Ranking metrics over top-k lists; relevance is binary (the shopper bought the item in the test period)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant items found in the top k (0 when nothing is relevant)."""
    if not relevant:
        return 0.0
    return sum(1 for item in ranked[:k] if item in relevant) / len(relevant)


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """DCG of the top k (a hit at rank r earns 1/log2(r+1)) over the best DCG possible with these relevant items."""
    if not relevant:
        return 0.0
    gains = sum(1.0 / np.log2(rank + 2) for rank, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1.0 / np.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return float(gains / ideal)


def coverage(lists: Sequence[Sequence[str]], catalogue_size: int) -> float:
    """Share of the catalogue that appears in at least one list."""
    if catalogue_size == 0:
        return 0.0
    return len({item for ranked in lists for item in ranked}) / catalogue_size


def popularity_bias(lists: Sequence[Sequence[str]], percentile: Mapping[str, float]) -> float:
    """Mean popularity percentile of recommended items: 1.0 = only the very best sellers, ~0.5 = no bias."""
    values = [percentile.get(item, 0.0) for ranked in lists for item in ranked]
    return float(np.mean(values)) if values else 0.0


def popularity_percentiles(counts: Mapping[str, float]) -> dict[str, float]:
    """Each item's popularity as the share of items it outsells or ties (the best seller gets 1.0)."""
    values = np.asarray(sorted(counts.values()))
    if values.size == 0:
        return {}
    return {item: float(np.searchsorted(values, count, side="right") / values.size) for item, count in counts.items()}
