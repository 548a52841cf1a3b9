"""Checkout (address, shipping), payment (sandbox card with its authentication step, or cash on delivery) and
the confirmation listing the orders. Guests act through the checkout kept in their session."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mercato.contexts.checkout import public as checkout
from mercato.contexts.checkout.contracts import CartView
from mercato.contexts.checkout.domain.pricing import SHIPPING_RULES, shipping_fee
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.identity.models import Address
from mercato.contexts.merchants import public as merchants
from mercato.contexts.orders.selectors import visible_orders
from mercato.contexts.payments import selectors as payment_selectors
from mercato.contexts.payments import services as payment_services
from mercato.contexts.payments.contracts import CardDetails, PaymentView
from mercato.contexts.payments.domain import sandbox_card
from mercato.entrypoints.web.actor import actor_of
from mercato.entrypoints.web.templatetags.web import tr as pick_language
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, MercatoError, NotFound, OutOfStock
from mercato.shared.money import Money

from . import cart_session
from .forms import AuthenticationCodeForm, CardForm, CheckoutForm
from .labels import PAYMENT_FAILED, PAYMENT_FAILURE, PAYMENT_METHOD, label
from .service_errors import add_to_form, error_message
from .views_cart import merchant_groups

PAID = ("succeeded", "awaiting_collection")


def _shipping_options(view: CartView) -> list[dict[str, Any]]:
    """Each method with its rule and what it would cost for this cart (the checkout's own pricing rules)."""
    groups = merchant_groups(view)
    options = []
    for method, (fee, free_from) in SHIPPING_RULES.items():
        total = sum((shipping_fee(method, g.subtotal).amount for g in groups), Decimal(0))
        options.append({"method": method, "fee": Money.of(fee, view.currency),
                        "free_from": Money.of(free_from, view.currency) if free_from is not None else None,
                        "for_this_cart": Money.of(total, view.currency)})
    return options


def _saved_address(request: HttpRequest) -> dict[str, str]:
    """Prefill from one of the signed-in shopper's saved addresses (?address=<id>)."""
    address_id = request.GET.get("address", "")
    if not request.user.is_authenticated or not address_id.startswith("adr_") or len(address_id) > 32:
        return {}
    row = Address.objects.filter(pk=address_id, user_id=request.user.pk).first()
    if row is None:
        return {}
    return {name: str(getattr(row, name)) for name in AddressData.__dataclass_fields__}


@require_http_methods(["GET", "HEAD", "POST"])
def checkout_page(request: HttpRequest) -> HttpResponse:
    view = cart_session.current_cart(request)
    if view is None or not view.lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("storefront:cart")
    guest = not request.user.is_authenticated
    form = CheckoutForm(request.POST if request.method == "POST" else None, guest=guest,
                        initial={"country": "CN", "shipping_method": "standard", **_saved_address(request)})
    if request.method == "POST" and form.is_valid():
        response = _submit(request, view, form)
        if response is not None:
            return response
    saved = list(Address.objects.filter(user_id=request.user.pk).order_by("-created_at")[:5]) if not guest else []
    return render(request, "storefront/checkout.html", {
        "cart": view, "groups": merchant_groups(view), "form": form, "options": _shipping_options(view),
        "saved_addresses": saved,
    }, status=400 if form.errors else 200)


def _submit(request: HttpRequest, view: CartView, form: CheckoutForm) -> HttpResponse | None:
    actor = actor_of(request)
    try:
        result = checkout.checkout_submit(cart_id=view.id, address=form.address(), email=form.cleaned_data.get("email"),
                                          shipping_method=form.cleaned_data["shipping_method"], actor=actor)
    except OutOfStock as exc:
        form.add_error(None, _out_of_stock(view, exc))
        return None
    except Conflict as exc:
        if exc.extra.get("variant_ids"):
            form.add_error(None, _no_longer_sold(view, exc.extra["variant_ids"]))
            return None
        messages.error(request, error_message(exc))
        cart_session.forget_cart(request)
        return redirect("storefront:cart")
    except MercatoError as exc:
        add_to_form(form, exc)
        return None
    if not actor.user_id:
        cart_session.remember_guest_checkout(request, result)
    cart_session.forget_cart(request)
    return redirect("storefront:pay", payment_id=result.payment_id)


def _titles(view: CartView) -> dict[str, dict[str, str]]:
    return {ln.variant_id: ln.title for ln in view.lines}


def _out_of_stock(view: CartView, exc: OutOfStock) -> str:
    titles = _titles(view)
    parts = [_("%(item)s (you asked for %(asked)s, %(left)s left)") % {
        "item": pick_language(titles.get(s.get("variant_id", ""), {})) or s.get("variant_id", ""),
        "asked": s.get("requested"), "left": s.get("available")} for s in exc.extra.get("shortages", [])]
    return _("Not enough stock: %(items)s. Change the quantities in your cart and try again.") % {
        "items": "; ".join(parts) or error_message(exc)}


def _no_longer_sold(view: CartView, variant_ids: list[str]) -> str:
    titles = _titles(view)
    names = [pick_language(titles[v]) if v in titles else v for v in variant_ids]
    return _("These items are no longer sold: %(items)s. Remove them from your cart.") % {"items": "; ".join(names)}


def _payment(request: HttpRequest, payment_id: str) -> tuple[Actor, Any, list[Any]]:
    actor = cart_session.actor_for(request, payment_id=payment_id)
    try:
        payment, attempts, _refunds = payment_selectors.payment_detail(payment_id, actor)
    except NotFound:
        raise Http404("no such payment") from None
    return actor, payment, attempts


@require_http_methods(["GET", "HEAD", "POST"])
def pay(request: HttpRequest, payment_id: str) -> HttpResponse:
    actor, payment, attempts = _payment(request, payment_id)
    if payment.status in PAID:
        return redirect("storefront:checkout-done", checkout_id=payment.reference)
    card_form = CardForm(request.POST if request.method == "POST" and request.POST.get("method") == "card" else None)
    if request.method == "POST":
        outcome = _confirm(request, actor, payment_id, card_form)
        if outcome is not None:
            return outcome
    return _pay_page(request, payment, card_form, AuthenticationCodeForm(), status=400 if card_form.errors else 200)


def _confirm(request: HttpRequest, actor: Actor, payment_id: str, card_form: CardForm) -> HttpResponse | None:
    """Run the payment; None means: show the page again (with the form's errors)."""
    method = request.POST.get("method")
    try:
        if method == "cod":
            result = payment_services.payment_confirm_cod(payment_id=payment_id, actor=actor)
        elif method == "card" and card_form.is_valid():
            data = card_form.cleaned_data
            result = payment_services.payment_confirm_card(payment_id=payment_id, actor=actor, card=CardDetails(
                number=data["number"], exp_month=data["exp_month"], exp_year=data["exp_year"], cvc=data["cvc"]))
        elif method == "card":
            return None
        else:
            messages.error(request, _("Choose how to pay."))
            return redirect("storefront:pay", payment_id=payment_id)
    except MercatoError as exc:
        add_to_form(card_form, exc, {"card.number": "number"})
        return None
    return _after_attempt(request, result)


def _after_attempt(request: HttpRequest, result: PaymentView) -> HttpResponse:
    if result.failure_reason:
        messages.error(request, str(PAYMENT_FAILURE.get(result.failure_reason, PAYMENT_FAILED)))
    elif result.status in PAID:
        return redirect("storefront:checkout-done", checkout_id=result.reference)
    return redirect("storefront:pay", payment_id=result.id)


def _pay_page(request: HttpRequest, payment: Any, card_form: CardForm, code_form: AuthenticationCodeForm,
              status: int = 200) -> HttpResponse:
    view = payment_selectors.payment_view(payment)
    return render(request, "storefront/pay.html", {
        "payment": view, "checkout_id": payment.reference, "card_form": card_form, "code_form": code_form,
        "expired": clock.now() >= payment.expires_at,
        "test_cards": [(sandbox_card.SUCCEEDS, _("succeeds")), (sandbox_card.REQUIRES_AUTHENTICATION,
                        _("asks for authentication (code %(code)s)") % {"code": sandbox_card.AUTHENTICATION_CODE}),
                       (sandbox_card.DECLINED, _("is declined")), (sandbox_card.INSUFFICIENT_FUNDS,
                                                                   _("has insufficient funds"))],
    }, status=status)


@require_POST
def authenticate(request: HttpRequest, payment_id: str) -> HttpResponse:
    actor, payment, _attempts = _payment(request, payment_id)
    form = AuthenticationCodeForm(request.POST)
    if not form.is_valid():
        return _pay_page(request, payment, CardForm(), form, status=400)
    try:
        result = payment_services.payment_authenticate(payment_id=payment_id, code=form.cleaned_data["code"],
                                                       actor=actor)
    except MercatoError as exc:
        messages.error(request, error_message(exc))
        return redirect("storefront:pay", payment_id=payment_id)
    return _after_attempt(request, result)


@require_GET
def done(request: HttpRequest, checkout_id: str) -> HttpResponse:
    """The orders of one checkout, as far as the visitor may see them (the orders' own rules)."""
    actor = cart_session.actor_for(request, checkout_id=checkout_id)
    if not (actor.user_id or actor.guest_checkout_id):
        raise Http404("no such checkout")
    rows = list(visible_orders(actor).filter(checkout_ref=checkout_id).order_by("id"))
    if not rows:
        raise Http404("no such checkout")
    names = merchants.merchant_names({o.merchant_id for o in rows})
    return render(request, "storefront/done.html", {
        "orders": [(o, names.get(o.merchant_id, "")) for o in rows], "checkout_id": checkout_id,
        "payment_method": label(PAYMENT_METHOD, rows[0].payment_method),
    })
