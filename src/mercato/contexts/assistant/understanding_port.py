"""The one place the conversation side calls the language understanding (and, when configured and the offline
model is unsure, the optional OpenAI-compatible endpoint as a second opinion)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mercato.shared import clock

from . import llm_adapter
from .contracts import EntityView
from .domain.escalation_rules import LOW_CONFIDENCE
from .understanding import understand

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Understood:
    intent: str
    confidence: float
    lang: str
    sentiment: float
    entities: tuple[EntityView, ...]


def language_of(text: str, detected: str, fallback: str) -> str:
    """The reply's language: Chinese characters decide; a bare "2" or "ok" keeps the conversation's language."""
    if _CJK.search(text):
        return "zh"
    if _LATIN.search(text):
        return "en"
    return fallback


def hear(text: str, *, conversation_lang: str) -> Understood:
    u = understand(text, today=clock.local_date(clock.now()))
    intent, confidence = u.intent, float(u.confidence)
    if confidence < LOW_CONFIDENCE and llm_adapter.enabled():
        second = llm_adapter.classify(text, candidates=[i for i, _ in u.alternatives][:8] or [intent])
        if second is not None:
            intent, confidence = second, max(confidence, LOW_CONFIDENCE)
    entities = tuple(EntityView(kind=e.kind, value=str(e.value), start=int(e.start), end=int(e.end))
                     for e in u.entities)
    return Understood(intent=intent, confidence=round(confidence, 4),
                      lang=language_of(text, u.lang, conversation_lang), sentiment=float(u.sentiment),
                      entities=entities)
