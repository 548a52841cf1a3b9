"""Checkout queries: carts as their holder sees them."""

from __future__ import annotations

from decimal import Decimal

from mercato.contexts.catalog import public as catalog
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
    """The cart with current prices and availability, read through the catalog's door."""
    cart = cart_for(cart_id, actor)
    rows = list(CartLine.objects.filter(cart=cart).order_by("added_at", "id"))
    offers = catalog.variants_for_sale([ln.variant_id for ln in rows])
    rows = [ln for ln in rows if ln.variant_id in offers]
    currency = offers[rows[0].variant_id].price.currency if rows else "CNY"
    lines = []
    for ln in rows:
        offer = offers[ln.variant_id]
        lines.append(CartLineView(
            id=ln.id, variant_id=offer.variant_id, product_id=offer.product_id, merchant_id=offer.merchant_id,
            sku=offer.sku, title=offer.title, unit_price=offer.price, quantity=ln.quantity,
            line_total=offer.price.times(ln.quantity), available=offer.sellable and offer.available >= ln.quantity,
        ))
    total = Money.of(sum((ln.line_total.amount for ln in lines), Decimal(0)), currency)
    return CartView(id=cart.id, status=cart.status, lines=tuple(lines), currency=currency, total=total,
                    merchant_names=merchants.merchant_names({ln.merchant_id for ln in lines}))
