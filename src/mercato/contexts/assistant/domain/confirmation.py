"""A proposed action's life, declared once: proposed → confirmed → executed | refused, or declined/superseded.
Nothing is executed unless it was proposed and the shopper confirmed it."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    EXECUTED = "executed"
    REFUSED = "refused"  # confirmed, but the order services refused (the order changed meanwhile)
    DECLINED = "declined"
    SUPERSEDED = "superseded"  # the shopper moved on without answering


P = ProposalStatus
TRANSITIONS: Final[Mapping[ProposalStatus, frozenset[ProposalStatus]]] = {
    P.PROPOSED: frozenset({P.CONFIRMED, P.DECLINED, P.SUPERSEDED}),
    P.CONFIRMED: frozenset({P.EXECUTED, P.REFUSED}),
    P.EXECUTED: frozenset(),
    P.REFUSED: frozenset(),
    P.DECLINED: frozenset(),
    P.SUPERSEDED: frozenset(),
}


class ProposalTransitionRefused(Exception):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"a {current} proposal cannot become {target}")
        self.current, self.target = current, target


def ensure_proposal_transition(current: ProposalStatus | str, target: ProposalStatus) -> None:
    if target not in TRANSITIONS[ProposalStatus(current)]:
        raise ProposalTransitionRefused(str(current), str(target))
