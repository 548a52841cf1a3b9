"""Ranking metrics on cases small enough to compute by hand."""

from __future__ import annotations

import math

import pytest

from mercato.contexts.recommendations.modeling import evaluation, metrics


def test_recall_counts_the_share_of_relevant_items_found_in_the_top_k() -> None:
    assert metrics.recall_at_k(["a", "b", "c", "d"], {"b", "d", "z"}, 4) == pytest.approx(2 / 3)
    assert metrics.recall_at_k(["a", "b", "c", "d"], {"b", "d", "z"}, 2) == pytest.approx(1 / 3)
    assert metrics.recall_at_k(["a"], set(), 20) == 0.0


def test_ndcg_discounts_each_hit_by_the_log_of_its_rank() -> None:
    # hits at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3)
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert metrics.ndcg_at_k(["a", "b", "c", "d"], {"b", "d"}, 4) == pytest.approx(expected)
    assert expected == pytest.approx(0.650921, abs=1e-6)
    assert metrics.ndcg_at_k(["b", "d", "a"], {"b", "d"}, 4) == pytest.approx(1.0)
    assert metrics.ndcg_at_k(["a", "c"], {"b"}, 2) == 0.0


def test_ndcg_ideal_is_capped_at_k_relevant_items() -> None:
    # 5 relevant items but k = 2: a perfect top 2 scores 1.0
    assert metrics.ndcg_at_k(["a", "b"], {"a", "b", "c", "d", "e"}, 2) == pytest.approx(1.0)


def test_coverage_is_the_share_of_the_catalogue_ever_recommended() -> None:
    assert metrics.coverage([["a", "b"], ["b", "c"]], 10) == pytest.approx(0.3)
    assert metrics.coverage([], 0) == 0.0


def test_popularity_bias_is_the_mean_percentile_of_recommended_items() -> None:
    percentile = metrics.popularity_percentiles({"hit": 100, "mid": 10, "niche": 1, "tie": 10})
    assert percentile == {"hit": 1.0, "mid": 0.75, "tie": 0.75, "niche": 0.25}
    assert metrics.popularity_bias([["hit", "niche"], ["mid"]], percentile) == pytest.approx((1.0 + 0.25 + 0.75) / 3)


def test_the_lift_interval_brackets_the_lift_and_narrows_with_more_shoppers() -> None:
    def report(shoppers: int) -> evaluation.Report:
        blend = tuple(0.6 if k % 2 else 0.3 for k in range(shoppers))
        base = tuple(0.4 if k % 3 else 0.2 for k in range(shoppers))
        result = evaluation.Report(0.0, 20, 1, 1, 1, 1)
        for name, per_user in (("repeat + popular", base), ("blend", blend)):
            scores = evaluation.ViewScores(0.0, sum(per_user) / shoppers, 0.0, 0.0, shoppers, per_user)
            result.results.append(evaluation.ModelResult(name, dict.fromkeys(evaluation.VIEWS, scores), 0.0, 0.0))
        return result

    small, large = report(30), report(3000)
    for r in (small, large):
        low, high = r.lift_interval("all items")
        assert low < r.lift("all items") < high
    assert large.lift("all items") == pytest.approx(0.45 / (1.0 / 3 * 0.2 + 2.0 / 3 * 0.4) - 1, abs=0.01)
    width = [high - low for low, high in (r.lift_interval("all items") for r in (small, large))]
    assert width[1] < width[0] / 5
