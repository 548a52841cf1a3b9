"""The dashboard's figures for one merchant, a handful of aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Sum

from mercato.contexts.catalog.models import Variant
from mercato.contexts.orders.domain.order_status import OrderStatus
from mercato.contexts.orders.models import Order, Return
from mercato.shared.money import Money

from .day import local_day
from .orders import OPEN_RETURNS
from .stock import LOW_STOCK_AT

NOT_SALES = (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED)


@dataclass(frozen=True)
class Dashboard:
    orders_today: int
    revenue_today: list[Money]
    to_ship: int
    returns_open: int
    low_stock: int


def dashboard_of(merchant_id: str) -> Dashboard:
    """Today's orders are those placed today and not unpaid or cancelled; revenue is net of refunds."""
    start, end = local_day()
    today = (Order.objects.filter(merchant_id=merchant_id, placed_at__gte=start, placed_at__lt=end)
             .exclude(status__in=NOT_SALES).values("currency")
             .annotate(n=Count("id"), net=Sum(F("total") - F("refunded_total"))).order_by("currency"))
    rows = list(today)
    return Dashboard(
        orders_today=sum(r["n"] for r in rows),
        revenue_today=[Money.from_db(r["net"], r["currency"]) for r in rows],
        to_ship=Order.objects.filter(merchant_id=merchant_id, status=OrderStatus.PAID).count(),
        returns_open=Return.objects.filter(order__merchant_id=merchant_id, status__in=OPEN_RETURNS).count(),
        low_stock=Variant.objects.filter(merchant_id=merchant_id, is_active=True, product__status="active",
                                         available__lte=LOW_STOCK_AT).count(),
    )
