"""Intent metrics: accuracy, macro-F1 and the confusions of the worst intents, per language and overall.

Macro-F1 averages over every intent seen in the gold labels or the predictions (an intent the model invents
counts with F1 0), as scikit-learn's ``f1_score(average="macro")`` does.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class IntentScores:
    count: int
    accuracy: float
    macro_f1: float
    f1_by_intent: dict[str, float]
    support: dict[str, int]
    confusions: dict[tuple[str, str], int]  # (gold, predicted) → count, mistakes only
    accuracy_interval: tuple[float, float]  # 95% bootstrap interval


@dataclass(frozen=True)
class WorstIntent:
    intent: str
    f1: float
    support: int
    mistaken_for: tuple[tuple[str, int], ...]  # most frequent wrong predictions for this gold intent


def score_intents(gold: Sequence[str], predicted: Sequence[str], *, seed: int = 0,
                  resamples: int = 500) -> IntentScores:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    if not gold:
        return IntentScores(0, 0.0, 0.0, {}, {}, {}, (0.0, 0.0))
    hits = [g == p for g, p in zip(gold, predicted, strict=True)]
    true_pos = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    gold_count, predicted_count = Counter(gold), Counter(predicted)
    f1 = {}
    for intent in sorted(set(gold) | set(predicted)):
        denominator = gold_count[intent] + predicted_count[intent]
        f1[intent] = 2 * true_pos[intent] / denominator if denominator else 0.0
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return IntentScores(count=len(gold), accuracy=sum(hits) / len(hits), macro_f1=sum(f1.values()) / len(f1),
                        f1_by_intent=f1, support=dict(gold_count), confusions=dict(confusions),
                        accuracy_interval=_bootstrap_accuracy(hits, seed=seed, resamples=resamples))


def worst_intents(scores: IntentScores, count: int = 5) -> list[WorstIntent]:
    """The gold intents with the lowest F1 (then most support) and what they were taken for."""
    ranked = sorted(scores.support, key=lambda i: (scores.f1_by_intent[i], -scores.support[i], i))
    result = []
    for intent in ranked[:count]:
        if scores.f1_by_intent[intent] >= 1.0:
            break
        mistaken = sorted(((p, n) for (g, p), n in scores.confusions.items() if g == intent),
                          key=lambda pn: (-pn[1], pn[0]))[:3]
        result.append(WorstIntent(intent, scores.f1_by_intent[intent], scores.support[intent], tuple(mistaken)))
    return result


def _bootstrap_accuracy(hits: Sequence[bool], *, seed: int, resamples: int) -> tuple[float, float]:
    rng = random.Random(seed)
    n = len(hits)
    values = sorted(sum(hits[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    return values[int(0.025 * (resamples - 1))], values[int(0.975 * (resamples - 1))]
