"""What crosses the recommendations wall."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.money import Money


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a signed-in shopper, or an anonymous visitor known only by a session digest (or neither)."""

    user_id: str | None = None
    session: str = ""  # digest of an anonymous session key or of the API's X-Session-Key header


@dataclass(frozen=True)
class RecommendedItem:
    product_id: str
    variant_id: str
    title: dict[str, str]
    price: Money  # the catalogue's price of the variant now: the same for every viewer
    image_url: str  # "" when the product has no uploaded image
    reason_code: str
    reason: str  # in the active language, e.g. "Because you viewed 绿茶"
    because_of: str | None  # the variant the reason points at


@dataclass(frozen=True)
class Recommendations:
    placement: str
    personalised: bool  # False: nothing about this viewer shaped the list
    items: tuple[RecommendedItem, ...]
