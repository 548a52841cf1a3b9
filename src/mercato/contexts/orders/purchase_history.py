"""Who bought what and when (read-only feed for the recommendation models).

A purchase is a line of a signed-in buyer's order that was paid (paid, shipped, delivered or completed);
unpaid, cancelled and fully refunded orders are not purchases. Guests are left out: they have no lasting id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime

from .domain.order_status import OrderStatus
from .models import OrderLine

PURCHASED = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)


@dataclass(frozen=True)
class Purchase:
    user_id: str
    variant_id: str
    product_id: str
    order_id: str
    quantity: int
    at: datetime


def purchases(*, since: datetime | None = None, until: datetime | None = None,
              exclude_users: Collection[str] = (), chunk_size: int = 5000) -> Iterator[Purchase]:
    """Every purchase placed in [since, until), oldest first: one streamed query, no per-order reads."""
    query = OrderLine.objects.filter(order__status__in=PURCHASED, order__buyer_user_id__isnull=False)
    if since is not None:
        query = query.filter(order__placed_at__gte=since)
    if until is not None:
        query = query.filter(order__placed_at__lt=until)
    if exclude_users:
        query = query.exclude(order__buyer_user_id__in=list(exclude_users))
    rows = query.order_by("order__placed_at", "id").values_list(
        "order__buyer_user_id", "variant_id", "product_id", "order_id", "quantity", "order__placed_at")
    for user_id, variant_id, product_id, order_id, quantity, at in rows.iterator(chunk_size=chunk_size):
        yield Purchase(user_id=str(user_id), variant_id=variant_id, product_id=product_id, order_id=order_id,
                       quantity=quantity, at=at)


def bought_variants(user_id: str, variant_ids: Collection[str]) -> set[str]:
    """Which of the given variants the user has bought (one query)."""
    if not variant_ids:
        return set()
    return set(OrderLine.objects.filter(order__buyer_user_id=user_id, order__status__in=PURCHASED,
                                        variant_id__in=list(variant_ids)).values_list("variant_id", flat=True))
