"""When a person should take over: the shopper asks for one, is clearly upset, or we keep failing to understand."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from .intents import HAND_OVER

LOW_CONFIDENCE: Final = 0.45  # below this the understanding is a guess
LOW_CONFIDENCE_STREAK: Final = 2  # two guesses in a row
MISUNDERSTANDINGS: Final = 3  # guesses, rejections of our answers and repeated questions, in one conversation
ANGRY: Final = -0.6  # sentiment in [-1, 1]


class EscalationReason(StrEnum):
    REQUESTED = "requested"
    NEGATIVE_SENTIMENT = "negative_sentiment"
    LOW_CONFIDENCE = "low_confidence"
    REPEATED_MISUNDERSTANDING = "repeated_misunderstanding"


@dataclass(frozen=True)
class Signals:
    intent: str
    confidence: float
    sentiment: float
    low_confidence_streak: int  # including this message
    misunderstandings: int  # including this message


def escalation_reason(s: Signals) -> EscalationReason | None:
    if s.intent in HAND_OVER and s.confidence >= LOW_CONFIDENCE:
        return EscalationReason.REQUESTED
    if s.sentiment <= ANGRY:
        return EscalationReason.NEGATIVE_SENTIMENT
    if s.low_confidence_streak >= LOW_CONFIDENCE_STREAK:
        return EscalationReason.LOW_CONFIDENCE
    if s.misunderstandings >= MISUNDERSTANDINGS:
        return EscalationReason.REPEATED_MISUNDERSTANDING
    return None
