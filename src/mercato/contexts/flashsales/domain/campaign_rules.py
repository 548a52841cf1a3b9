"""What a valid flash sale is, and where in its window a moment falls. No I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from mercato.shared.errors import FieldError, ValidationFailed

MAX_UNITS = 100_000  # one-unit rows are earmarked per unit offered
MAX_BUYER_LIMIT = 99
MAX_ITEMS = 20
MAX_DURATION = timedelta(days=31)
PAYMENT_MINUTES = range(1, 61)


@dataclass(frozen=True)
class ItemDraft:
    variant_id: str
    sale_price: Decimal
    units: int
    per_buyer_limit: int


@dataclass(frozen=True)
class Offer:
    """What the catalog says about a variant the merchant wants to put on sale."""

    merchant_id: str
    list_price: Decimal
    currency: str
    sellable: bool


def campaign_problems(*, starts_at: datetime, ends_at: datetime, payment_minutes: int, now: datetime,
                      items: Sequence[ItemDraft], offers: dict[str, Offer], merchant_id: str) -> list[FieldError]:
    """Every reason the campaign cannot be scheduled, each naming its field."""
    problems: list[FieldError] = []
    if ends_at <= starts_at:
        problems.append(FieldError("ends_at", "must be after starts_at"))
    elif ends_at - starts_at > MAX_DURATION:
        problems.append(FieldError("ends_at", f"a flash sale lasts at most {MAX_DURATION.days} days"))
    if ends_at <= now:
        problems.append(FieldError("ends_at", "must be in the future"))
    if payment_minutes not in PAYMENT_MINUTES:
        problems.append(FieldError("payment_minutes", "must be between 1 and 60"))
    if not items:
        problems.append(FieldError("items", "a flash sale offers at least one variant"))
    if len(items) > MAX_ITEMS:
        problems.append(FieldError("items", f"at most {MAX_ITEMS} variants per flash sale"))
    seen: set[str] = set()
    for i, item in enumerate(items):
        problems.extend(_item_problems(f"items.{i}", item, offers.get(item.variant_id), merchant_id, seen))
        seen.add(item.variant_id)
    return problems


def _item_problems(at: str, item: ItemDraft, offer: Offer | None, merchant_id: str,
                   seen: set[str]) -> list[FieldError]:
    if offer is None or offer.merchant_id != merchant_id:
        return [FieldError(f"{at}.variant_id", "no such variant in your catalogue")]
    problems = []
    if item.variant_id in seen:
        problems.append(FieldError(f"{at}.variant_id", "appears twice in this sale"))
    if not offer.sellable:
        problems.append(FieldError(f"{at}.variant_id", "is not on sale (inactive variant or product)"))
    if item.sale_price <= 0 or item.sale_price.as_tuple().exponent < -2:  # type: ignore[operator]
        problems.append(FieldError(f"{at}.sale_price", "must be a positive amount with at most 2 decimals"))
    elif item.sale_price >= offer.list_price:
        problems.append(FieldError(f"{at}.sale_price",
                                   f"must be below the list price {offer.list_price} {offer.currency}"))
    if not 1 <= item.units <= MAX_UNITS:
        problems.append(FieldError(f"{at}.units", f"must be between 1 and {MAX_UNITS}"))
    if not 1 <= item.per_buyer_limit <= MAX_BUYER_LIMIT:
        problems.append(FieldError(f"{at}.per_buyer_limit", f"must be between 1 and {MAX_BUYER_LIMIT}"))
    return problems


def ensure_valid(**kwargs: object) -> None:
    problems = campaign_problems(**kwargs)  # type: ignore[arg-type]
    if problems:
        raise ValidationFailed("; ".join(f"{p.field}: {p.message}" for p in problems), errors=problems)


def is_admitting(*, status: str, starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    """Buyers are admitted only while the sale is live and the moment is inside its window."""
    return status == "live" and starts_at <= now < ends_at


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds until ``moment`` (0 once it passed): what a countdown shows."""
    return max(0, int((moment - now).total_seconds()))
