"""Answer selection on the Taobao E-commerce Dialogue Corpus (ECD) sample: rank each context's candidates.

The rankers are unsupervised lexical similarities between the dialogue context and a candidate reply: BM25
over the corpus's own word segmentation, with later turns weighing more (the reply answers the last thing
said), and a character-bigram TF-IDF cosine. Only the recency decay is chosen, on the ECD train sample.
Metrics follow the corpus paper: R10@1, R10@2, R10@5 and MRR, with a bootstrap interval over contexts.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RankingCase:
    """One context with its candidate replies; ``correct`` holds the indices labelled 1."""

    context: tuple[tuple[str, ...], ...]  # turns, each a tuple of words
    candidates: tuple[tuple[str, ...], ...]
    correct: frozenset[int]


@dataclass(frozen=True)
class RankingScores:
    contexts: int
    recall_at: dict[int, float]  # k → R10@k
    mrr: float
    intervals: dict[str, tuple[float, float]]  # metric name → 95% bootstrap interval


def read_ecd(path: Path) -> list[RankingCase]:
    """``label \\t turn … \\t candidate`` rows; consecutive rows with the same context form one case."""
    grouped: dict[tuple[str, ...], tuple[list[tuple[str, ...]], set[int]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[0] not in ("0", "1"):
            raise ValueError(f"{path}:{number}: expected label<TAB>context…<TAB>candidate")
        context = tuple(fields[1:-1])
        candidates, correct = grouped.setdefault(context, ([], set()))
        if fields[0] == "1":
            correct.add(len(candidates))
        candidates.append(tuple(fields[-1].split()))
    return [RankingCase(tuple(tuple(turn.split()) for turn in context), tuple(candidates), frozenset(correct))
            for context, (candidates, correct) in grouped.items() if correct]


class Bm25Ranker:
    """BM25 of the candidate against the context's words, each turn weighted by ``decay ** distance``."""

    def __init__(self, documents: Sequence[Sequence[str]], *, decay: float = 0.6, k1: float = 1.2,
                 b: float = 0.75) -> None:
        self.decay, self.k1, self.b = decay, k1, b
        self._doc_count = len(documents)
        self._frequency = Counter(word for doc in documents for word in set(doc))
        self._average_length = sum(len(d) for d in documents) / max(len(documents), 1)

    def _idf(self, word: str) -> float:
        df = self._frequency.get(word, 0)
        return math.log(1 + (self._doc_count - df + 0.5) / (df + 0.5))

    def score(self, context: Sequence[Sequence[str]], candidate: Sequence[str]) -> float:
        query: dict[str, float] = {}
        for distance, turn in enumerate(reversed(context)):
            for word in turn:
                query[word] = query.get(word, 0.0) + self.decay ** distance
        counts = Counter(candidate)
        norm = self.k1 * (1 - self.b + self.b * len(candidate) / max(self._average_length, 1e-9))
        return sum(weight * self._idf(word) * counts[word] * (self.k1 + 1) / (counts[word] + norm)
                   for word, weight in query.items() if word in counts)


class CharBigramCosine:
    """TF-IDF cosine over character bigrams: robust to the corpus's uneven word segmentation."""

    def __init__(self, documents: Sequence[Sequence[str]], *, decay: float = 0.6) -> None:
        self.decay = decay
        grams = [set(_bigrams("".join(doc))) for doc in documents]
        frequency = Counter(g for doc in grams for g in doc)
        self._idf = {g: math.log((1 + len(grams)) / (1 + df)) + 1 for g, df in frequency.items()}

    def _vector(self, turns: Sequence[tuple[str, float]]) -> dict[str, float]:
        vector: dict[str, float] = {}
        for text, weight in turns:
            for gram in _bigrams(text):
                vector[gram] = vector.get(gram, 0.0) + weight * self._idf.get(gram, 1.0)
        return vector

    def score(self, context: Sequence[Sequence[str]], candidate: Sequence[str]) -> float:
        query = self._vector([("".join(turn), self.decay ** d) for d, turn in enumerate(reversed(context))])
        reply = self._vector([("".join(candidate), 1.0)])
        dot = sum(value * reply.get(gram, 0.0) for gram, value in query.items())
        norms = math.sqrt(sum(v * v for v in query.values())) * math.sqrt(sum(v * v for v in reply.values()))
        return dot / norms if norms else 0.0


def _bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def corpus_documents(cases: Sequence[RankingCase]) -> list[tuple[str, ...]]:
    """Every turn and candidate as a document: the unsupervised statistics come from the data being ranked."""
    return [doc for case in cases for doc in (*case.context, *case.candidates)]


def first_correct_rank(scores: Sequence[float], correct: frozenset[int]) -> int:
    """1-based rank of the best-placed correct candidate; ties are broken against us (pessimistic)."""
    best = max(scores[i] for i in correct)
    better = sum(1 for i, s in enumerate(scores) if s > best or (s == best and i not in correct))
    return better + 1


def rank_cases(cases: Sequence[RankingCase], score: Callable[[Sequence[Sequence[str]], Sequence[str]], float]
               ) -> list[int]:
    return [first_correct_rank([score(case.context, c) for c in case.candidates], case.correct) for case in cases]


def ranking_scores(ranks: Sequence[int], *, seed: int = 0, resamples: int = 1000) -> RankingScores:
    """R10@1/2/5 and MRR from the correct candidate's rank in each context, with percentile bootstrap CIs."""
    metrics: dict[str, Callable[[Sequence[int]], float]] = {
        "R10@1": lambda r: _share(r, 1), "R10@2": lambda r: _share(r, 2), "R10@5": lambda r: _share(r, 5),
        "MRR": lambda r: sum(1 / x for x in r) / len(r),
    }
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {name: [] for name in metrics}
    for _ in range(resamples):
        drawn = [ranks[rng.randrange(len(ranks))] for _ in ranks]
        for name, metric in metrics.items():
            samples[name].append(metric(drawn))
    intervals = {name: _percentiles(values) for name, values in samples.items()}
    return RankingScores(contexts=len(ranks), recall_at={k: _share(ranks, k) for k in (1, 2, 5)},
                         mrr=metrics["MRR"](ranks), intervals=intervals)


def _share(ranks: Sequence[int], k: int) -> float:
    return sum(1 for r in ranks if r <= k) / len(ranks)


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[int(0.025 * (len(ordered) - 1))], ordered[int(0.975 * (len(ordered) - 1))]


DECAYS: tuple[float, ...] = (0.0, 0.3, 0.5, 0.7, 0.9, 1.0)


def choose_decay(train_cases: Sequence[RankingCase]) -> float:
    """The recency decay with the best mean reciprocal rank on the training sample (ties: the smaller)."""
    def train_mrr(decay: float) -> float:
        ranks = rank_cases(train_cases, Bm25Ranker(corpus_documents(train_cases), decay=decay).score)
        return sum(1 / r for r in ranks) / len(ranks)
    return max(DECAYS, key=lambda d: (train_mrr(d), -d))


def random_ranking_expectation(candidates: int = 10) -> dict[str, float]:
    """What a ranker that knows nothing scores on average (one correct among ``candidates``)."""
    return {"R10@1": 1 / candidates, "R10@2": 2 / candidates, "R10@5": 5 / candidates,
            "MRR": sum(1 / r for r in range(1, candidates + 1)) / candidates}
