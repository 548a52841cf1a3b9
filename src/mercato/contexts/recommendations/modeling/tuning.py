"""Weights learned per shop at fit time: a coordinate search on the shop's own most recent weeks.

The last `tune_days` before `as_of` are held out, the signals are fitted on what came before, and each weight is
scaled up and down while the held-out NDCG@20 (geometric mean of the all-items and new-items views) improves.
Only data before `as_of` is ever used, so an evaluation's test period stays unseen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from .components import fit_components
from .params import BlendParams
from .table import InteractionTable

WEIGHTS = ("repeat_weight", "factors_weight", "cooccurrence_weight", "content_weight", "popular_weight",
           "trending_weight")
STEPS = ((0.5, 2.0), (0.75, 4 / 3))
MAX_SHOPPERS = 1200
K = 20


def tuned_params(table: InteractionTable, texts: Mapping[str, str], as_of: float, seed: int,
                 params: BlendParams) -> BlendParams:
    """The params with weights chosen on the held-out weeks; unchanged when those weeks are too thin to judge."""
    from .blend import BlendedRecommender  # the blend calls this module while fitting
    from .evaluation import VIEWS, score_ranker, split, test_baskets

    start = as_of - params.tune_days
    inner, held_out = split(table.before(as_of), start)
    baskets = test_baskets(inner, held_out)
    if len(baskets) < 20:
        return params
    users = sorted(baskets)
    if len(users) > MAX_SHOPPERS:
        users = sorted(np.random.default_rng(seed).choice(users, MAX_SHOPPERS, replace=False).tolist())
    sample = {user: baskets[user] for user in users}
    known = set(inner.item_ids)
    parts = fit_components(inner, {i: t for i, t in texts.items() if i in known}, start, seed, params)

    def quality(candidate: BlendParams) -> float:
        views = score_ranker(BlendedRecommender(parts, candidate), inner, sample, K)
        return float(np.sqrt(np.prod([views[view].ndcg for view in VIEWS])))

    best, best_quality = params, quality(params)
    for factors in STEPS:
        for name in WEIGHTS:
            for factor in factors:
                candidate = replace(best, **{name: getattr(best, name) * factor})
                value = quality(candidate)
                if value > best_quality:
                    best, best_quality = candidate, value
    return best
