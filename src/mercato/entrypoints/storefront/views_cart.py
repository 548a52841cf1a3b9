"""The cart: lines grouped by merchant, quantity changes (a plain POST, or HTMX swapping the cart in place)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mercato.contexts.checkout import services as checkout_services
from mercato.contexts.checkout.contracts import CartLineView, CartView
from mercato.contexts.recommendations import public as recommendations
from mercato.entrypoints.web.actor import actor_of
from mercato.shared.errors import MercatoError, NotFound
from mercato.shared.money import Money

from . import cart_session
from .forms import QuantityForm
from .service_errors import error_message
from .views_catalog import ROW_SIZE, Row, recommendation_rows

TOGETHER_FROM_LINES = 5


@dataclass(frozen=True)
class MerchantGroup:
    merchant_id: str
    merchant_name: str
    lines: list[CartLineView]
    subtotal: Money


def merchant_groups(view: CartView | None) -> list[MerchantGroup]:
    """Lines per merchant in the order they were added (one order per merchant at checkout)."""
    if view is None:
        return []
    grouped: dict[str, list[CartLineView]] = {}
    for line in view.lines:
        grouped.setdefault(line.merchant_id, []).append(line)
    return [MerchantGroup(merchant_id=m, merchant_name=view.merchant_names.get(m, ""), lines=lines,
                          subtotal=Money.of(sum((ln.line_total.amount for ln in lines), Decimal(0)), view.currency))
            for m, lines in grouped.items()]


def _render(request: HttpRequest, view: CartView | None, *, errors: dict[str, Any] | None = None,
            status: int = 200) -> HttpResponse:
    fragment = request.headers.get("HX-Request") == "true"
    template = "storefront/_cart.html" if fragment else "storefront/cart.html"
    return render(request, template, {
        "cart": view, "groups": merchant_groups(view), "errors": errors or {}, "fragment": fragment,
        "item_count": sum(ln.quantity for ln in view.lines) if view else 0,
        "has_unavailable": bool(view and any(not ln.available for ln in view.lines)),
        "together_row": None if fragment else _bought_together_row(request, view),
    }, status=200 if fragment else status)


def _bought_together_row(request: HttpRequest, view: CartView | None) -> Row | None:
    """What is often bought with the latest lines of the cart, leaving out what the cart already holds."""
    if view is None or not view.lines:
        return None
    in_cart = [ln.variant_id for ln in view.lines]
    latest = tuple(dict.fromkeys(reversed(in_cart)))[:TOGETHER_FROM_LINES]
    return recommendation_rows(request, [recommendations.PlacementRequest(
        "bought-together", variant_ids=latest, n=ROW_SIZE, exclude=frozenset(in_cart))])[0]


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    return _render(request, cart_session.current_cart(request))


@require_POST
def line_change(request: HttpRequest, line_id: str) -> HttpResponse:
    view = cart_session.current_cart(request)
    if view is None or line_id not in {ln.id for ln in view.lines}:
        messages.error(request, _("That item is no longer in your cart."))
        return _done(request, view)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        return _render(request, view, errors={line_id: form.errors["quantity"]}, status=400)
    try:
        checkout_services.cart_set_quantity(cart_id=view.id, line_id=line_id,
                                            quantity=form.cleaned_data["quantity"], actor=actor_of(request))
    except NotFound:
        messages.error(request, _("That item is no longer in your cart."))
    except MercatoError as exc:
        return _render(request, view, errors={line_id: [error_message(exc)]}, status=400)
    return _done(request, cart_session.refresh_count(request, view.id))


def _done(request: HttpRequest, view: CartView | None) -> HttpResponse:
    """HTMX gets the new cart to swap in; a plain form post is redirected (post/redirect/get)."""
    if request.headers.get("HX-Request") == "true":
        return _render(request, view)
    return redirect("storefront:cart")
