"""Why an item is shown: a code derived from the model's actual signal, and the item it points at.

The words for each code live outside the domain (they are translated); here only the rules that keep the
explanation true: a reason names the signal that put the item on the list, and only that signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class ReasonCode(StrEnum):
    BOUGHT_BEFORE = "bought_before"  # the shopper bought this item before
    SIMILAR_SHOPPERS = "similar_shoppers"  # shoppers with purchases like theirs bought it (matrix factorisation)
    BOUGHT_TOGETHER = "bought_together"  # bought on the same day by the same shoppers as `because_of`
    ALSO_CHOSEN = "also_chosen"  # shoppers who viewed, carted or bought `because_of` did so with this too
    SIMILAR_TEXT = "similar_text"  # described like `because_of`
    VIEWED = "viewed"  # found from `because_of`, an item the shopper viewed in this session
    POPULAR = "popular"  # among the most bought items over the training window
    TRENDING = "trending"  # bought more than usual lately


# Reasons that come from one shopper's own history: never shown when personalisation is off.
PERSONAL_REASONS: Final = frozenset({ReasonCode.BOUGHT_BEFORE, ReasonCode.SIMILAR_SHOPPERS, ReasonCode.VIEWED})
POINTS_AT_ITEM: Final = frozenset({ReasonCode.BOUGHT_TOGETHER, ReasonCode.ALSO_CHOSEN, ReasonCode.SIMILAR_TEXT,
                                   ReasonCode.VIEWED})


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    because_of: str | None = None  # an item id, for the codes that point at one


def reason_from_model(reason: str, because_of: str | None, *, baskets: bool = False) -> Reason:
    """The model's own reason; an unknown one (a newer model) reads as popularity rather than a made-up claim.

    The model names co-occurrence "bought_together" in two senses: from same-day baskets (``baskets``: the
    bought-together list) and from engagement of any kind (every other list), which is "also chosen".
    """
    try:
        code = ReasonCode(reason)
    except ValueError:
        code = ReasonCode.POPULAR
    if code is ReasonCode.BOUGHT_TOGETHER and not baskets:
        code = ReasonCode.ALSO_CHOSEN
    if code is ReasonCode.VIEWED and not because_of:
        code = ReasonCode.SIMILAR_SHOPPERS
    return Reason(code, because_of or None if code in POINTS_AT_ITEM else None)


def reason_for_session_item(viewed_item: str) -> Reason:
    """An item reached from a variant the shopper viewed in this session (its similar or bought-with items)."""
    return Reason(ReasonCode.VIEWED, viewed_item)


def stored_reason(code: str, because_of: str | None) -> Reason:
    """A reason as the training job stored it (its own codes); an unknown code reads as popularity."""
    try:
        known = ReasonCode(code)
    except ValueError:
        return Reason(ReasonCode.POPULAR)
    return Reason(known, because_of or None if known in POINTS_AT_ITEM else None)
