"""Fitting every signal of the blend once, and scoring users (or a session) on each of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from . import signals
from .content import text_neighbours
from .factorization import Factors, fit_als
from .params import BlendParams
from .table import InteractionTable

# The signals, in the order ties between them are broken when naming the reason for an item.
REPEAT, FACTORS, COOCCURRENCE, CONTENT, POPULAR, TRENDING = (
    "bought_before", "similar_shoppers", "bought_together", "similar_text", "popular", "trending")
SIGNALS = (REPEAT, FACTORS, COOCCURRENCE, CONTENT, POPULAR, TRENDING)
Matrix = NDArray[np.float32]


@dataclass(frozen=True)
class Components:
    """Everything learned from the training interactions, indexed like `table.user_ids` / `item_ids`."""

    item_ids: tuple[str, ...]
    user_ids: tuple[str, ...]
    repeat: sp.csr_matrix  # users × items: recency-decayed buying days × how often the item is re-bought
    history: sp.csr_matrix  # users × items: recency-decayed engagement of any kind (what to find neighbours of)
    factors: Factors
    neighbours: sp.csr_matrix  # item × item, shoppers who engaged with one also engaged with the other
    neighbours_t: sp.csr_matrix
    together: sp.csr_matrix  # item × item, bought by the same shopper on the same day
    content: sp.csr_matrix  # item × item, similar texts
    content_t: sp.csr_matrix
    popular: NDArray[np.float32]  # scaled to a maximum of 1
    trending: NDArray[np.float32]

    @property
    def n_items(self) -> int:
        return len(self.item_ids)


def _scaled(vector: NDArray[np.float32]) -> NDArray[np.float32]:
    peak = float(vector.max()) if vector.size else 0.0
    return (vector / peak).astype(np.float32) if peak > 0 else vector.astype(np.float32)


def fit_components(table: InteractionTable, texts: Mapping[str, str], as_of: float, seed: int,
                   params: BlendParams) -> Components:
    n_items = table.n_items
    repeat = signals.repeat_strength(table, as_of, params.repeat_half_life_days, params.purchase_weight, n_items)
    rate = signals.item_repeat_rate(table, params.purchase_weight, n_items) ** params.repeat_rate_exponent
    history = signals.user_item(table, table.weight * signals.decay(table, as_of, params.history_half_life_days),
                                n_items)
    engagement = signals.user_item(table, None, n_items)
    neighbours = signals.cooccurrence(engagement, params.neighbours, params.neighbour_shrink)
    content = text_neighbours(table.item_ids, texts, params.neighbours) if params.content_weight > 0 else \
        sp.csr_matrix((n_items, n_items), dtype=np.float32)
    return Components(
        item_ids=table.item_ids, user_ids=table.user_ids,
        repeat=sp.csr_matrix(repeat.multiply(rate[None, :])),
        history=history,
        factors=fit_als(engagement, factors=params.factors, regularization=params.regularization,
                        alpha=params.alpha, iterations=params.iterations, seed=seed),
        neighbours=neighbours, neighbours_t=neighbours.T.tocsr(),
        together=signals.cooccurrence(signals.baskets(table, n_items), params.neighbours),
        content=content, content_t=content.T.tocsr(),
        popular=_scaled(np.log1p(signals.popularity(table, n_items))),
        trending=_scaled(signals.trending(table, as_of, params.trend_half_life_days, n_items)),
    )


def user_signals(parts: Components, user_rows: NDArray[np.int64]) -> dict[str, Matrix]:
    """Each signal for a batch of known users, every row scaled to a maximum of 1."""
    history = parts.history[user_rows]
    batch = len(user_rows)
    return {
        REPEAT: signals.normalise_rows(parts.repeat[user_rows].toarray()),
        FACTORS: signals.normalise_rows(parts.factors.scores(user_rows)),
        COOCCURRENCE: signals.normalise_rows((history @ parts.neighbours).toarray()),
        CONTENT: signals.normalise_rows((history @ parts.content).toarray()),
        POPULAR: np.broadcast_to(parts.popular, (batch, parts.n_items)),
        TRENDING: np.broadcast_to(parts.trending, (batch, parts.n_items)),
    }


def session_signals(parts: Components, viewed: sp.csr_matrix) -> dict[str, Matrix]:
    """Signals for an anonymous session given as a 1 × items row of view weights."""
    zeros = np.zeros((1, parts.n_items), dtype=np.float32)
    return {
        REPEAT: zeros, FACTORS: zeros,
        COOCCURRENCE: signals.normalise_rows((viewed @ parts.neighbours).toarray()),
        CONTENT: signals.normalise_rows((viewed @ parts.content).toarray()),
        POPULAR: parts.popular[None, :], TRENDING: parts.trending[None, :],
    }


def blend(parts_scores: Mapping[str, Matrix], weights: Mapping[str, float]) -> Matrix:
    total = np.zeros_like(next(iter(parts_scores.values())), dtype=np.float32)
    for name, matrix in parts_scores.items():
        if weights.get(name, 0.0):
            total += np.float32(weights[name]) * matrix
    return total


def strongest_signal(parts_scores: Mapping[str, Matrix], weights: Mapping[str, float], row: int, item: int,
                     default: str | None = POPULAR) -> str | None:
    """The signal that contributed most to one item's score (first in SIGNALS on a tie).

    Only a positive contribution can be a reason; when none is positive the caller's `default` is returned.
    """
    best, best_value = default, 0.0
    for name in SIGNALS:
        value = weights.get(name, 0.0) * float(parts_scores[name][row, item])
        if value > best_value:
            best, best_value = name, value
    return best


def strongest_source(history_row: sp.csr_matrix, similarity_t: sp.csr_matrix, item: int) -> int | None:
    """Which item of the history contributed most to `item` through an item × item similarity."""
    column = similarity_t[item]
    sources = history_row.multiply(column).tocoo()
    if sources.nnz == 0:
        return None
    order = np.lexsort((sources.col, -sources.data))
    return int(sources.col[order[0]])
