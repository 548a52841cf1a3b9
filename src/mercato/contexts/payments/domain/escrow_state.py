"""The escrow of one merchant order (an allocation of a payment), declared once.

pending → held when the money is captured (card at payment, cash at delivery); pending → void when the order
leaves the payment before any money moved; held → released when receipt is confirmed. Refunds and return
freezes change the amounts held, not the state.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from mercato.shared.errors import IllegalTransition


class EscrowState(StrEnum):
    PENDING = "pending"
    HELD = "held"
    RELEASED = "released"
    VOID = "void"


E = EscrowState
TRANSITIONS: Final[Mapping[EscrowState, frozenset[EscrowState]]] = {
    E.PENDING: frozenset({E.HELD, E.VOID}),
    E.HELD: frozenset({E.RELEASED}),
    E.RELEASED: frozenset(),
    E.VOID: frozenset(),
}


def ensure_transition(current: EscrowState | str, target: EscrowState) -> None:
    if target not in TRANSITIONS[EscrowState(current)]:
        raise IllegalTransition(kind="escrow", current=str(current), target=str(target))
