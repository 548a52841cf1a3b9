"""The flash sale state machine, declared once."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from mercato.shared.errors import IllegalTransition


class SaleStatus(StrEnum):
    SCHEDULED = "scheduled"  # announced; its units are still on the shelf
    LIVE = "live"  # units earmarked; buyers are admitted between starts_at and ends_at
    ENDED = "ended"  # the window closed; unsold units went back to the shelf
    CANCELLED = "cancelled"  # stopped by the merchant or an operator; unsold units went back


S = SaleStatus
TRANSITIONS: Final[Mapping[SaleStatus, frozenset[SaleStatus]]] = {
    S.SCHEDULED: frozenset({S.LIVE, S.CANCELLED, S.ENDED}),  # ended: its window passed before it opened
    S.LIVE: frozenset({S.ENDED, S.CANCELLED}),
    S.ENDED: frozenset(),
    S.CANCELLED: frozenset(),
}


def ensure_transition(current: SaleStatus | str, target: SaleStatus) -> None:
    if target not in TRANSITIONS[SaleStatus(current)]:
        raise IllegalTransition(kind="flash sale", current=str(current), target=str(target))
