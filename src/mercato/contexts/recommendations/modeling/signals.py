"""The signals a recommendation is built from, each a matrix or vector over the table's item index."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .table import InteractionTable

Vector = NDArray[np.float32]


def user_item(table: InteractionTable, values: NDArray[np.float32] | None = None, n_items: int | None = None
              ) -> sp.csr_matrix:
    """Users × items, summing values (default: the weights) over repeated rows."""
    data = table.weight if values is None else values
    shape = (table.n_users, n_items if n_items is not None else table.n_items)
    matrix = sp.csr_matrix((data.astype(np.float32), (table.user, table.item)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def decay(table: InteractionTable, as_of: float, half_life_days: float) -> NDArray[np.float32]:
    """exp-decay of each row's age: 1 today, 0.5 after one half-life; future rows count as today."""
    age = np.maximum(as_of - table.day, 0.0)
    return np.exp2(-age / max(half_life_days, 1e-9)).astype(np.float32)


def one_per_day(table: InteractionTable, mask: NDArray[np.bool_] | None = None) -> NDArray[np.int64]:
    """Indices of the first row of each (user, item, calendar day): ten invoice lines of one order are one buy."""
    rows = np.arange(len(table)) if mask is None else np.flatnonzero(mask)
    key = np.stack([table.user[rows].astype(np.int64), table.item[rows].astype(np.int64),
                    np.floor(table.day[rows]).astype(np.int64)])
    _, first = np.unique(key, axis=1, return_index=True)
    return rows[np.sort(first)]


def repeat_strength(table: InteractionTable, as_of: float, half_life_days: float, purchase_weight: float,
                    n_items: int) -> sp.csr_matrix:
    """Users × items: how often and how lately each shopper bought each item (buying days, recency-decayed).

    Only rows weighted as purchases count, so "bought before" is never said of something only viewed.
    """
    rows = one_per_day(table, table.weight >= purchase_weight)
    values = np.zeros(len(table), dtype=np.float32)
    values[rows] = decay(table, as_of, half_life_days)[rows]
    matrix = user_item(table, values, n_items)
    matrix.eliminate_zeros()
    return matrix


def item_repeat_rate(table: InteractionTable, purchase_weight: float, n_items: int) -> Vector:
    """Per item, the share of its buyers who bought it on two or more days (smoothed: 1 of 2 for an unknown item).

    Tea lights are re-ordered, a wedding gift is not: an old purchase predicts a new one only for the first kind.
    """
    rows = one_per_day(table, table.weight >= purchase_weight)
    values = np.zeros(len(table), dtype=np.float32)
    values[rows] = 1.0
    buying_days = user_item(table, values, n_items)
    buyers = np.asarray((buying_days >= 1).sum(axis=0), dtype=np.float32).ravel()
    repeaters = np.asarray((buying_days >= 2).sum(axis=0), dtype=np.float32).ravel()
    return ((repeaters + 1.0) / (buyers + 2.0)).astype(np.float32)


def latest_day(table: InteractionTable) -> sp.csr_matrix:
    """Users × items: the last day each shopper engaged with each item (days since the table's first day, from 1)."""
    key = table.user.astype(np.int64) * max(table.n_items, 1) + table.item
    last = np.flatnonzero(np.r_[key[1:] != key[:-1], True]) if len(table) else np.zeros(0, dtype=np.int64)
    first_day = float(table.day.min()) if len(table) else 0.0
    values = (table.day[last] - first_day + 1.0).astype(np.float32)  # rows are in (user, item, day) order
    return sp.csr_matrix((values, (table.user[last], table.item[last])), shape=(table.n_users, table.n_items))


def popularity(table: InteractionTable, n_items: int) -> Vector:
    """Distinct shoppers per item."""
    binary = user_item(table, np.ones(len(table), dtype=np.float32), n_items)
    binary.data[:] = 1.0
    return np.asarray(binary.sum(axis=0), dtype=np.float32).ravel()


def trending(table: InteractionTable, as_of: float, half_life_days: float, n_items: int) -> Vector:
    """Distinct shoppers per item, each counted by how recently they last engaged with it."""
    recency = user_item(table, decay(table, as_of, half_life_days), n_items)
    recency.data = np.minimum(recency.data, 1.0)
    return np.asarray(recency.sum(axis=0), dtype=np.float32).ravel()


def top_neighbours(similarity: sp.spmatrix, keep: int, row_offset: int = 0) -> sp.csr_matrix:
    """Keep each row's `keep` largest positive entries, never an item itself.

    `row_offset` says which item the first row is, so a block of rows can be trimmed on its own. Rows are made
    dense a block at a time (about four million cells), which is far faster than sorting every sparse entry.
    """
    matrix = sp.csr_matrix(similarity, dtype=np.float32)
    n_rows, n_cols = matrix.shape
    step = max(1, 4_000_000 // max(n_cols, 1))
    rows, cols, vals = [], [], []
    for start in range(0, n_rows, step):
        block = matrix[start:start + step].toarray()
        own = np.arange(start, min(start + step, n_rows)) + row_offset
        inside = own < n_cols
        block[np.flatnonzero(inside), own[inside]] = 0.0
        take = min(keep, n_cols)
        best = np.argpartition(-block, take - 1, axis=1)[:, :take] if take < n_cols else \
            np.tile(np.arange(n_cols), (block.shape[0], 1))
        values = np.take_along_axis(block, best, axis=1)
        useful = values > 0
        rows.append(np.nonzero(useful)[0] + start)
        cols.append(best[useful])
        vals.append(values[useful])
    result = sp.csr_matrix((np.concatenate(vals) if vals else np.zeros(0, np.float32),
                            (np.concatenate(rows) if rows else np.zeros(0, np.int64),
                             np.concatenate(cols) if cols else np.zeros(0, np.int64))),
                           shape=matrix.shape, dtype=np.float32)
    result.sort_indices()
    return result


def cooccurrence(groups: sp.csr_matrix, keep: int, shrink: float = 0.0) -> sp.csr_matrix:
    """Item × item cosine over groups (shoppers, or a shopper's day as a basket), top `keep` per item."""
    binary = groups.copy().astype(np.float32)
    binary.data[:] = 1.0
    counts = (binary.T @ binary).tocsr()
    sizes = np.asarray(binary.sum(axis=0), dtype=np.float32).ravel()
    norm = np.sqrt(np.maximum(sizes, 1.0))
    coo = counts.tocoo()
    coo.data = coo.data / (norm[coo.row] * norm[coo.col] + shrink)
    return top_neighbours(coo.tocsr(), keep)


def baskets(table: InteractionTable, n_items: int) -> sp.csr_matrix:
    """(shopper, calendar day) × items: what was bought together."""
    key = table.user.astype(np.int64) * 1_000_000 + np.floor(table.day).astype(np.int64)
    _, basket = np.unique(key, return_inverse=True)
    matrix = sp.csr_matrix((np.ones(len(table), dtype=np.float32), (basket.ravel(), table.item)),
                           shape=(int(basket.max()) + 1 if len(table) else 0, n_items))
    matrix.sum_duplicates()
    return matrix


def normalise_rows(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    """Scale each row to a maximum of 1 (negatives to 0), so signals of different units can be blended."""
    scores = np.maximum(scores, 0.0)
    peak = scores.max(axis=1, keepdims=True) if scores.shape[1] else np.zeros((scores.shape[0], 1))
    return (scores / np.where(peak > 0, peak, 1.0)).astype(np.float32)
