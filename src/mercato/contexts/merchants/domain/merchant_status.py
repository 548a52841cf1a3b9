"""The merchant admission state machine, declared once."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from mercato.shared.errors import IllegalTransition


class MerchantStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"


TRANSITIONS: Final[Mapping[MerchantStatus, frozenset[MerchantStatus]]] = {
    MerchantStatus.PENDING: frozenset({MerchantStatus.ACTIVE, MerchantStatus.SUSPENDED}),
    MerchantStatus.ACTIVE: frozenset({MerchantStatus.SUSPENDED}),
    MerchantStatus.SUSPENDED: frozenset({MerchantStatus.ACTIVE}),
}


def ensure_transition(current: MerchantStatus, target: MerchantStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(kind="merchant", current=current, target=target)


class StaffRole(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"
