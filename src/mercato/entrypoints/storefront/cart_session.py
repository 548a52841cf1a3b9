"""What the storefront keeps in the session: the open cart, its item count for the header badge, and the
checkouts a guest made in this browser (their proof of ownership, like the API's guest token)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mercato.contexts.checkout import public as checkout
from mercato.contexts.checkout.contracts import CartView, CheckoutResult
from mercato.entrypoints.web.actor import actor_of
from mercato.entrypoints.web.context import CART_SESSION_KEY
from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound

COUNT_KEY = "cart_count"
GUEST_KEY = "guest_checkouts"  # {checkout_id: {"payment": payment_id, "orders": [order_id, ...]}}
MAX_GUEST_CHECKOUTS = 10


def _set(request: HttpRequest, key: str, value: Any) -> None:
    """Write only what changed: an unchanged session costs no query."""
    if request.session.get(key) != value:
        request.session[key] = value


def remember_cart(request: HttpRequest, view: CartView | None) -> None:
    _set(request, CART_SESSION_KEY, view.id if view else None)
    _set(request, COUNT_KEY, sum(line.quantity for line in view.lines) if view else 0)


def forget_cart(request: HttpRequest) -> None:
    remember_cart(request, None)


def _open_view(cart_id: str, actor: Actor) -> CartView | None:
    try:
        view = checkout.cart_view(cart_id, actor)
    except NotFound:
        return None
    return view if view.status == "open" else None


def current_cart(request: HttpRequest, *, create: bool = False) -> CartView | None:
    """The session's open cart. A signed-in shopper always has one (their account cart); a guest gets one
    only when ``create`` (on the first add), so browsing writes nothing."""
    actor = actor_of(request)
    cart_id = request.session.get(CART_SESSION_KEY)
    view = _open_view(cart_id, actor) if isinstance(cart_id, str) else None
    if view is None and (actor.user_id or create):
        view = checkout.cart_view(checkout.cart_create(actor=actor).id, actor)
    remember_cart(request, view)
    return view


def refresh_count(request: HttpRequest, cart_id: str) -> CartView:
    view = checkout.cart_view(cart_id, actor_of(request))
    remember_cart(request, view)
    return view


def remember_guest_checkout(request: HttpRequest, result: CheckoutResult) -> None:
    """Keep a guest's checkout so this browser can pay for it and see its orders."""
    kept: dict[str, Any] = dict(request.session.get(GUEST_KEY) or {})
    kept[result.checkout_id] = {"payment": result.payment_id, "orders": [o.id for o in result.orders]}
    request.session[GUEST_KEY] = dict(list(kept.items())[-MAX_GUEST_CHECKOUTS:])


def guest_checkout_ids(request: HttpRequest) -> list[str]:
    kept = request.session.get(GUEST_KEY) or {}
    return [c for c in kept if isinstance(c, str)]


def _guest_checkout_of(request: HttpRequest, *, payment_id: str | None, order_id: str | None,
                       checkout_id: str | None) -> str | None:
    kept: dict[str, Any] = request.session.get(GUEST_KEY) or {}
    for chk, held in kept.items():
        if (checkout_id and chk == checkout_id) or (payment_id and held.get("payment") == payment_id) \
                or (order_id and order_id in held.get("orders", ())):
            return str(chk)
    return None


def actor_for(request: HttpRequest, *, payment_id: str | None = None, order_id: str | None = None,
              checkout_id: str | None = None) -> Actor:
    """The guest who made this checkout in this browser, else the signed-in user (or anonymous)."""
    guest = _guest_checkout_of(request, payment_id=payment_id, order_id=order_id, checkout_id=checkout_id)
    return Actor(guest_checkout_id=guest) if guest else actor_of(request)
