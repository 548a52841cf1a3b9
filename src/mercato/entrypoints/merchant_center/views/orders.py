"""This merchant's orders: the list by status, the detail, and shipping, delivery, cancellation, refunds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mercato.contexts.identity import public as identity
from mercato.contexts.orders import selectors as order_selectors
from mercato.contexts.orders import services as order_services
from mercato.contexts.orders.domain.order_status import BEFORE_SHIPMENT, OrderStatus, can_transition
from mercato.contexts.orders.models import Order
from mercato.contexts.payments import public as payments
from mercato.shared.errors import MercatoError

from ..access import Staff, merchant_page, page
from ..forms.orders import CancelForm, DeliverForm, RefundAmountForm, RefundLineForm, ShipForm
from ..queries.orders import orders_page, status_counts
from ..service_errors import place_on_form
from .returns import return_actions

STATUS_TABS = [
    ("paid", gettext_lazy("To ship")), ("shipped", gettext_lazy("Shipped")),
    ("delivered", gettext_lazy("Delivered")), ("completed", gettext_lazy("Completed")),
    ("pending_payment", gettext_lazy("Awaiting payment")), ("cancelled", gettext_lazy("Cancelled")),
    ("refunded", gettext_lazy("Refunded")), ("", gettext_lazy("All")),
]
REFUNDABLE = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)
REFUND_ERRORS = {"amount.amount": "amount", "lines.0.line_id": "line", "lines.0.quantity": "quantity"}


@merchant_page
def order_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    status = request.GET.get("status", "paid")
    if status not in {value for value, _label in STATUS_TABS}:
        status = "paid"
    rows, cursor = orders_page(staff.merchant_id, status=status, cursor=request.GET.get("cursor"))
    counts = status_counts(staff.merchant_id)
    tabs = [(value, label, counts.get(value, 0) if value else sum(counts.values())) for value, label in STATUS_TABS]
    return page(request, staff, "orders/list.html", {"orders": rows, "next_cursor": cursor, "status": status,
                                                     "tabs": tabs})


def _own_order(staff: Staff, order_id: str) -> Order:
    """The order with its details, if it is this merchant's (staff may also be buyers: not here)."""
    order = order_selectors.order_detail(order_id, staff.actor)
    if order.merchant_id != staff.merchant_id:
        raise Http404(order_id)
    return order


def _line_choices(order: Order) -> list[tuple[str, str]]:
    return [(ln.id, f"{ln.sku} × {ln.quantity}") for ln in order.lines.all()]


def _detail(request: HttpRequest, staff: Staff, order: Order, **bound: forms.Form) -> HttpResponse:
    status = OrderStatus(order.status)
    forms_ = {
        "ship_form": ShipForm(), "deliver_form": DeliverForm(), "cancel_form": CancelForm(),
        "refund_amount_form": RefundAmountForm(currency=order.currency),
        "refund_line_form": RefundLineForm(lines=_line_choices(order)), **bound,
    }
    return page(request, staff, "orders/detail.html", {
        "order": order, "address": identity.address_get(order.shipping_address_id),
        "refunds": payments.refunds_of_orders([order.id]),
        "can_ship": can_transition(status, OrderStatus.SHIPPED),
        "can_deliver": can_transition(status, OrderStatus.DELIVERED),
        "can_cancel": status in BEFORE_SHIPMENT, "can_refund": status in REFUNDABLE,
        "is_cod": order.payment_method == "cod",
        "returns": [(ret, return_actions(ret.status)) for ret in order.returns.all()],
        **forms_,
    })


@merchant_page
def order_detail(request: HttpRequest, staff: Staff, order_id: str) -> HttpResponse:
    return _detail(request, staff, _own_order(staff, order_id))


def _act(request: HttpRequest, staff: Staff, order: Order, name: str, form: forms.Form,
         command: Callable[[dict[str, Any]], object], done: str) -> HttpResponse:
    """Validate, run the command, and come back to the order; on refusal, show the form with its errors."""
    if request.method != "POST":
        return redirect("merchant_center:order_detail", order_id=order.id)
    if form.is_valid():
        try:
            command(form.cleaned_data)
        except MercatoError as exc:
            place_on_form(form, exc, REFUND_ERRORS)
        else:
            messages.success(request, done)
            return redirect("merchant_center:order_detail", order_id=order.id)
    return _detail(request, staff, order, **{name: form})


@merchant_page
def order_ship(request: HttpRequest, staff: Staff, order_id: str) -> HttpResponse:
    order = _own_order(staff, order_id)
    return _act(request, staff, order, "ship_form", ShipForm(request.POST or None), lambda d: (
        order_services.order_ship(order_id=order.id, carrier=d["carrier"], tracking_number=d["tracking_number"],
                                  actor=staff.actor)), _("The order was marked as shipped."))


@merchant_page
def order_deliver(request: HttpRequest, staff: Staff, order_id: str) -> HttpResponse:
    order = _own_order(staff, order_id)
    return _act(request, staff, order, "deliver_form", DeliverForm(request.POST or None), lambda d: (
        order_services.order_deliver(order_id=order.id, cod_outcome=d["cod_outcome"], actor=staff.actor)),
        _("The delivery was recorded."))


@merchant_page
def order_cancel(request: HttpRequest, staff: Staff, order_id: str) -> HttpResponse:
    order = _own_order(staff, order_id)
    return _act(request, staff, order, "cancel_form", CancelForm(request.POST or None), lambda d: (
        order_services.order_cancel(order_id=order.id, reason=d["reason"], actor=staff.actor)),
        _("The order was cancelled."))


@merchant_page
def order_refund(request: HttpRequest, staff: Staff, order_id: str) -> HttpResponse:
    order = _own_order(staff, order_id)
    data = request.POST or None

    def refund(d: dict[str, Any]) -> object:
        lines = [(d["line"], d["quantity"])] if "line" in d else []
        return order_services.order_refund(order_id=order.id, payment_id=order.payment_id, reason=d["reason"],
                                           lines=lines, amount=d.get("money"), actor=staff.actor)

    if request.POST.get("mode") == "lines":
        form: forms.Form = RefundLineForm(data, lines=_line_choices(order))
        return _act(request, staff, order, "refund_line_form", form, refund, _("The refund was issued."))
    form = RefundAmountForm(data, currency=order.currency)
    return _act(request, staff, order, "refund_amount_form", form, refund, _("The refund was issued."))
