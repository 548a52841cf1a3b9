"""The intent classifier: TF-IDF (words + characters) into a multinomial logistic regression.

Logistic regression gives probabilities the conversation manager can threshold (ask again, hand over); it
trains in seconds on the CPU and predicts one message in about a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .corpus import Utterance
from .features import normalise, word_ngrams


@dataclass(frozen=True)
class ModelSettings:
    """Chosen on the development sets only (see ADR 0014)."""

    regularisation_c: float = 20.0
    own_data_weight: float = 2.0
    char_ngrams: tuple[int, int] = (1, 4)


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
        self._classifier = LogisticRegression(C=settings.regularisation_c, max_iter=3000, random_state=seed)
        self._classifier.fit(features, [u.intent for u in utterances], sample_weight=weights)
        self.intents: tuple[str, ...] = tuple(str(c) for c in self._classifier.classes_)

    def _features(self, texts: Sequence[str]):  # type: ignore[no-untyped-def]
        return hstack([self._words.transform(texts), self._chars.transform(texts)]).tocsr()

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every intent with its probability, best first."""
        probabilities = self._classifier.predict_proba(self._features([text]))[0]
        order = np.argsort(-probabilities, kind="stable")
        return [(self.intents[i], float(probabilities[i])) for i in order]

    def predict(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        return [str(label) for label in self._classifier.predict(self._features(texts))]
