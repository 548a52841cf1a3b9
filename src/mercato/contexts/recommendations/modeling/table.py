"""Interactions as columns of numbers: the one shape every model, baseline and metric here works on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

SECONDS_PER_DAY = 86_400.0


class InteractionLike(Protocol):
    @property
    def user_id(self) -> str: ...
    @property
    def item_id(self) -> str: ...
    @property
    def timestamp(self) -> datetime: ...
    @property
    def weight(self) -> float: ...


def epoch_days(moment: datetime) -> float:
    """Days since 1970 as a float; naive moments are read as UTC so results never depend on the machine's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / SECONDS_PER_DAY


@dataclass(frozen=True)
class InteractionTable:
    """Rows of (user, item, day, weight) with users and items coded as indices into sorted id tuples."""

    user_ids: tuple[str, ...]
    item_ids: tuple[str, ...]
    user: NDArray[np.int32]
    item: NDArray[np.int32]
    day: NDArray[np.float64]
    weight: NDArray[np.float32]

    @property
    def n_users(self) -> int:
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def __len__(self) -> int:
        return int(self.user.shape[0])

    @classmethod
    def from_columns(cls, users: Sequence[str] | NDArray[np.str_], items: Sequence[str] | NDArray[np.str_],
                     days: Sequence[float] | NDArray[np.float64],
                     weights: Sequence[float] | NDArray[np.float32],
                     extra_items: Sequence[str] = ()) -> InteractionTable:
        """Code the ids (sorted, so the same rows always get the same indices, whatever their order)."""
        user_ids, user_codes = np.unique(np.asarray(users, dtype=str), return_inverse=True)
        all_items = np.concatenate([np.asarray(items, dtype=str), np.asarray(extra_items, dtype=str)])
        item_ids, item_codes = np.unique(all_items, return_inverse=True)
        user = user_codes.astype(np.int32).reshape(-1)
        item = item_codes[: len(items)].astype(np.int32).reshape(-1)
        day, weight = np.asarray(days, dtype=np.float64), np.asarray(weights, dtype=np.float32)
        order = np.lexsort((weight, day, item, user))  # a canonical row order: sums come out bit-identical
        return cls(tuple(str(u) for u in user_ids), tuple(str(i) for i in item_ids),
                   user[order], item[order], day[order], weight[order])

    @classmethod
    def from_interactions(cls, interactions: Sequence[InteractionLike],
                          extra_items: Sequence[str] = ()) -> InteractionTable:
        return cls.from_columns([r.user_id for r in interactions], [r.item_id for r in interactions],
                                [epoch_days(r.timestamp) for r in interactions],
                                [float(r.weight) for r in interactions], extra_items)

    def select(self, mask: NDArray[np.bool_]) -> InteractionTable:
        """The rows where mask holds, re-coded so only their users and items remain."""
        return InteractionTable.from_columns(np.asarray(self.user_ids)[self.user[mask]],
                                             np.asarray(self.item_ids)[self.item[mask]],
                                             self.day[mask], self.weight[mask])

    def select_keeping_codes(self, mask: NDArray[np.bool_]) -> InteractionTable:
        """The rows where mask holds, with the same user and item indices as this table."""
        return InteractionTable(self.user_ids, self.item_ids, self.user[mask], self.item[mask], self.day[mask],
                                self.weight[mask])

    def before(self, day: float) -> InteractionTable:
        return self.select(self.day < day)

    def from_day(self, day: float) -> InteractionTable:
        return self.select(self.day >= day)

    def last_day(self) -> float:
        return float(self.day.max()) if len(self) else 0.0
