"""Model fields the contexts share: prefixed ULID primary keys and money columns."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.deconstruct import deconstructible

from .ids import ID_LENGTH, new_id


@deconstructible
class PrefixedId:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self) -> str:
        return new_id(self.prefix)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrefixedId) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def id_field(prefix: str) -> Any:
    return models.CharField(primary_key=True, max_length=ID_LENGTH, default=PrefixedId(prefix), editable=False)


def amount_field(**kwargs: Any) -> Any:
    """A money amount column; the currency lives in a sibling column."""
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def ref_field(**kwargs: Any) -> Any:
    """An id of another context's object held without a foreign key (downstream or cross-wall)."""
    return models.CharField(max_length=ID_LENGTH, **kwargs)
