"""What `mercato assistant evaluate` measures: models × labelled sets, and answer selection on ECD.

Every model here is trained on Bitext's train part plus (for the shipped model) our own training corpora;
none ever sees a test or development row. Results are plain dicts so the command can print and dump them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import answer_selection as ecd
from .corpus import (
    DATA_DIR,
    OWN_DEV,
    OWN_TEST,
    OWN_TRAINING,
    Utterance,
    bitext_split,
    own_utterances,
    read_bitext_csv,
    read_utterances,
)
from .evaluation import IntentScores, score_intents, worst_intents
from .intents import BITEXT_CATEGORIES, OUT_OF_SCOPE
from .model import IntentModel

Predictor = Callable[[Sequence[str]], list[str]]


@dataclass(frozen=True)
class LabelledSet:
    name: str
    rows: tuple[Utterance, ...]


def project_sets(*, include_dev: bool = False) -> list[LabelledSet]:
    """The Bitext test split and our own test sets (and, on request, every development set)."""
    split = bitext_split(read_bitext_csv())
    sets = [LabelledSet("bitext test split", split.test)]
    sets += [LabelledSet(f"own {name.removesuffix('.jsonl')}", tuple(read_utterances(DATA_DIR / name)))
             for name in OWN_TEST]
    if include_dev:
        sets.append(LabelledSet("bitext dev split", split.dev))
        sets += [LabelledSet(f"own {name.removesuffix('.jsonl')}", tuple(read_utterances(DATA_DIR / name)))
                 for name in OWN_DEV]
    return sets


def file_set(path: Path) -> LabelledSet:
    return LabelledSet(str(path), tuple(read_utterances(path)))


def build_models(*, seed: int = 0) -> tuple[dict[str, Predictor], set[str]]:
    """The shipped model and its baselines, and the lower-cased texts the shipped model was trained on."""
    bitext = list(bitext_split(read_bitext_csv()).train)
    own = own_utterances(OWN_TRAINING)
    shipped = IntentModel(bitext + own, own_weight_for=[False] * len(bitext) + [True] * len(own), seed=seed)
    bitext_only = IntentModel(bitext, seed=seed)
    majority = Counter(u.intent for u in bitext + own).most_common(1)[0][0]
    models: dict[str, Predictor] = {
        "tf-idf words+chars, linear SVM (shipped)": shipped.predict,
        "baseline: same model, Bitext train only": bitext_only.predict,
        "baseline: most frequent intent": lambda texts: [majority] * len(texts),
    }
    return models, {_key(u.text) for u in bitext + own}


def evaluate_set(labelled: LabelledSet, models: dict[str, Predictor], trained_texts: set[str], *,
                 seed: int = 0) -> dict[str, Any]:
    rows = labelled.rows
    gold = [r.intent for r in rows]
    unseen = [i for i, r in enumerate(rows) if _key(r.text) not in trained_texts]
    result: dict[str, Any] = {"name": labelled.name, "count": len(rows), "unseen_count": len(unseen),
                              "languages": dict(Counter(r.lang for r in rows)), "models": {}}
    for name, predict in models.items():
        predicted = predict([r.text for r in rows])
        overall = score_intents(gold, predicted, seed=seed)
        entry: dict[str, Any] = {"all": _summary(overall)}
        for lang in sorted({r.lang for r in rows}):
            picked = [i for i, r in enumerate(rows) if r.lang == lang]
            entry[lang] = _summary(score_intents([gold[i] for i in picked], [predicted[i] for i in picked],
                                                 seed=seed))
        entry["unseen_text"] = _summary(score_intents([gold[i] for i in unseen], [predicted[i] for i in unseen],
                                                      seed=seed))
        entry["category_accuracy"] = _category_accuracy(gold, predicted)
        entry["worst_intents"] = [
            {"intent": w.intent, "f1": round(w.f1, 4), "support": w.support,
             "mistaken_for": [{"intent": i, "count": n} for i, n in w.mistaken_for]}
            for w in worst_intents(overall)]
        result["models"][name] = entry
    return result


def evaluate_answer_selection(test_path: Path, train_path: Path | None, *, seed: int = 0) -> dict[str, Any]:
    """Rank the ECD test candidates; the recency decay is picked on the train sample when it is there."""
    test = ecd.read_ecd(test_path)
    decay = ecd.choose_decay(ecd.read_ecd(train_path)) if train_path and train_path.exists() else 0.7
    documents = ecd.corpus_documents(test)
    rankers = {
        f"BM25 over context words (decay {decay})": ecd.Bm25Ranker(documents, decay=decay).score,
        f"char-bigram TF-IDF cosine (decay {decay})": ecd.CharBigramCosine(documents, decay=decay).score,
    }
    rows: dict[str, Any] = {"baseline: random order (expected)": {
        name: {"value": round(v, 4)} for name, v in ecd.random_ranking_expectation().items()}}
    for name, score in rankers.items():
        scores = ecd.ranking_scores(ecd.rank_cases(test, score), seed=seed)
        values = {f"R10@{k}": v for k, v in scores.recall_at.items()} | {"MRR": scores.mrr}
        rows[name] = {metric: {"value": round(v, 4), "ci95": [round(x, 4) for x in scores.intervals[metric]]}
                      for metric, v in values.items()}
    return {"file": str(test_path), "contexts": len(test), "decay": decay, "rankers": rows}


def _summary(scores: IntentScores) -> dict[str, Any]:
    return {"count": scores.count, "accuracy": round(scores.accuracy, 4), "macro_f1": round(scores.macro_f1, 4),
            "accuracy_ci95": [round(x, 4) for x in scores.accuracy_interval]}


def _category_accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    if not gold:
        return 0.0
    hits = sum(BITEXT_CATEGORIES.get(g, g) == BITEXT_CATEGORIES.get(p, p) for g, p in zip(gold, predicted, strict=True))
    return round(hits / len(gold), 4)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def cross_validate_own(*, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """K-fold accuracy on our own training corpora (Bitext train always in): a second view of generalisation.

    Out-of-scope rows are learned in every fold but not scored: the model never names that intent.
    """
    bitext = list(bitext_split(read_bitext_csv()).train)
    own = own_utterances(OWN_TRAINING)
    order = list(range(len(own)))
    random.Random(seed).shuffle(order)
    gold: list[Utterance] = []
    predicted: list[str] = []
    for fold in range(folds):
        held = set(order[fold::folds])
        kept = [u for i, u in enumerate(own) if i not in held]
        tested = [u for i, u in enumerate(own) if i in held and u.intent != OUT_OF_SCOPE]
        model = IntentModel(bitext + kept, own_weight_for=[False] * len(bitext) + [True] * len(kept), seed=seed)
        gold += tested
        predicted += model.predict([u.text for u in tested])
    result: dict[str, Any] = {"folds": folds, "count": len(gold)}
    for lang in ("en", "zh"):
        picked = [i for i, u in enumerate(gold) if u.lang == lang]
        result[lang] = _summary(score_intents([gold[i].intent for i in picked], [predicted[i] for i in picked],
                                              seed=seed))
    return result
