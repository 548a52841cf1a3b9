"""The placements a shopper sees, and what each needs from the request."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Placement(StrEnum):
    FOR_YOU = "for-you"
    SIMILAR = "similar"
    BOUGHT_TOGETHER = "bought-together"
    DAILY_PICKS = "daily-picks"


NEEDS_VARIANT: Final = frozenset({Placement.SIMILAR, Placement.BOUGHT_TOGETHER})
# Only these may use what is known about the viewer; the others depend on the page's items alone.
PERSONAL_PLACEMENTS: Final = frozenset({Placement.FOR_YOU, Placement.DAILY_PICKS})
DEFAULT_SIZE: Final = 10
MAX_SIZE: Final = 50


def placement_named(name: str) -> Placement | None:
    """The placement called ``name``, None for a name no placement has."""
    try:
        return Placement(name)
    except ValueError:
        return None
