"""A learned linear re-ranker over the blend's signals and a shopper's own buying rhythm.

Per (shopper, item) it reads the six signals plus what a wholesaler's re-order depends on: how many days the
shopper bought the item, what share of their buying days included it, how long ago the last one was, and whether
a re-order is due (days since the last buy against their usual interval). The weights are learned per fit on the
shop's own recent past: features computed from the rows before `as_of - rank_days`, labels = what each shopper
bought in the `rank_days` before `as_of`; a pairwise logistic regression gives the starting weights and a coordinate
search moves them while that window's NDCG@20 improves. Nothing at or after `as_of` is ever read.

Each shopper's pool is their own items plus the blend's best `rank_candidates` among the rest; the ranker orders
the pool (it learned from such pools) and nothing outside it is recommended.

It stays linear so the reason stays true: an item's score is softplus(Σ coefficient × feature), increasing in that
sum, and the reason is the group (one of the blend's six signals) whose features add the most to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from . import components as c
from . import signals
from .params import BlendParams
from .table import InteractionTable

Matrix = NDArray[np.float32]

# (feature, the reason it counts towards); repeat-group features are zero for anything the shopper never bought.
FEATURES: tuple[tuple[str, str], ...] = (
    ("repeat", c.REPEAT),  # the blend's repeat signal: decayed buying days × item re-order rate
    ("buying_days", c.REPEAT),  # log of the shopper's buying days for the item
    ("basket_share", c.REPEAT),  # share of the shopper's buying days that included the item
    ("recent_30", c.REPEAT),  # exp(-days since the last buy / 30)
    ("recent_120", c.REPEAT),
    ("due", c.REPEAT),  # closeness of the days since the last buy to the shopper's usual interval for the item
    ("owned", c.REPEAT),  # bought at least once
    ("owned_rate", c.REPEAT),  # bought at least once × the item's re-order rate among all its buyers
    ("owned_loyal", c.REPEAT),  # bought at least once × log of the shopper's buying days (a regular's habits)
    ("owned_repeater", c.REPEAT),  # bought at least once × the share of the shopper's buys that were re-orders
    ("owned_breadth", c.REPEAT),  # bought at least once × log of how many different items the shopper bought
    ("orders_since", c.REPEAT),  # 1 / (1 + the shopper's buying days since they last bought the item)
    ("owned_active", c.REPEAT),  # bought at least once × log of the shopper's buying days in the last 90 days
    ("days_30", c.REPEAT),  # log of the shopper's buying days for the item in the last 30 days
    ("days_90", c.REPEAT),
    ("owned_trending", c.REPEAT),  # bought at least once × the item's trend (their staples in season)
    ("factors", c.FACTORS),
    ("owned_factors", c.FACTORS),  # bought at least once × the factor score
    ("together", c.COOCCURRENCE),
    ("text", c.CONTENT),
    ("popular", c.POPULAR),
    ("trending", c.TRENDING),
    ("rising", c.TRENDING),  # recent buyers relative to all-time buyers
)
NAMES = tuple(name for name, _ in FEATURES)
MIN_POSITIVES = 20  # fewer labelled purchases than this: not enough to learn from, keep the blend
MAX_SHOPPERS = 3000
CELLS_PER_BATCH = 1_000_000


@dataclass(frozen=True)
class Habits:
    """Per (shopper, item) buying rhythm from purchase rows only, as of one moment (users × items, sparse)."""

    days: sp.csr_matrix  # distinct buying days
    days_30: sp.csr_matrix  # distinct buying days in the last 30 days
    orders_since: sp.csr_matrix  # the shopper's buying days (any item) after their last buy of the item, plus 1
    user_days_90: NDArray[np.float32]  # distinct buying days of each shopper in the last 90 days
    days_90: sp.csr_matrix
    since_last: sp.csr_matrix  # days from the last buy to as_of, plus 1 (so a buy today is stored)
    interval: sp.csr_matrix  # mean days between buys (items bought on two or more days), plus 1
    user_days: NDArray[np.float32]  # distinct buying days of each shopper, any item
    repeat_rate: NDArray[np.float32]  # per item, share of its buyers who bought it on two or more days
    rising: NDArray[np.float32]  # per item, recent buyers / (all buyers + 5), scaled to a maximum of 1


def habits(table: InteractionTable, as_of: float, params: BlendParams) -> Habits:
    shape = (table.n_users, table.n_items)
    bought = table.weight >= params.purchase_weight
    rows = signals.one_per_day(table, bought)
    user, item, day = table.user[rows], table.item[rows], np.floor(table.day[rows])
    ones = np.ones(len(rows), dtype=np.float32)
    days = sp.csr_matrix((ones, (user, item)), shape=shape)
    days.sum_duplicates()
    since_last = sp.csr_matrix(shape, dtype=np.float32)
    interval = sp.csr_matrix(shape, dtype=np.float32)
    if len(rows):
        key = user.astype(np.int64) * max(table.n_items, 1) + item
        order = np.lexsort((day, key))
        key, day_sorted = key[order], day[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        ends = np.r_[starts[1:], len(key)] - 1
        pair_user, pair_item = key[starts] // max(table.n_items, 1), key[starts] % max(table.n_items, 1)
        since = np.maximum(np.floor(as_of) - day_sorted[ends], 0.0) + 1.0
        since_last = sp.csr_matrix((since.astype(np.float32), (pair_user, pair_item)), shape=shape)
        n_days = (ends - starts + 1).astype(np.float64)
        again = n_days >= 2
        gap = (day_sorted[ends] - day_sorted[starts])[again] / (n_days[again] - 1.0) + 1.0
        interval = sp.csr_matrix((gap.astype(np.float32), (pair_user[again], pair_item[again])), shape=shape)
    user_days = np.zeros(table.n_users, dtype=np.float32)
    user_days_90 = np.zeros(table.n_users, dtype=np.float32)
    orders_since = sp.csr_matrix(shape, dtype=np.float32)
    if len(rows):
        per_user_day = np.unique(user.astype(np.int64) * 1_000_000 + day.astype(np.int64))
        np.add.at(user_days, per_user_day // 1_000_000, 1.0)
        np.add.at(user_days_90, per_user_day[per_user_day % 1_000_000 >= np.floor(as_of) - 90] // 1_000_000, 1.0)
        # buying days of the same shopper after the last buy of the pair's item
        last_key = pair_user * 1_000_000 + day_sorted[ends].astype(np.int64)
        user_end = np.searchsorted(per_user_day, pair_user * 1_000_000 + 999_999, side="right")
        after = user_end - np.searchsorted(per_user_day, last_key, side="right")
        orders_since = sp.csr_matrix((after.astype(np.float32) + 1.0, (pair_user, pair_item)), shape=shape)
    popular = signals.popularity(table, table.n_items)
    recent = signals.popularity(table.select_keeping_codes(table.day >= as_of - 30.0), table.n_items)
    rising = recent / (popular + 5.0)
    peak = float(rising.max()) if rising.size else 0.0
    windows = {}
    for span in (30, 90):
        recent_rows = table.day[rows] >= as_of - span
        window = sp.csr_matrix((ones[recent_rows], (user[recent_rows], item[recent_rows])), shape=shape)
        window.sum_duplicates()
        windows[span] = window
    return Habits(days=days, days_30=windows[30], days_90=windows[90], orders_since=orders_since,
                  user_days_90=user_days_90, since_last=since_last, interval=interval, user_days=user_days,
                  repeat_rate=signals.item_repeat_rate(table, params.purchase_weight, table.n_items),
                  rising=(rising / peak if peak > 0 else rising).astype(np.float32))


def features(parts: c.Components, found: Habits, user_rows: NDArray[np.int64], known: NDArray[np.bool_],
             base: Mapping[str, Matrix]) -> dict[str, Matrix]:
    """Every feature for a batch of users, users × items; unknown users get only the non-personal ones."""
    days = found.days[user_rows].toarray()
    owned = (days > 0).astype(np.float32)
    since = found.since_last[user_rows].toarray()
    interval = found.interval[user_rows].toarray()
    elapsed = np.maximum(since - 1.0, 0.0)
    user_days = np.maximum(found.user_days[user_rows], 1.0)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log((elapsed + 1.0) / np.maximum(interval, 1.0))
    due = np.where(interval > 0, np.exp(-0.5 * ratio ** 2), 0.0)
    personal = known[:, None].astype(np.float32)
    item_days = days.sum(axis=1, keepdims=True)
    breadth = owned.sum(axis=1, keepdims=True)
    repeater = np.where(item_days > 0, 1.0 - breadth / np.maximum(item_days, 1.0), 0.0)
    result = {
        "repeat": base[c.REPEAT],
        "buying_days": np.log1p(days) / 4.0,
        "basket_share": days / user_days,
        "recent_30": owned * np.exp(-elapsed / 30.0),
        "recent_120": owned * np.exp(-elapsed / 120.0),
        "due": due,
        "owned": owned,
        "owned_rate": owned * found.repeat_rate[None, :],
        "owned_loyal": owned * np.log1p(user_days) / 5.0,
        "owned_repeater": owned * repeater,
        "owned_breadth": owned * np.log1p(breadth) / 7.0,
        "orders_since": np.where(owned > 0, 1.0 / np.maximum(found.orders_since[user_rows].toarray(), 1.0), 0.0),
        "owned_active": owned * np.log1p(found.user_days_90[user_rows])[:, None] / 4.0,
        "days_30": np.log1p(found.days_30[user_rows].toarray()) / 2.0,
        "days_90": np.log1p(found.days_90[user_rows].toarray()) / 3.0,
        "owned_trending": owned * parts.trending[None, :],
        "factors": base[c.FACTORS],
        "owned_factors": owned * base[c.FACTORS],
        "together": base[c.COOCCURRENCE],
        "text": base[c.CONTENT],
        "popular": np.broadcast_to(parts.popular, days.shape),
        "trending": np.broadcast_to(parts.trending, days.shape),
        "rising": np.broadcast_to(found.rising, days.shape),
    }
    return {name: (matrix if group in (c.POPULAR, c.TRENDING) else matrix * personal).astype(np.float32)
            for (name, group), matrix in zip(FEATURES, (result[n] for n in NAMES), strict=True)}


@dataclass(frozen=True)
class Ranker:
    coefficients: tuple[float, ...]  # in FEATURES order

    def contributions(self, values: Mapping[str, Matrix]) -> dict[str, Matrix]:
        """Per reason group, Σ coefficient × feature: what each signal added to every item's score."""
        groups: dict[str, Matrix] = {}
        for (name, group), weight in zip(FEATURES, self.coefficients, strict=True):
            if weight:
                part = np.float32(weight) * values[name]
                groups[group] = groups[group] + part if group in groups else part
        shape = next(iter(values.values())).shape
        return {group: groups.get(group, np.zeros(shape, dtype=np.float32)) for group in c.SIGNALS}

    def score(self, contributions: Mapping[str, Matrix], pool: NDArray[np.bool_]) -> Matrix:
        """softplus(Σ contributions) for the items in the pool (positive, never saturating, in the
        order of the linear sum), 0 for the rest (never recommended)."""
        total = sum(contributions.values(), np.zeros(pool.shape, dtype=np.float32))
        return np.where(pool, softplus(total), 0.0).astype(np.float32)

    def weights(self) -> dict[str, float]:
        return {name: round(w, 4) for name, w in zip(NAMES, self.coefficients, strict=True)}


@dataclass(frozen=True)
class Pools:
    """The labelled training pools, one block of rows per shopper (rows of a shopper are contiguous)."""

    x: NDArray[np.float32]  # rows × FEATURES
    label: NDArray[np.bool_]  # bought in the label window
    owned: NDArray[np.bool_]  # bought before the window
    shopper: NDArray[np.int64]  # 0 .. shoppers-1, non-decreasing
    relevant_all: NDArray[np.float32]  # per shopper, items bought in the window (also those outside the pool)
    relevant_new: NDArray[np.float32]  # of those, items never bought before


def learn(table: InteractionTable, texts: Mapping[str, str], as_of: float, seed: int,
          params: BlendParams) -> Ranker | None:
    """Fit the ranker on the last `rank_days` before as_of (labels) and what came before (features); None when
    that window is too thin to learn from (the blend then answers alone).

    A pairwise logistic regression (bought vs not bought, per shopper) gives the starting weights; a coordinate
    search then moves them while the label window's NDCG@20 (geometric mean of both views) improves.
    """
    with threadpool_limits(1, "blas"):  # one thread: the same sums in the same order on any machine
        pools = training_pools(table, texts, as_of, seed, params)
        if pools is None:
            return None
        start = pairwise_weights(pools, seed, params)
        if start is None:
            return None
        weights = coordinate_search(pools, start, params.rank_search) if params.rank_search > 0 else start
    return Ranker(tuple(float(w) for w in weights))


def training_pools(table: InteractionTable, texts: Mapping[str, str], as_of: float, seed: int,
                   params: BlendParams) -> Pools | None:
    """Features as of `as_of - rank_days` (from the rows before it only), labels from the window up to as_of."""
    start = as_of - params.rank_days
    history = table.before(start)
    window = table.select((table.day >= start) & (table.day < as_of) & (table.weight >= params.purchase_weight))
    if len(history) == 0 or len(window) == 0:
        return None
    user_row = {u: k for k, u in enumerate(history.user_ids)}
    item_col = {i: k for k, i in enumerate(history.item_ids)}
    bought: dict[int, set[int]] = {}
    basket: dict[int, set[str]] = {}
    for u, i in zip(window.user.tolist(), window.item.tolist(), strict=True):
        row = user_row.get(window.user_ids[u])
        if row is None:
            continue
        basket.setdefault(row, set()).add(window.item_ids[i])
        col = item_col.get(window.item_ids[i])
        if col is not None:
            bought.setdefault(row, set()).add(col)
    users = np.asarray(sorted(bought), dtype=np.int64)
    if len(users) > MAX_SHOPPERS:
        users = np.sort(np.random.default_rng(seed).choice(users, MAX_SHOPPERS, replace=False))
    if sum(len(bought[int(u)]) for u in users) < MIN_POSITIVES:
        return None
    known_texts = {i: t for i, t in texts.items() if i in item_col}
    parts = c.fit_components(history, known_texts, start, seed, params)
    found = habits(history, start, params)
    weights = params.weights()
    xs: list[NDArray[np.float32]] = []
    labels: list[NDArray[np.bool_]] = []
    owned: list[NDArray[np.bool_]] = []
    shopper: list[NDArray[np.int64]] = []
    relevant_all: list[int] = []
    relevant_new: list[int] = []
    step = max(1, CELLS_PER_BATCH // max(history.n_items, 1))
    for begin in range(0, len(users), step):
        batch = users[begin:begin + step]
        base = c.user_signals(parts, batch)
        values = features(parts, found, batch, np.ones(len(batch), dtype=bool), base)
        in_pool = pool_mask(c.blend(base, weights), values["owned"], params.rank_candidates)
        stacked = np.stack([values[name] for name in NAMES], axis=-1)
        for b, user in enumerate(batch.tolist()):
            pool = np.flatnonzero(in_pool[b])
            had = found.days[user].indices
            xs.append(stacked[b, pool])
            labels.append(np.isin(pool, list(bought[user])))
            owned.append(np.isin(pool, had))
            shopper.append(np.full(len(pool), len(relevant_all), dtype=np.int64))
            relevant_all.append(len(basket[user]))
            relevant_new.append(len(basket[user] - {history.item_ids[j] for j in had}))
    return Pools(np.concatenate(xs), np.concatenate(labels), np.concatenate(owned), np.concatenate(shopper),
                 np.asarray(relevant_all, dtype=np.float32), np.asarray(relevant_new, dtype=np.float32))


def pairwise_weights(pools: Pools, seed: int, params: BlendParams) -> NDArray[np.float64] | None:
    """Logistic regression on feature differences of (bought, not bought) pairs of the same shopper."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    bounds = np.flatnonzero(np.r_[True, pools.shopper[1:] != pools.shopper[:-1], True])
    diffs = []
    for begin, end in zip(bounds[:-1], bounds[1:], strict=True):
        label = pools.label[begin:end]
        positives, negatives = np.flatnonzero(label) + begin, np.flatnonzero(~label) + begin
        if positives.size == 0 or negatives.size == 0:
            continue
        take = params.rank_pairs
        diffs.append(pools.x[rng.choice(positives, take)] - pools.x[rng.choice(negatives, take)])
    if not diffs:
        return None
    diff = np.concatenate(diffs)
    model = LogisticRegression(C=params.rank_c, max_iter=500, fit_intercept=False)
    model.fit(np.concatenate([diff, -diff]), np.r_[np.ones(len(diff)), np.zeros(len(diff))])
    return np.asarray(model.coef_[0], dtype=np.float64)


def pool_ndcg(pools: Pools, weights: NDArray[np.float64], k: int = 20) -> tuple[float, float]:
    """Mean NDCG@k of the pools ranked by the weights, in the two views of the evaluation."""
    score = pools.x @ weights.astype(np.float32)
    result = []
    for new_only in (False, True):
        keep = ~pools.owned if new_only else np.ones(len(score), dtype=bool)
        ideal_count = pools.relevant_new if new_only else pools.relevant_all
        who, value, label = pools.shopper[keep], score[keep], pools.label[keep]
        order = np.lexsort((-value, who))
        who, label = who[order], label[order]
        first = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
        rank = np.arange(len(who)) - np.repeat(first, np.diff(np.r_[first, len(who)]))
        gain = np.where(label & (rank < k), 1.0 / np.log2(rank + 2.0), 0.0)
        dcg = np.bincount(who, weights=gain, minlength=len(ideal_count))
        discounts = np.cumsum(1.0 / np.log2(np.arange(k) + 2.0))
        ideal = np.where(ideal_count > 0, discounts[np.clip(ideal_count.astype(np.int64), 1, k) - 1], 0.0)
        judged = ideal_count > 0
        result.append(float(np.mean(dcg[judged] / ideal[judged])) if judged.any() else 0.0)
    return result[0], result[1]


def coordinate_search(pools: Pools, start: NDArray[np.float64], rounds: int) -> NDArray[np.float64]:
    """Move one weight at a time by a share of the largest while the pools' NDCG@20 (both views) improves."""
    def quality(weights: NDArray[np.float64]) -> float:
        return float(np.sqrt(np.prod(pool_ndcg(pools, weights))))

    best, best_quality = start.copy(), quality(start)
    scale = float(np.abs(start).max()) or 1.0
    for size in (0.5, 0.25, 0.1):
        for _ in range(rounds):  # passes at this step size, while they improve
            improved = False
            for j in range(len(best)):
                for sign in (1.0, -1.0):
                    candidate = best.copy()
                    candidate[j] += sign * size * scale
                    value = quality(candidate)
                    if value > best_quality:
                        best, best_quality, improved = candidate, value, True
            if not improved:
                break
    return best


def softplus(total: NDArray[np.floating] | float) -> NDArray[np.float32]:
    """log(1 + e^x): x itself for large x, a small positive number for very negative x."""
    x = np.clip(np.asarray(total, dtype=np.float64), -80.0, None)
    return (np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))).astype(np.float32)


def pool_mask(blended: Matrix, owned: Matrix, n: int) -> NDArray[np.bool_]:
    """Users × items: what the ranker orders, each shopper's own items and the blend's best n among the rest.

    The ranker learns from exactly such pools, so it is never asked about items unlike those it was fitted on.
    """
    mask = owned > 0
    others = np.where(mask, -np.inf, blended)
    take = min(n, others.shape[1])
    if take > 0:
        best = np.argpartition(-others, take - 1, axis=1)[:, :take]
        chosen = np.take_along_axis(others, best, axis=1) > 0
        rows = np.broadcast_to(np.arange(others.shape[0])[:, None], best.shape)
        mask[rows[chosen], best[chosen]] = True
    return mask
