"""One merchant's orders by status, and its returns to handle."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from mercato.contexts.orders.domain.order_status import ReturnStatus
from mercato.contexts.orders.models import Order, Return, ReturnLine
from mercato.shared.errors import ValidationFailed
from mercato.shared.pagination import Page, paginate_desc, parse_page

OPEN_RETURNS = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)


def safe_page(cursor: str | None, limit: int = 30) -> Page:
    """A cursor from the address bar; one we did not issue means the first page."""
    try:
        return parse_page(limit, cursor)
    except ValidationFailed:
        return parse_page(limit, None)


def orders_page(merchant_id: str, *, status: str, cursor: str | None) -> tuple[list[Order], str | None]:
    qs = Order.objects.filter(merchant_id=merchant_id)
    if status:
        qs = qs.filter(status=status)
    return paginate_desc(qs.prefetch_related("lines"), safe_page(cursor))


def status_counts(merchant_id: str) -> dict[str, int]:
    rows = Order.objects.filter(merchant_id=merchant_id).values("status").annotate(n=Count("id")).order_by()
    return {r["status"]: r["n"] for r in rows}


def returns_page(merchant_id: str, *, open_only: bool, cursor: str | None) -> tuple[list[Return], str | None]:
    qs = Return.objects.filter(order__merchant_id=merchant_id).select_related("order")
    if open_only:
        qs = qs.filter(status__in=OPEN_RETURNS)
    qs = qs.prefetch_related(Prefetch("lines", queryset=ReturnLine.objects.select_related("line")))
    return paginate_desc(qs, safe_page(cursor))
