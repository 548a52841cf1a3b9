"""Reads across merchants for the console: overview figures and filtered lists (a few queries each). The
calendar day, pagination and what counts as a sale are the merchant center's, so both areas agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Sum

from mercato.contexts.merchants.models import Merchant
from mercato.contexts.orders.models import Order
from mercato.contexts.payments.domain.accounts import ESCROW
from mercato.contexts.payments.models import Allocation, JournalLine, Payment, Refund
from mercato.entrypoints.merchant_center.queries.dashboard import NOT_SALES
from mercato.entrypoints.merchant_center.queries.day import local_day
from mercato.entrypoints.merchant_center.queries.orders import safe_page
from mercato.shared.money import Money
from mercato.shared.pagination import paginate_desc

PAGE_SIZE = 50


@dataclass(frozen=True)
class Overview:
    applications_waiting: int
    orders_today: int
    sales_today: list[Money]
    escrow_held: list[Money]
    escrow_frozen: list[Money]
    refunds_today: int
    refunded_today: list[Money]


def _per_currency(rows: Sequence[Mapping[str, Any]], key: str, sign: int = 1) -> list[Money]:
    return [Money.from_db(sign * (r[key] or 0), str(r["currency"])) for r in rows]


def overview() -> Overview:
    """Escrow comes from the journal (the truth), as the merchants' balances do; frozen from the allocations."""
    start, end = local_day()
    orders = list(Order.objects.filter(placed_at__gte=start, placed_at__lt=end).exclude(status__in=NOT_SALES)
                  .values("currency").annotate(n=Count("id"), net=Sum(F("total") - F("refunded_total")))
                  .order_by("currency"))
    escrow = list(JournalLine.objects.filter(account=ESCROW).values("currency").annotate(t=Sum("amount"))
                  .order_by("currency"))
    frozen = list(Allocation.objects.filter(frozen__gt=0).values("currency").annotate(t=Sum("frozen"))
                  .order_by("currency"))
    refunds = list(Refund.objects.filter(created_at__gte=start, created_at__lt=end).values("currency")
                   .annotate(n=Count("id"), t=Sum("amount")).order_by("currency"))
    return Overview(
        applications_waiting=Merchant.objects.filter(status="pending").count(),
        orders_today=sum(int(r["n"]) for r in orders), sales_today=_per_currency(orders, "net"),
        escrow_held=_per_currency(escrow, "t", sign=-1), escrow_frozen=_per_currency(frozen, "t"),
        refunds_today=sum(int(r["n"]) for r in refunds), refunded_today=_per_currency(refunds, "t"),
    )


def merchants_page(status: str, cursor: str | None) -> tuple[list[Merchant], str | None]:
    qs = Merchant.objects.all()
    if status:
        qs = qs.filter(status=status)
    return paginate_desc(qs, safe_page(cursor, PAGE_SIZE))


def merchant_choices() -> list[tuple[str, str]]:
    return list(Merchant.objects.order_by("name").values_list("id", "name"))


def orders_page(*, status: str, merchant_id: str, cursor: str | None) -> tuple[list[Order], str | None]:
    qs = Order.objects.annotate(units=Sum("lines__quantity"))
    if status:
        qs = qs.filter(status=status)
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    return paginate_desc(qs, safe_page(cursor, PAGE_SIZE))


def payments_page(*, status: str, method: str, cursor: str | None) -> tuple[list[Payment], str | None]:
    qs = Payment.objects.annotate(attempt_count=Count("attempts"))
    if status:
        qs = qs.filter(status=status)
    if method:
        qs = qs.filter(method=method)
    return paginate_desc(qs, safe_page(cursor, PAGE_SIZE))


def refunds_page(*, source: str, cursor: str | None) -> tuple[list[Refund], str | None]:
    qs = Refund.objects.all()
    if source:
        qs = qs.filter(source=source)
    return paginate_desc(qs, safe_page(cursor, PAGE_SIZE))


def payment_of(payment_id: str) -> Payment | None:
    return Payment.objects.filter(pk=payment_id).annotate(attempt_count=Count("attempts")).first()
