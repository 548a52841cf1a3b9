"""Order queries, with object-level permissions: a buyer sees their own, staff their merchant's,
operators all; anything else is a 404."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from mercato.contexts.merchants import public as merchants
from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound
from mercato.shared.pagination import Page, paginate_desc

from .models import Order, OrderTransition, Return


def _merchant_of(actor: Actor) -> str | None:
    membership = merchants.membership_for(actor.user_id) if actor.user_id else None
    return membership.merchant_id if membership else None


def is_buyer(order: Order, actor: Actor) -> bool:
    if order.buyer_user_id:
        return bool(actor.user_id) and actor.user_id == order.buyer_user_id
    return bool(actor.guest_checkout_id) and actor.guest_checkout_id == order.checkout_ref


def visible_orders(actor: Actor) -> QuerySet[Order]:
    if actor.is_operator:
        return Order.objects.all()
    if actor.guest_checkout_id:
        return Order.objects.filter(checkout_ref=actor.guest_checkout_id, buyer_user_id__isnull=True)
    merchant_id = _merchant_of(actor)
    if merchant_id:
        return Order.objects.filter(merchant_id=merchant_id) | Order.objects.filter(buyer_user_id=actor.user_id)
    return Order.objects.filter(buyer_user_id=actor.user_id)


def _with_details(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.prefetch_related(
        "lines", "shipments",
        Prefetch("history", queryset=OrderTransition.objects.order_by("at", "id")),
        Prefetch("returns", queryset=Return.objects.prefetch_related("lines").order_by("requested_at")),
    )


def order_detail(order_id: str, actor: Actor) -> Order:
    order = _with_details(visible_orders(actor)).filter(pk=order_id).first()
    if order is None:
        raise NotFound.of("order", order_id)
    return order


def orders_list(actor: Actor, *, status: str | None, page: Page) -> tuple[list[Order], str | None]:
    qs = visible_orders(actor)
    if status:
        qs = qs.filter(status=status)
    return paginate_desc(_with_details(qs), page)


def orders_of_checkout(checkout_ref: str) -> list[Order]:
    return list(Order.objects.filter(checkout_ref=checkout_ref).order_by("id"))


def return_for_merchant(return_id: str, actor: Actor, *, lock: bool = False) -> Return:
    qs = Return.objects.select_related("order")
    if lock:
        qs = qs.select_for_update(of=("self",))
    ret = qs.filter(pk=return_id).first()
    if ret is None or not (actor.is_operator or _merchant_of(actor) == ret.order.merchant_id):
        raise NotFound.of("return", return_id)
    return ret


def lock_order(order_id: str, actor: Actor, *, as_buyer: bool = False, as_merchant: bool = False) -> Order:
    """Lock an order the actor may act on in the given role (operators may act in any role)."""
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    allowed = order is not None and (
        actor.is_operator
        or (as_buyer and is_buyer(order, actor))
        or (as_merchant and _merchant_of(actor) == order.merchant_id)
    )
    if not allowed:
        raise NotFound.of("order", order_id)
    assert order is not None
    return order
