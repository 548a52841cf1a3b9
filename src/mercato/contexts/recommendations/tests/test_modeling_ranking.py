"""The learned re-ranker: features only from the past, true reasons, the same answers for a seed."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from mercato.contexts.recommendations.modeling import VIEW_WEIGHT, BlendedRecommender, BlendParams, Interaction, ranking
from mercato.contexts.recommendations.modeling.components import SIGNALS, user_signals
from mercato.contexts.recommendations.modeling.table import InteractionTable, epoch_days

from .test_modeling_blend import START, TEXTS, shop

PARAMS = BlendParams(factors=8, iterations=5)
AS_OF = START + timedelta(days=90)


@pytest.fixture(scope="module")
def model() -> BlendedRecommender:
    return BlendedRecommender.fit(shop(), TEXTS, as_of=AS_OF, seed=1, params=PARAMS)


def test_the_ranker_is_learned_and_each_reason_is_its_largest_positive_contribution(
        model: BlendedRecommender) -> None:
    assert model.ranker is not None and model.habits is not None
    row = model.parts.user_ids.index("u3")
    rows = np.asarray([row])
    values = ranking.features(model.parts, model.habits, rows, np.asarray([True]), user_signals(model.parts, rows))
    coefficients = dict(zip(ranking.NAMES, model.ranker.coefficients, strict=True))
    groups = dict(ranking.FEATURES)
    recommended = model.recommend("u3", 20)
    assert len(recommended) == 20
    for scored in recommended:
        k = model.item_ids.index(scored.item_id)
        added = {name: 0.0 for name in SIGNALS}
        for name, value in values.items():
            added[groups[name]] += coefficients[name] * float(value[0, k])
        positive = {name: value for name, value in added.items() if value > 0}
        assert positive, "every item u3 is offered has something speaking for it"
        assert scored.reason == max(positive, key=lambda name: positive[name])
        assert scored.score == pytest.approx(float(ranking.softplus(sum(added.values()))), rel=1e-4, abs=1e-5)
    assert [s.score for s in recommended] == sorted((s.score for s in recommended), reverse=True)


def test_habits_count_buying_days_and_gaps_from_purchases_only() -> None:
    base = epoch_days(START)
    rows = [("u", "x", 0.3), ("u", "x", 10.2), ("u", "x", 10.6), ("u", "x", 20.1), ("u", "z", 5.0),
            ("u", "y", 25.0, VIEW_WEIGHT), ("v", "x", 29.0)]
    table = InteractionTable.from_columns([r[0] for r in rows], [r[1] for r in rows],
                                          [base + r[2] for r in rows], [r[3] if len(r) > 3 else 1.0 for r in rows])
    found = ranking.habits(table, base + 30.0, BlendParams())
    u, v = table.user_ids.index("u"), table.user_ids.index("v")
    x, y, z = (table.item_ids.index(i) for i in "xyz")
    assert found.days[u, x] == 3 and found.days[u, z] == 1 and found.days[u, y] == 0  # a view is not a buy
    assert found.since_last[u, x] == 30 - 20 + 1 and found.since_last[u, z] == 30 - 5 + 1
    assert found.interval[u, x] == pytest.approx(10 + 1) and found.interval[u, z] == 0  # one day: no rhythm yet
    assert found.orders_since[u, x] == 0 + 1 and found.orders_since[u, z] == 2 + 1  # days 10 and 20 came after
    assert found.user_days[u] == 4 and found.user_days[v] == 1
    assert found.days_30[u, x] == 3 and found.days_30[u, z] == 1


def test_the_window_gives_only_labels_and_nothing_from_as_of_on_is_read() -> None:
    rows = shop()
    table = InteractionTable.from_interactions(rows)
    as_of = epoch_days(AS_OF)
    params = replace(PARAMS, rank_days=30)
    pools = ranking.training_pools(table, TEXTS, as_of, 2, params)
    assert pools is not None and pools.label.any() and (~pools.label).any()
    # more purchases inside the label window: the same features, only more labels
    rng = random.Random(3)
    extra = [Interaction(r.user_id, r.item_id, AS_OF - timedelta(days=1 + rng.random()))
             for r in rows[:200] if r.timestamp < AS_OF - timedelta(days=30)]
    richer = ranking.training_pools(InteractionTable.from_interactions(rows + extra), TEXTS, as_of, 2, params)
    assert richer is not None
    assert np.array_equal(richer.x, pools.x) and richer.label.sum() > pools.label.sum()
    # rows at or after as_of change nothing the ranker learns
    later = [Interaction(f"u{u}", f"b{u % 20}", AS_OF + timedelta(days=1 + u % 5)) for u in range(60)]
    with_later = InteractionTable.from_interactions(rows + later)
    assert ranking.learn(with_later, TEXTS, as_of, 2, params) == ranking.learn(table, TEXTS, as_of, 2, params)


def test_same_seed_same_ranker_and_answers() -> None:
    first = BlendedRecommender.fit(shop(), TEXTS, as_of=AS_OF, seed=4, params=PARAMS)
    again = BlendedRecommender.fit(list(reversed(shop())), TEXTS, as_of=AS_OF, seed=4, params=PARAMS)
    assert first.ranker is not None and first.ranker == again.ranker
    for user in ("u0", "u1", "u7"):
        assert first.recommend(user, 15) == again.recommend(user, 15)


def test_an_item_nothing_spoke_for_is_explained_by_what_put_it_in_the_pool(model: BlendedRecommender) -> None:
    """A stranger's pool is the blend's non-personal best; if the ranker's contributions for an item are all
    negative, the reason is the blend signal (popular or trending) that put it there, never a personal one."""
    assert model.ranker is not None
    contributions = model.contributions("stranger")
    weights = model.params.weights()
    popular, trending = model.parts.popular, model.parts.trending
    for scored in model.recommend("stranger", 10):
        k = model.item_ids.index(scored.item_id)
        added = {name: float(m[k]) for name, m in contributions.items()}
        positive = {name: value for name, value in added.items() if value > 0}
        if positive:
            assert scored.reason == max(positive, key=lambda name: positive[name])
        else:
            blended = {"popular": weights["popular"] * popular[k], "trending": weights["trending"] * trending[k]}
            assert scored.reason == max(blended, key=lambda name: blended[name])


def test_a_window_too_thin_to_learn_from_keeps_the_plain_blend() -> None:
    early = [r for r in shop() if r.timestamp < START + timedelta(days=40)]
    fitted = BlendedRecommender.fit(early, TEXTS, as_of=AS_OF, seed=1, params=PARAMS)  # nothing in the last 30 days
    assert fitted.ranker is None
    assert fitted.recommend("u1", 5)[0].reason == "bought_before"


def test_the_ranker_orders_only_a_shoppers_own_items_and_the_blends_best_others(model: BlendedRecommender) -> None:
    small = BlendedRecommender.fit(shop(), TEXTS, as_of=AS_OF, seed=1, params=replace(PARAMS, rank_candidates=3))
    assert small.ranker is not None
    row = small.parts.user_ids.index("u1")
    owned = set(small.habits.days[row].indices.tolist()) if small.habits is not None else set()
    picked = {small.item_ids.index(s.item_id) for s in small.recommend("u1", 60)}
    assert owned <= picked and len(picked - owned) == 3


def test_without_as_of_the_last_purchase_counts_too() -> None:
    rows = [*shop(), Interaction("u1", "b7", START + timedelta(days=95))]  # the shop's very last row
    fitted = BlendedRecommender.fit(rows, TEXTS, seed=1, params=PARAMS)
    assert fitted.habits is not None
    row, item = fitted.parts.user_ids.index("u1"), fitted.item_ids.index("b7")
    assert fitted.habits.days[row, item] == 1
    assert fitted.contributions("u1")["bought_before"][item] != 0  # its own buying features speak for or against it
    assert "b7" in {s.item_id for s in fitted.recommend("u1", 100)}  # an own item is always in the ranked pool
