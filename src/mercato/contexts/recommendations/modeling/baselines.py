"""The four baselines EVALUATION.md names; the blend has to beat the best of them to earn its complexity."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from . import signals
from .table import InteractionTable

RECENT_DAYS = 30.0
KNN_NEIGHBOURS = 100


class Ranker(Protocol):
    """Anything the evaluation can rank with: scores for users over its own item index (higher is better)."""

    @property
    def item_ids(self) -> tuple[str, ...]: ...

    def scores(self, user_ids: Sequence[str]) -> NDArray[np.float32]: ...


class _TableRanker:
    def __init__(self, table: InteractionTable) -> None:
        self._items = table.item_ids
        self._users = {user: k for k, user in enumerate(table.user_ids)}

    @property
    def item_ids(self) -> tuple[str, ...]:
        return self._items

    def _rows(self, user_ids: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        rows = np.asarray([self._users.get(u, -1) for u in user_ids], dtype=np.int64)
        return np.maximum(rows, 0), rows >= 0


class MostPopular(_TableRanker):
    """Items by how many shoppers bought them in the training period."""

    def __init__(self, table: InteractionTable) -> None:
        super().__init__(table)
        self.counts = signals.popularity(table, table.n_items)

    def scores(self, user_ids: Sequence[str]) -> NDArray[np.float32]:
        return np.tile(self.counts, (len(user_ids), 1))


class RecentPopular(MostPopular):
    """Items by how many shoppers bought them in the last 30 days before the split."""

    def __init__(self, table: InteractionTable, as_of: float, days: float = RECENT_DAYS) -> None:
        super().__init__(table)
        recent = table.day >= as_of - days
        counts = signals.popularity(table.select_keeping_codes(recent), table.n_items)
        self.counts = counts + self.counts * 1e-6  # ties (items nobody bought lately) fall back to all-time sales


class ItemKNN(_TableRanker):
    """Sum of cosine similarities (over shoppers, top 100 neighbours per item) to the items a shopper bought."""

    def __init__(self, table: InteractionTable) -> None:
        super().__init__(table)
        self.history = signals.user_item(table, np.ones(len(table), dtype=np.float32))
        self.history.data[:] = 1.0
        self.similarity = signals.cooccurrence(self.history, KNN_NEIGHBOURS)

    def scores(self, user_ids: Sequence[str]) -> NDArray[np.float32]:
        rows, known = self._rows(user_ids)
        result = np.asarray((self.history[rows] @ self.similarity).toarray(), dtype=np.float32)
        result[~known] = 0.0
        return result


class RepeatThenPopular(_TableRanker):
    """The shopper's own items (most buying days first, then most recent), then the best sellers."""

    def __init__(self, table: InteractionTable) -> None:
        super().__init__(table)
        buys = signals.one_per_day(table)
        days_bought = np.zeros(len(table), dtype=np.float32)
        days_bought[buys] = 1.0
        self.frequency = signals.user_item(table, days_bought)
        self.latest = signals.latest_day(table)
        popular = signals.popularity(table, table.n_items)
        self.popular = popular / max(float(popular.max()), 1.0)

    def scores(self, user_ids: Sequence[str]) -> NDArray[np.float32]:
        rows, known = self._rows(user_ids)
        own = self.frequency[rows].toarray()
        recency = self.latest[rows].toarray()
        recency = recency / np.maximum(recency.max(axis=1, keepdims=True), 1.0)
        own_score = np.where(own > 0, 2.0 + own + 0.5 * recency, 0.0)
        own_score[~known] = 0.0
        return np.asarray(np.maximum(own_score, self.popular[None, :] * 0.999), dtype=np.float32)


BASELINES: dict[str, Callable[[InteractionTable, float], Ranker]] = {
    "most popular": lambda table, _as_of: MostPopular(table),
    "recent popular": RecentPopular,
    "item-kNN": lambda table, _as_of: ItemKNN(table),
    "repeat + popular": lambda table, _as_of: RepeatThenPopular(table),
}
