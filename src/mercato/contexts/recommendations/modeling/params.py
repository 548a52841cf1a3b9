"""The knobs of the blend and its learned re-ranker (ADR 0012); weights chosen on validation splits only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BlendParams:
    repeat_weight: float = 1.4
    factors_weight: float = 0.35
    cooccurrence_weight: float = 0.2
    content_weight: float = 0.08
    popular_weight: float = 0.17
    trending_weight: float = 0.1
    repeat_half_life_days: float = 365.0  # how fast an old purchase stops predicting a re-order
    repeat_rate_exponent: float = 0.5  # how much an item's general re-order rate scales a shopper's own history
    history_half_life_days: float = 60.0  # how fast old engagement stops shaping the neighbours we look for
    trend_half_life_days: float = 7.0
    neighbours: int = 50  # item × item neighbours kept per item
    neighbour_shrink: float = 5.0
    factors: int = 64
    regularization: float = 0.05
    alpha: float = 10.0
    iterations: int = 15
    purchase_weight: float = 1.0  # interactions weighted at least this count as purchases
    tune_days: float = 0.0  # > 0: re-learn the six weights on the last tune_days before as_of (tuning.py)
    rank_days: float = 30.0  # > 0: learn a linear re-ranker on the last rank_days before as_of (ranking.py)
    rank_candidates: int = 100  # per shopper, the blend's top items (besides their own) the ranker learns from
    rank_pairs: int = 200  # (bought, not bought) pairs per shopper the ranker's starting weights learn from
    rank_search: int = 1  # coordinate-search passes per step size on the label window's NDCG@20 (0: none)
    rank_c: float = 1.0  # inverse L2 strength of the ranker's logistic regression

    def weights(self) -> dict[str, float]:
        return {"bought_before": self.repeat_weight, "similar_shoppers": self.factors_weight,
                "bought_together": self.cooccurrence_weight, "similar_text": self.content_weight,
                "popular": self.popular_weight, "trending": self.trending_weight}
