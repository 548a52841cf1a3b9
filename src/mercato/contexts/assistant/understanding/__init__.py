"""Language understanding for the customer-service assistant: intent, entities, language and sentiment.

A pure package (scikit-learn, jieba, numpy; no Django). The intent model is trained once per process, lazily,
from the corpora shipped in ``assistant/data``; after that ``understand`` takes about a millisecond.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .corpus import OWN_TRAINING, bitext_split, own_utterances, read_bitext_csv
from .entities import amount_value, find_entities
from .intents import BITEXT_INTENTS, INTENTS
from .language import detect_language
from .model import IntentModel
from .sentiment import sentiment

__all__ = ["BITEXT_INTENTS", "INTENTS", "Entity", "Understanding", "amount_value", "detect_language",
           "shipped_model", "understand"]

ALTERNATIVES = 3


@dataclass(frozen=True)
class Entity:
    kind: str  # order_number, product, date (ISO value), amount ("299.50 CNY"), email, phone
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    lang: str  # "en" | "zh"
    entities: tuple[Entity, ...]
    sentiment: float  # -1 (very negative/angry) .. 1
    alternatives: tuple[tuple[str, float], ...]  # next best intents with their probabilities


_model: IntentModel | None = None
_model_lock = threading.Lock()


def shipped_model() -> IntentModel:
    """The model trained on Bitext's train part and our own training corpora; built once per process."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                bitext = list(bitext_split(read_bitext_csv()).train)
                own = own_utterances(OWN_TRAINING)
                _model = IntentModel(bitext + own, own_weight_for=[False] * len(bitext) + [True] * len(own))
    return _model


def understand(text: str, *, today: date | None = None, products: Iterable[str] = ()) -> Understanding:
    """What the shopper wants and mentions.

    ``today`` anchors relative dates (pass ``clock.local_date(clock.now())``; the system date is only a
    fallback for scripts). ``products`` are names to look for first (the catalogue, the shopper's order lines).
    """
    ranked = shipped_model().rank(text)
    spans = find_entities(text, today=today or date.today(), products=products)
    return Understanding(
        intent=ranked[0][0],
        confidence=round(ranked[0][1], 4),
        lang=detect_language(text),
        entities=tuple(Entity(s.kind, s.value, s.start, s.end) for s in spans),
        sentiment=sentiment(text),
        alternatives=tuple((intent, round(p, 4)) for intent, p in ranked[1:1 + ALTERNATIVES]),
    )
