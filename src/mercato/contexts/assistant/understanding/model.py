"""The intent classifier: TF-IDF (words + characters) into a linear SVM, its margins turned into probabilities.

A linear SVM trains in about a second on the CPU (logistic regression took fifteen times longer for the same
development accuracy, see ADR 0014). A softmax over its margins, with one temperature fitted on the development
sets, gives the conversation manager confidences it can threshold (ask again, hand over).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from .corpus import Utterance
from .features import normalise, word_ngrams
from .intents import OUT_OF_SCOPE


@dataclass(frozen=True)
class ModelSettings:
    """Chosen on the development sets only (see ADR 0014)."""

    svm_c: float = 1.0
    own_data_weight: float = 2.0
    char_ngrams: tuple[int, int] = (1, 4)
    margin_scale: float = 6.0  # softmax(margin × scale): the inverse temperature


class IntentModel:
    """Fitted once; ``rank`` is read-only, so one instance serves every thread of a process."""

    def __init__(self, utterances: Sequence[Utterance], *, own_weight_for: Sequence[bool] | None = None,
                 settings: ModelSettings = ModelSettings(), seed: int = 0) -> None:
        self.settings = settings
        self._words = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, dtype=np.float32)
        self._chars = TfidfVectorizer(analyzer="char_wb", preprocessor=normalise, ngram_range=settings.char_ngrams,
                                      sublinear_tf=True, dtype=np.float32)
        texts = [u.text for u in utterances]
        features = hstack([self._words.fit_transform(texts), self._chars.fit_transform(texts)]).tocsr()
        weights = np.ones(len(texts))
        if own_weight_for is not None:
            weights[np.asarray(own_weight_for, dtype=bool)] = settings.own_data_weight
        self._classifier = LinearSVC(C=settings.svm_c, random_state=seed)
        self._classifier.fit(features, [u.intent for u in utterances], sample_weight=weights)
        self.intents: tuple[str, ...] = tuple(str(c) for c in self._classifier.classes_)
        self._answerable = np.array([intent != OUT_OF_SCOPE for intent in self.intents])
        self._single = _SingleMessagePath(self._words, self._chars, self._classifier)

    def _features(self, texts: Sequence[str]) -> csr_matrix:
        return hstack([self._words.transform(texts), self._chars.transform(texts)]).tocsr()

    def margins(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """One row per text, one column per intent (``self.intents`` order)."""
        margins = np.asarray(self._classifier.decision_function(self._features(texts)), dtype=np.float64)
        return np.column_stack([-margins, margins]) if margins.ndim == 1 else margins  # two intents: one margin

    def probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        return softmax(self.margins(texts), self.settings.margin_scale)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every answerable intent with its probability, best first; out-of-scope mass is left out, not spread."""
        probabilities = softmax(self._single.margins(text)[np.newaxis, :], self.settings.margin_scale)[0]
        order = np.argsort(-probabilities, kind="stable")
        return [(self.intents[i], float(probabilities[i])) for i in order if self._answerable[i]]

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The best answerable intent of each text (what ``understand`` would name)."""
        if not texts:
            return []
        margins = np.where(self._answerable, self.margins(texts), -np.inf)
        return [self.intents[i] for i in np.argmax(margins, axis=1)]


class _SingleMessagePath:
    """The fitted vectorisers and SVM, replayed with dictionaries and one dense dot product.

    Same numbers as scikit-learn's transform + decision_function (a test checks it), without its per-call
    validation and sparse-matrix building, which cost several milliseconds per message.
    """

    def __init__(self, words: TfidfVectorizer, chars: TfidfVectorizer, classifier: LinearSVC) -> None:
        self._parts = [(v.build_analyzer(), v.vocabulary_, np.asarray(v.idf_, dtype=np.float64), offset)
                       for v, offset in ((words, 0), (chars, len(words.vocabulary_)))]
        coef = np.asarray(classifier.coef_, dtype=np.float64)
        intercept = np.asarray(classifier.intercept_, dtype=np.float64)
        self._binary = coef.shape[0] == 1
        self._coef = np.vstack([-coef, coef]) if self._binary else coef
        self._intercept = np.concatenate([-intercept, intercept]) if self._binary else intercept

    def margins(self, text: str) -> NDArray[np.float64]:
        columns: list[int] = []
        values: list[float] = []
        for analyse, vocabulary, idf, offset in self._parts:
            counts: dict[int, int] = {}
            for gram in analyse(text):
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[indices]
            weights /= np.sqrt(np.dot(weights, weights))
            columns += (indices + offset).tolist()
            values += weights.tolist()
        if not columns:
            return self._intercept.copy()
        return np.asarray(self._coef[:, columns] @ np.asarray(values) + self._intercept, dtype=np.float64)


def softmax(margins: NDArray[np.float64], scale: float) -> NDArray[np.float64]:
    scaled = margins * scale
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)
