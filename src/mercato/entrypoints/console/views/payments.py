"""Payments (with their attempts) and refunds across the platform."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mercato.shared.actor import Actor

from ..access import operator_page
from ..forms import PaymentFilter, RefundFilter
from ..queries import payments_page, refunds_page


@operator_page
def payment_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = PaymentFilter(request.GET or None)
    status, method = filters.value("status"), filters.value("method")
    rows, cursor = payments_page(status=status, method=method, cursor=request.GET.get("cursor"))
    return render(request, "console/payments.html", {"filters": filters, "payments": rows, "next_cursor": cursor,
                                                     "query": f"status={status}&method={method}"})


@operator_page
def refund_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = RefundFilter(request.GET or None)
    source = filters.value("source")
    rows, cursor = refunds_page(source=source, cursor=request.GET.get("cursor"))
    return render(request, "console/refunds.html", {"filters": filters, "refunds": rows, "next_cursor": cursor,
                                                    "query": f"source={source}"})
