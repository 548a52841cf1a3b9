"""Cursor pagination over time-ordered ids: `?limit=` (≤100) and an opaque `cursor`."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import ValidationFailed

T = TypeVar("T")
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Page:
    limit: int
    after_id: str | None


def parse_page(limit: int | None, cursor: str | None) -> Page:
    if limit is None:
        limit = DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise ValidationFailed.on("limit", f"must be between 1 and {MAX_LIMIT}")
    after = None
    if cursor:
        try:
            after = base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValidationFailed.on("cursor", "is not a cursor this API issued") from exc
        if not after or len(after) > 64 or not after.isprintable():
            raise ValidationFailed.on("cursor", "is not a cursor this API issued")
    return Page(limit=limit, after_id=after)


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def paginate_desc(queryset: Any, page: Page) -> tuple[list[Any], str | None]:
    """Newest first by id (ids are time-ordered); fetch one extra row to know if there is more."""
    if page.after_id:
        queryset = queryset.filter(pk__lt=page.after_id)
    rows = list(queryset.order_by("-pk")[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return rows, (encode_cursor(rows[-1].pk) if more and rows else None)
