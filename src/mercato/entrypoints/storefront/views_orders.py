"""The shopper's orders: list, detail with the status timeline, and the actions the order's state allows."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mercato.contexts.identity import public as identity
from mercato.contexts.merchants import public as merchants
from mercato.contexts.orders import services as order_services
from mercato.contexts.orders.domain.order_status import BEFORE_SHIPMENT, RETURNABLE, OrderStatus, ReturnStatus
from mercato.contexts.orders.invoice import render_invoice
from mercato.contexts.orders.models import Order
from mercato.contexts.orders.selectors import is_buyer, orders_list, visible_orders
from mercato.contexts.orders.selectors import order_detail as order_for
from mercato.entrypoints.web.actor import actor_of
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import MercatoError, NotFound, ValidationFailed
from mercato.shared.pagination import parse_page

from . import cart_session
from .evidence_display import order_bundle, order_evidence
from .forms import AddressForm, CancelForm, ReturnForm
from .service_errors import add_to_form, error_message

PENDING_RETURNS = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)
GUEST_ORDERS_SHOWN = 50


@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    """A signed-in shopper's orders (newest first, cursor pages), and any a guest made in this browser."""
    guest_ids = cart_session.guest_checkout_ids(request)
    if not request.user.is_authenticated and not guest_ids:
        return redirect_to_login(request.get_full_path())
    rows: list[Order] = []
    next_cursor = None
    if request.user.is_authenticated:
        try:
            page = parse_page(20, request.GET.get("cursor") or None)
        except ValidationFailed:
            page = parse_page(20, None)
        rows, next_cursor = orders_list(actor_of(request), status=None, page=page)
    guest_rows: list[Order] = []
    if guest_ids:
        visible = [visible_orders(Actor(guest_checkout_id=c)) for c in guest_ids]
        guest_rows = list(functools.reduce(operator.or_, visible).order_by("-pk")[:GUEST_ORDERS_SHOWN])
    names = merchants.merchant_names({o.merchant_id for o in [*rows, *guest_rows]})
    return render(request, "storefront/orders.html", {
        "orders": [(o, names.get(o.merchant_id, "")) for o in rows],
        "guest_orders": [(o, names.get(o.merchant_id, "")) for o in guest_rows],
        "next_cursor": next_cursor,
    })


def _order(request: HttpRequest, order_id: str) -> tuple[Actor, Order]:
    """The order as the API shows it to this visitor: someone else's order is a 404, exactly as there."""
    actor = cart_session.actor_for(request, order_id=order_id)
    try:
        return actor, order_for(order_id, actor)
    except NotFound:
        raise Http404("no such order") from None


def _returnable(order: Order) -> dict[str, int]:
    """Line id → how many may still be returned (the service checks again)."""
    if order.status not in RETURNABLE or order.return_deadline is None or clock.now() > order.return_deadline:
        return {}
    pending: dict[str, int] = {}
    for ret in order.returns.all():
        if ret.status in PENDING_RETURNS:
            for rl in ret.lines.all():
                pending[rl.line_id] = pending.get(rl.line_id, 0) + rl.quantity
    left = {ln.id: ln.quantity - ln.refunded_quantity - pending.get(ln.id, 0) for ln in order.lines.all()
            if not (ln.is_custom_made or ln.is_perishable)}
    return {line_id: n for line_id, n in left.items() if n > 0}


def _detail_page(request: HttpRequest, actor: Actor, order: Order, *, status: int = 200,
                 **forms_given: forms.Form) -> HttpResponse:
    buyer = is_buyer(order, actor)
    returnable = _returnable(order) if buyer else {}
    address = identity.address_get(order.shipping_address_id)
    can_change = buyer and order.status in BEFORE_SHIPMENT
    context: dict[str, Any] = {
        "order": order, "merchant": merchants.merchant_names([order.merchant_id]).get(order.merchant_id, ""),
        "address": address, "buyer": buyer, "returnable": returnable,
        "can_cancel": buyer and order.status in BEFORE_SHIPMENT,
        "can_confirm": buyer and order.status == OrderStatus.DELIVERED,
        "can_change_address": can_change,
        "cancel_form": forms_given.get("cancel_form") or CancelForm(),
        "return_form": forms_given.get("return_form") or ReturnForm(returnable=returnable),
        "address_form": forms_given.get("address_form") or AddressForm(initial=address.__dict__),
        "evidence": order_evidence(order.id),
    }
    return_form = context["return_form"]
    context["return_lines"] = [(ln, return_form[f"qty_{ln.id}"] if ln.id in returnable else None)
                               for ln in order.lines.all()]
    return render(request, "storefront/order.html", context, status=status)


@require_GET
def order_detail(request: HttpRequest, order_id: str) -> HttpResponse:
    actor, order = _order(request, order_id)
    return _detail_page(request, actor, order)


def _act(request: HttpRequest, order_id: str, done: str, action: Callable[[Actor], Any]) -> HttpResponse:
    """Run one buyer action and come back to the order; a refusal is shown as a message."""
    actor, _order_row = _order(request, order_id)
    try:
        action(actor)
    except MercatoError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, done)
    return redirect("storefront:order", order_id=order_id)


@require_POST
def cancel(request: HttpRequest, order_id: str) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        actor, order = _order(request, order_id)
        return _detail_page(request, actor, order, status=400, cancel_form=form)
    return _act(request, order_id, _("The order was cancelled."), lambda actor: order_services.order_cancel(
        order_id=order_id, reason=form.cleaned_data["reason"], actor=actor))


@require_POST
def confirm_receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, order_id, _("Thank you! Receipt confirmed; the merchant gets paid."),
                lambda actor: order_services.order_confirm_receipt(order_id=order_id, actor=actor))


@require_POST
def return_request(request: HttpRequest, order_id: str) -> HttpResponse:
    actor, order = _order(request, order_id)
    form = ReturnForm(request.POST, returnable=_returnable(order))
    if form.is_valid():
        try:
            order_services.return_request(order_id=order_id, lines=form.chosen(), actor=actor,
                                          reason=form.cleaned_data["reason"] or "no reason")
        except MercatoError as exc:
            fields = {f"lines.{i}.quantity": form.field_of_line(i) or "" for i in range(len(form.chosen()))}
            fields |= {f"lines.{i}.line_id": form.field_of_line(i) or "" for i in range(len(form.chosen()))}
            add_to_form(form, exc, fields)
        else:
            messages.success(request, _("Return requested. The merchant will answer soon."))
            return redirect("storefront:order", order_id=order_id)
    return _detail_page(request, actor, order, status=400, return_form=form)


@require_POST
def change_address(request: HttpRequest, order_id: str) -> HttpResponse:
    actor, order = _order(request, order_id)
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            order_services.order_change_address(order_id=order_id, address=form.address(), actor=actor)
        except MercatoError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The shipping address was changed."))
            return redirect("storefront:order", order_id=order_id)
    return _detail_page(request, actor, order, status=400, address_form=form)


@require_GET
def invoice(request: HttpRequest, order_id: str) -> HttpResponse:
    _actor, order = _order(request, order_id)
    return HttpResponse(render_invoice(order, identity.address_get(order.shipping_address_id)),
                        content_type="text/html; charset=utf-8")


@require_GET
def evidence(request: HttpRequest, order_id: str) -> HttpResponse:
    """The order's proof bundle (as GET /api/v1/orders/{id}/evidence) as a download, to whoever sees the order."""
    _actor, order = _order(request, order_id)
    response = JsonResponse(order_bundle(order.id), json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="order-{order.number}-evidence.json"'
    response["Cache-Control"] = "private, no-store"
    return response
