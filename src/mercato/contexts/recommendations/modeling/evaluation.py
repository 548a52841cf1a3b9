"""The offline evaluation of EVALUATION.md: a time split, the blend against four baselines, two views.

"all items": rank the whole catalogue; relevant = what the shopper bought in the test period.
"new items only": the shopper's training items are removed from the list; relevant = test items they had never
bought before. Only shoppers seen in training are evaluated (cold-start shoppers get the popular list anyway).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from . import metrics
from .baselines import BASELINES, Ranker
from .blend import BlendedRecommender, top_indices
from .params import BlendParams
from .signals import popularity, user_item
from .table import InteractionTable

CELLS_PER_BATCH = 1_000_000  # shoppers × items scored at once: ~256 shoppers at 4k items, a few at 100k
VIEWS = ("all items", "new items only")
BLEND = "blend"


@dataclass(frozen=True)
class ViewScores:
    recall: float
    ndcg: float
    coverage: float
    popularity_bias: float
    users: int
    ndcg_per_user: tuple[float, ...] = field(default=(), repr=False)  # in sorted user order, for the interval


@dataclass(frozen=True)
class ModelResult:
    model: str
    views: dict[str, ViewScores]
    fit_seconds: float
    score_seconds: float


@dataclass
class Report:
    split_day: float
    k: int
    train_rows: int
    test_rows: int
    train_users: int
    train_items: int
    results: list[ModelResult] = field(default_factory=list)
    blend_weights: dict[str, float] = field(default_factory=dict)  # as fitted (learned ones when tune_days > 0)
    ranker_weights: dict[str, float] = field(default_factory=dict)  # the learned re-ranker's, when one was fitted

    def result(self, model: str) -> ModelResult:
        return next(r for r in self.results if r.model == model)

    def best_baseline(self, view: str) -> ModelResult:
        return max((r for r in self.results if r.model != BLEND), key=lambda r: r.views[view].ndcg)

    def lift(self, view: str) -> float:
        """Relative NDCG gain of the blend over the best baseline in a view (0.1 = 10 % better)."""
        best = self.best_baseline(view).views[view].ndcg
        return self.result(BLEND).views[view].ndcg / best - 1.0 if best > 0 else float("inf")

    def lift_interval(self, view: str, resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
        """95 % paired-bootstrap interval of the lift (shoppers resampled, blend and baseline on the same ones)."""
        blend = np.asarray(self.result(BLEND).views[view].ndcg_per_user)
        base = np.asarray(self.best_baseline(view).views[view].ndcg_per_user)
        if blend.size == 0 or blend.size != base.size:
            return (float("nan"), float("nan"))
        picks = np.random.default_rng(seed).integers(0, blend.size, size=(resamples, blend.size))
        lifts = blend[picks].mean(axis=1) / np.maximum(base[picks].mean(axis=1), 1e-12) - 1.0
        low, high = np.percentile(lifts, [2.5, 97.5])
        return float(low), float(high)

    def as_dict(self) -> dict[str, object]:
        results = [{"model": r.model, "fit_seconds": r.fit_seconds, "score_seconds": r.score_seconds,
                    "views": {view: {name: value for name, value in asdict(scores).items() if name != "ndcg_per_user"}
                              for view, scores in r.views.items()}} for r in self.results]
        summary: dict[str, object] = {}
        if any(r.model == BLEND for r in self.results) and len(self.results) > 1:
            summary = {view: {"best_baseline": self.best_baseline(view).model, "lift": self.lift(view),
                              "lift_95_interval": self.lift_interval(view)} for view in VIEWS}
        return {"split_day": self.split_day, "k": self.k, "train_rows": self.train_rows, "test_rows": self.test_rows,
                "train_users": self.train_users, "train_items": self.train_items, "results": results,
                "blend_weights": self.blend_weights, "ranker_weights": self.ranker_weights,
                "blend_vs_best_baseline_ndcg": summary}


def split(table: InteractionTable, split_day: float) -> tuple[InteractionTable, InteractionTable]:
    """Train strictly before the split day, test from it; no test row ever reaches training."""
    train, test = table.before(split_day), table.from_day(split_day)
    assert len(train) == 0 or float(train.day.max()) < split_day, "a test row leaked into training"
    assert len(train) + len(test) == len(table)
    return train, test


def test_baskets(train: InteractionTable, test: InteractionTable) -> dict[str, set[str]]:
    known = set(train.user_ids)
    baskets: dict[str, set[str]] = {}
    for u, i in zip(test.user.tolist(), test.item.tolist(), strict=True):
        user = test.user_ids[u]
        if user in known:
            baskets.setdefault(user, set()).add(test.item_ids[i])
    return baskets


def score_ranker(ranker: Ranker, train: InteractionTable, baskets: Mapping[str, set[str]], k: int
                 ) -> dict[str, ViewScores]:
    """Top-k lists for every evaluated shopper in both views, and the metrics over them."""
    if ranker.item_ids != train.item_ids:
        raise ValueError("rankers must index the training items")
    owned = user_item(train)
    user_row = {u: r for r, u in enumerate(train.user_ids)}
    counts = dict(zip(train.item_ids, popularity(train, train.n_items).tolist(), strict=True))
    percentile = metrics.popularity_percentiles(counts)
    users = sorted(baskets)
    lists: dict[str, list[list[str]]] = {view: [] for view in VIEWS}
    per_user: dict[str, list[tuple[float, float]]] = {view: [] for view in VIEWS}
    step = max(1, min(256, CELLS_PER_BATCH // max(train.n_items, 1)))
    for start in range(0, len(users), step):
        batch = users[start:start + step]
        scores = ranker.scores(batch)
        for b, user in enumerate(batch):
            own = owned[user_row[user]].indices
            bought_before = {train.item_ids[j] for j in own}
            for view in VIEWS:
                row = scores[b].copy()
                relevant = baskets[user]
                if view == VIEWS[1]:
                    row[own] = 0.0
                    relevant = relevant - bought_before
                    if not relevant:
                        continue
                ranked = [train.item_ids[j] for j in top_indices(row, k)]
                lists[view].append(ranked)
                per_user[view].append((metrics.recall_at_k(ranked, relevant, k),
                                       metrics.ndcg_at_k(ranked, relevant, k)))
    return {view: ViewScores(
        recall=float(np.mean([r for r, _ in per_user[view]])) if per_user[view] else 0.0,
        ndcg=float(np.mean([n for _, n in per_user[view]])) if per_user[view] else 0.0,
        coverage=metrics.coverage(lists[view], train.n_items),
        popularity_bias=metrics.popularity_bias(lists[view], percentile),
        users=len(per_user[view]), ndcg_per_user=tuple(n for _, n in per_user[view])) for view in VIEWS}


def evaluate(table: InteractionTable, split_day: float, k: int, *, seed: int = 0,
             item_texts: Mapping[str, str] | None = None, params: BlendParams | None = None,
             models: Sequence[str] | None = None) -> Report:
    """Fit every model on the training rows only, then score the test period; `models` limits which run."""
    train, test = split(table, split_day)
    report = Report(split_day, k, len(train), len(test), train.n_users, train.n_items)
    if len(train) == 0 or len(test) == 0:
        return report
    baskets = test_baskets(train, test)
    texts = {item: text for item, text in (item_texts or {}).items() if item in set(train.item_ids)}
    def fit_blend(table: InteractionTable, as_of: float) -> Ranker:
        return BlendedRecommender.fit_table(table, texts, as_of=as_of, seed=seed, params=params)

    for name, fit in {**BASELINES, BLEND: fit_blend}.items():
        if models is not None and name not in models:
            continue
        started = time.perf_counter()
        ranker = fit(train, split_day)
        fit_seconds = time.perf_counter() - started
        if isinstance(ranker, BlendedRecommender):
            report.blend_weights = ranker.params.weights()
            report.ranker_weights = ranker.ranker.weights() if ranker.ranker is not None else {}
        started = time.perf_counter()
        views = score_ranker(ranker, train, baskets, k)
        report.results.append(ModelResult(name, views, fit_seconds, time.perf_counter() - started))
    return report


def format_report(report: Report, title: str) -> str:
    k = report.k
    head = f"{'model':18}" + "".join(f" | {view:^43}" for view in VIEWS)
    sub = f"{'':18}" + f" | {'Recall@' + str(k):>10} {'NDCG@' + str(k):>10} {'coverage':>9} {'pop.bias':>10}" * 2
    lines = [title, f"train rows {report.train_rows}, test rows {report.test_rows}, shoppers in train "
             f"{report.train_users}, items in train {report.train_items}", head, sub, "-" * len(sub)]
    for result in report.results:
        cells = "".join(f" | {v.recall:>10.4f} {v.ndcg:>10.4f} {v.coverage:>9.3f} {v.popularity_bias:>10.3f}"
                        for v in (result.views[view] for view in VIEWS))
        lines.append(f"{result.model:18}{cells}")
    if report.results and any(r.model == BLEND for r in report.results) and len(report.results) > 1:
        users = ", ".join(f"{view}: {report.result(BLEND).views[view].users}" for view in VIEWS)
        lines.append(f"shoppers evaluated ({users})")
        lines.append("blend weights: " + ", ".join(f"{n} {w:.3g}" for n, w in report.blend_weights.items()))
        if report.ranker_weights:
            lines.append("re-ranker weights (learned on the last rank_days before the split): " +
                         ", ".join(f"{n} {w:.3g}" for n, w in report.ranker_weights.items()))
        for view in VIEWS:
            best = report.best_baseline(view)
            low, high = report.lift_interval(view)
            lines.append(f"{view}: blend NDCG@{k} vs best baseline ({best.model}) {report.lift(view):+.1%} "
                         f"(95% bootstrap interval {low:+.1%} .. {high:+.1%})")
    return "\n".join(lines)
