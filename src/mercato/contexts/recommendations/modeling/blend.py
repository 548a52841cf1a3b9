"""The blended recommender the serving side calls: fit once on interactions, then answer every placement.

Every answer says which signal contributed most to each item, so "why am I seeing this" is always true.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from . import components as c
from . import ranking
from .params import BlendParams
from .table import InteractionTable, epoch_days

# Suggested interaction weights for the caller: a purchase is the strongest evidence, a view the weakest.
PURCHASE_WEIGHT, CART_WEIGHT, VIEW_WEIGHT = 1.0, 0.4, 0.1
SESSION_DECAY = 0.8  # each earlier view in a session counts 0.8× the one after it


@dataclass(frozen=True)
class Interaction:
    user_id: str
    item_id: str
    timestamp: datetime
    weight: float = 1.0


@dataclass(frozen=True)
class Scored:
    item_id: str
    score: float
    reason: str
    because_of: str | None = None


def top_indices(scores: NDArray[np.float32], n: int) -> NDArray[np.int64]:
    """Indices of the n highest positive scores, best first; ties go to the lower index, so output is stable."""
    positive = np.flatnonzero(scores > 0)
    if n <= 0 or positive.size == 0:
        return np.zeros(0, dtype=np.int64)
    if positive.size > n:
        cut = np.partition(scores[positive], positive.size - n)[positive.size - n]
        positive = positive[scores[positive] >= cut]
    order = np.lexsort((positive, -scores[positive]))
    return positive[order[:n]]


class BlendedRecommender:
    def __init__(self, parts: c.Components, params: BlendParams, ranker: ranking.Ranker | None = None,
                 habits: ranking.Habits | None = None) -> None:
        self.parts = parts
        self.params = params
        self.ranker = ranker if habits is not None else None
        self.habits = habits
        self._weights = params.weights()
        self._item_index = {item: k for k, item in enumerate(parts.item_ids)}
        self._user_index = {user: k for k, user in enumerate(parts.user_ids)}

    @classmethod
    def fit(cls, interactions: Sequence[Interaction], item_texts: Mapping[str, str] | None = None, *,
            as_of: datetime | None = None, seed: int = 0, params: BlendParams | None = None) -> BlendedRecommender:
        """Learn every signal from the interactions; items that only have a text are known to content similarity."""
        texts = dict(item_texts or {})
        table = InteractionTable.from_interactions(interactions, extra_items=sorted(texts))
        return cls.fit_table(table, texts, as_of=epoch_days(as_of) if as_of else None, seed=seed, params=params)

    @classmethod
    def fit_table(cls, table: InteractionTable, item_texts: Mapping[str, str] | None = None, *,
                  as_of: float | None = None, seed: int = 0, params: BlendParams | None = None
                  ) -> BlendedRecommender:
        chosen = params or BlendParams()
        moment = as_of if as_of is not None else table.last_day()
        if chosen.tune_days > 0:
            from .tuning import tuned_params  # the tuning refits the blend itself

            chosen = tuned_params(table, item_texts or {}, moment, seed, chosen)
        parts = c.fit_components(table, item_texts or {}, moment, seed, chosen)
        if chosen.rank_days <= 0:
            return cls(parts, chosen)
        # the ranker reads only rows before `until`: as_of when given, else just after the last row (all of them)
        until = moment if as_of is not None else float(np.nextafter(moment, np.inf))
        ranker = ranking.learn(table, item_texts or {}, until, seed, chosen)
        if ranker is None:
            return cls(parts, chosen)
        return cls(parts, chosen, ranker, ranking.habits(table.select_keeping_codes(table.day < until), until,
                                                         chosen))

    @property
    def item_ids(self) -> tuple[str, ...]:
        return self.parts.item_ids

    def scores(self, user_ids: Sequence[str]) -> NDArray[np.float32]:
        """Blended scores, users × items (in `item_ids` order); unknown users get the non-personal blend."""
        step = max(1, min(512, 2_000_000 // max(self.parts.n_items, 1)))  # bounds the six dense signal blocks
        return np.vstack([self._signals_for(list(user_ids[start:start + step]))[1]
                          for start in range(0, len(user_ids), step)]) if user_ids else \
            np.zeros((0, self.parts.n_items), dtype=np.float32)

    def recommend(self, user_id: str, n: int, *, exclude: Collection[str] = ()) -> list[Scored]:
        signals, total, pooled_by = self._scored([user_id])
        row = self._user_index.get(user_id)
        history = self.parts.history[row] if row is not None else None
        return self._explain(signals, total[0], n, exclude, history, pooled_by)

    def for_session(self, viewed_item_ids: Sequence[str], n: int, *, exclude: Collection[str] = ()) -> list[Scored]:
        """For an anonymous shopper: what goes with what they viewed (latest views count most); never the views."""
        weights = np.zeros(self.parts.n_items, dtype=np.float32)
        for age, item in enumerate(reversed(viewed_item_ids)):
            k = self._item_index.get(item)
            if k is not None:
                weights[k] = max(weights[k], SESSION_DECAY ** age)
        viewed = sp.csr_matrix(weights[None, :])
        signals = c.session_signals(self.parts, viewed)
        total = c.blend(signals, self._weights)
        weighted = self._weighted(signals)
        return self._explain(weighted, total[0], n, set(exclude) | set(viewed_item_ids), viewed)

    def similar(self, item_id: str, n: int) -> list[Scored]:
        """Items engaged with by the same shoppers, or with similar texts (all a brand-new item has).

        Works on the two sparse neighbour rows only, so listing every item's neighbours stays cheap.
        """
        k = self._item_index.get(item_id)
        if k is None:
            return []
        together, text = self.parts.neighbours[k], self.parts.content[k]
        columns = np.union1d(together.indices, text.indices)
        by_shoppers = np.zeros(len(columns), dtype=np.float32)
        by_text = np.zeros(len(columns), dtype=np.float32)
        by_shoppers[np.searchsorted(columns, together.indices)] = together.data * self.params.cooccurrence_weight
        by_text[np.searchsorted(columns, text.indices)] = text.data * (self.params.content_weight or 0.1)
        total = by_shoppers + by_text
        return [c_scored(self.item_ids[columns[j]], float(total[j]),
                         c.COOCCURRENCE if by_shoppers[j] >= by_text[j] else c.CONTENT, item_id)
                for j in top_indices(total, n)]

    def bought_together(self, item_id: str, n: int) -> list[Scored]:
        k = self._item_index.get(item_id)
        if k is None:
            return []
        row = self.parts.together[k]
        return [c_scored(self.item_ids[row.indices[j]], float(row.data[j]), c.COOCCURRENCE, item_id)
                for j in top_indices(row.data, n)]

    def popular(self, n: int) -> list[Scored]:
        return [c_scored(self.item_ids[j], float(self.parts.popular[j]), c.POPULAR, None)
                for j in top_indices(self.parts.popular, n)]

    def _signals_for(self, user_ids: list[str]) -> tuple[dict[str, NDArray[np.float32]], NDArray[np.float32]]:
        """Per reason, what it added to each item's score (users × items), and the scores themselves."""
        signals, total, _ = self._scored(user_ids)
        return signals, total

    def _weighted(self, signals: dict[str, NDArray[np.float32]]) -> dict[str, NDArray[np.float32]]:
        """Each signal times its blend weight: what it added to the blended score."""
        return {name: np.float32(self._weights.get(name, 0.0)) * m for name, m in signals.items()}

    def _scored(self, user_ids: list[str]) -> tuple[dict[str, NDArray[np.float32]], NDArray[np.float32],
                                                    dict[str, NDArray[np.float32]]]:
        """The contributions and scores, and the blend's own weighted signals (what put an item in the pool)."""
        rows = np.asarray([self._user_index.get(u, -1) for u in user_ids], dtype=np.int64)
        known = rows >= 0
        user_rows = np.where(known, rows, 0)
        signals = c.user_signals(self.parts, user_rows)
        if not known.all():
            signals = {name: np.where(known[:, None], m, 0.0).astype(np.float32)
                       if name not in (c.POPULAR, c.TRENDING) else m for name, m in signals.items()}
        weighted = self._weighted(signals)
        if self.ranker is None or self.habits is None:
            return weighted, c.blend(signals, self._weights), weighted
        values = ranking.features(self.parts, self.habits, user_rows, known, signals)
        pool = ranking.pool_mask(c.blend(signals, self._weights), values["owned"], self.params.rank_candidates)
        contributions = {name: np.where(pool, m, 0.0).astype(np.float32)
                         for name, m in self.ranker.contributions(values).items()}
        return contributions, self.ranker.score(contributions, pool), weighted

    def contributions(self, user_id: str) -> dict[str, NDArray[np.float32]]:
        """What each reason added to every item's score for one shopper (items in `item_ids` order)."""
        return {name: m[0] for name, m in self._signals_for([user_id])[0].items()}

    def _explain(self, signals: Mapping[str, NDArray[np.float32]], total: NDArray[np.float32], n: int,
                 exclude: Collection[str], history: sp.csr_matrix | None,
                 pooled_by: Mapping[str, NDArray[np.float32]] | None = None) -> list[Scored]:
        """Top n with reasons: the largest positive contribution (`signals` are contributions, weight 1 each);
        for an item nothing spoke for, the blend signal that put it in the ranker's pool (`pooled_by`)."""
        scores = total.copy()
        for item in exclude:
            k = self._item_index.get(item)
            if k is not None:
                scores[k] = 0.0
        ones = {name: 1.0 for name in c.SIGNALS}
        result = []
        for j in top_indices(scores, n):
            reason = c.strongest_signal(signals, ones, 0, int(j), default=None)
            if reason is None:
                reason = c.strongest_signal(pooled_by if pooled_by is not None else signals, ones, 0, int(j))
            assert reason is not None
            source = None
            if history is not None and reason in (c.COOCCURRENCE, c.CONTENT):
                similarity_t = self.parts.neighbours_t if reason == c.COOCCURRENCE else self.parts.content_t
                found = c.strongest_source(history, similarity_t, int(j))
                source = self.item_ids[found] if found is not None else None
            result.append(c_scored(self.item_ids[j], float(scores[j]), reason, source))
        return result


def c_scored(item_id: str, score: float, reason: str, because_of: str | None) -> Scored:
    return Scored(item_id=item_id, score=round(score, 6), reason=reason, because_of=because_of)
