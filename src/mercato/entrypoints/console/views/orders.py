"""Orders across merchants: filtered list and a read-only detail with its history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mercato.contexts.merchants import public as merchants
from mercato.contexts.orders import selectors as order_selectors
from mercato.contexts.payments import public as payments
from mercato.shared.actor import Actor

from ..access import operator_page
from ..forms import OrderFilter
from ..queries import merchant_choices, orders_page, payment_of


@operator_page
def order_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    choices = merchant_choices()
    filters = OrderFilter(request.GET or None, merchants=choices)
    status, merchant_id = filters.value("status"), filters.value("merchant")
    rows, cursor = orders_page(status=status, merchant_id=merchant_id, cursor=request.GET.get("cursor"))
    names = dict(choices)
    return render(request, "console/orders.html", {
        "filters": filters, "orders": [(o, names.get(o.merchant_id, "")) for o in rows], "next_cursor": cursor,
        "query": f"status={status}&merchant={merchant_id}"})


@operator_page
def order_detail(request: HttpRequest, actor: Actor, order_id: str) -> HttpResponse:
    order = order_selectors.order_detail(order_id, actor)
    return render(request, "console/order_detail.html", {
        "order": order, "merchant_name": merchants.merchant_names([order.merchant_id]).get(order.merchant_id, ""),
        "payment": payment_of(order.payment_id), "refunds": payments.refunds_of_orders([order.id])})
