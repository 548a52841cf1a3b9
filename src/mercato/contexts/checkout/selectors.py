"""Checkout queries: carts as their holder sees them."""

from __future__ import annotations

from decimal import Decimal

from mercato.contexts.merchants import public as merchants
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, NotFound
from mercato.shared.money import Money

from .contracts import CartLineView, CartView
from .models import Cart, CartLine


def cart_for(cart_id: str, actor: Actor, *, lock: bool = False, open_only: bool = False) -> Cart:
    """The cart's holder: its owner, or for a guest cart whoever knows its (unguessable) id."""
    qs = Cart.objects.select_for_update() if lock else Cart.objects
    cart = qs.filter(pk=cart_id).first()
    if cart is None or (cart.user_id and cart.user_id != actor.user_id):
        raise NotFound.of("cart", cart_id)
    if open_only and cart.status != "open":
        raise Conflict(f"this cart is {cart.status}; start a new cart", current_status=cart.status)
    return cart


def cart_view(cart_id: str, actor: Actor) -> CartView:
    cart = cart_for(cart_id, actor)
    rows = list(CartLine.objects.filter(cart=cart).select_related("variant__product").order_by("added_at", "id"))
    currency = rows[0].variant.currency if rows else "CNY"
    lines = []
    for ln in rows:
        v = ln.variant
        price = Money.of(v.price_amount, v.currency)
        lines.append(CartLineView(
            id=ln.id, variant_id=v.id, product_id=v.product_id, merchant_id=v.merchant_id, sku=v.sku,
            title=v.product.title, unit_price=price, quantity=ln.quantity, line_total=price.times(ln.quantity),
            available=v.is_active and v.product.merchant_active and v.available >= ln.quantity,
        ))
    total = Money.of(sum((ln.line_total.amount for ln in lines), Decimal(0)), currency)
    return CartView(id=cart.id, status=cart.status, lines=tuple(lines), currency=currency, total=total,
                    merchant_names=merchants.merchant_names({ln.merchant_id for ln in lines}))
