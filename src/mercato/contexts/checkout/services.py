"""Checkout commands: carts and the checkout that turns a cart into orders and one payment."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from mercato.contexts.catalog import public as catalog
from mercato.contexts.catalog.contracts import VariantForSale
from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.inventory import public as inventory
from mercato.contexts.merchants import public as merchants
from mercato.contexts.orders import public as orders
from mercato.contexts.payments import public as payments
from mercato.shared import clock, tokens
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, NotFound, ValidationFailed
from mercato.shared.ids import new_id
from mercato.shared.money import Money, money_sum

from .contracts import CheckoutResult, PlacedOrder
from .domain.pricing import MerchantQuote, PricingLine, quote
from .models import Cart, CartLine, Checkout
from .selectors import cart_for

MAX_LINE_QUANTITY = 999
MAX_LINES = 100
GUEST_TOKEN_DAYS = 30


def cart_create(*, actor: Actor) -> Cart:
    now = clock.now()
    if actor.user_id:
        existing = Cart.objects.filter(user_id=actor.user_id, status="open").order_by("-created_at").first()
        if existing is not None:
            return existing
    return Cart.objects.create(user_id=actor.user_id, created_at=now, updated_at=now)


@transaction.atomic
def cart_add_line(*, cart_id: str, variant_id: str, quantity: int, actor: Actor) -> None:
    cart = cart_for(cart_id, actor, lock=True, open_only=True)
    offer = catalog.variants_for_sale([variant_id]).get(variant_id)
    if offer is None or not offer.sellable:
        raise NotFound.of("variant", variant_id)
    others = catalog.variants_for_sale(CartLine.objects.filter(cart=cart).exclude(variant_id=variant_id)
                                       .values_list("variant_id", flat=True)[:1])
    currency = next(iter(others.values())).price.currency if others else offer.price.currency
    if offer.price.currency != currency:
        raise ValidationFailed.on("variant_id", f"this cart is in {currency}; one currency per cart")
    line = CartLine.objects.filter(cart=cart, variant_id=variant_id).first()
    new_quantity = quantity + (line.quantity if line else 0)
    if new_quantity > MAX_LINE_QUANTITY:
        raise ValidationFailed.on("quantity", f"at most {MAX_LINE_QUANTITY} of one item per cart")
    if line is None:
        if CartLine.objects.filter(cart=cart).count() >= MAX_LINES:
            raise ValidationFailed.on("variant_id", f"a cart holds at most {MAX_LINES} lines")
        CartLine.objects.create(cart=cart, variant_id=variant_id, quantity=quantity, added_at=clock.now())
    else:
        CartLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
    Cart.objects.filter(pk=cart.pk).update(updated_at=clock.now())


@transaction.atomic
def cart_set_quantity(*, cart_id: str, line_id: str, quantity: int, actor: Actor) -> None:
    cart = cart_for(cart_id, actor, lock=True, open_only=True)
    if quantity > MAX_LINE_QUANTITY:
        raise ValidationFailed.on("quantity", f"at most {MAX_LINE_QUANTITY} of one item per cart")
    if quantity == 0:
        deleted, _ = CartLine.objects.filter(cart=cart, pk=line_id).delete()
        if not deleted:
            raise NotFound.of("cart line", line_id)
        return
    if not CartLine.objects.filter(cart=cart, pk=line_id).update(quantity=quantity):
        raise NotFound.of("cart line", line_id)


@transaction.atomic
def cart_merge(*, guest_cart_id: str, user_id: str) -> None:
    """At sign-in, the guest cart's lines join the account's open cart (quantities add up)."""
    guest = Cart.objects.select_for_update().filter(pk=guest_cart_id, user__isnull=True, status="open").first()
    if guest is None:
        return
    target = cart_create(actor=Actor(user_id=user_id))
    for line in guest.lines.all():
        existing = CartLine.objects.filter(cart=target, variant_id=line.variant_id).first()
        if existing:
            existing.quantity = min(MAX_LINE_QUANTITY, existing.quantity + line.quantity)
            existing.save(update_fields=["quantity"])
        else:
            CartLine.objects.create(cart=target, variant_id=line.variant_id, quantity=line.quantity,
                                    added_at=line.added_at)
    guest.status = "merged"
    guest.save(update_fields=["status"])


@transaction.atomic
def checkout_submit(*, cart_id: str, address: AddressData, shipping_method: str, email: str | None,
                    actor: Actor) -> CheckoutResult:
    """Reserve stock, create one payment and one order per merchant; all or nothing (ADR 0002)."""
    cart = cart_for(cart_id, actor, lock=True)
    if cart.status != "open":
        raise Conflict(f"this cart was already checked out (checkout {cart.checkout_ref})",
                       checkout_id=cart.checkout_ref)
    lines = list(CartLine.objects.filter(cart=cart).order_by("added_at", "id"))
    if not lines:
        raise ValidationFailed.on("cart", "the cart is empty")
    if not actor.user_id and not email:
        raise ValidationFailed.on("email", "guests check out with an email address")
    offers = catalog.variants_for_sale([ln.variant_id for ln in lines])
    unavailable = [ln.variant_id for ln in lines if ln.variant_id not in offers or not offers[ln.variant_id].sellable]
    if unavailable:
        raise Conflict("some items are no longer sold: " + ", ".join(unavailable), variant_ids=unavailable)
    rates = merchants.commission_rates_for(
        [(offers[ln.variant_id].merchant_id, offers[ln.variant_id].category_chain) for ln in lines])
    quotes = quote([
        PricingLine(key=ln.id, merchant_id=offers[ln.variant_id].merchant_id, unit_price=offers[ln.variant_id].price,
                    quantity=ln.quantity, commission_rate=rate)
        for ln, rate in zip(lines, rates, strict=True)
    ], shipping_method)
    now = clock.now()
    reserved_until = now + timedelta(minutes=settings.MERCATO_RESERVATION_MINUTES)
    checkout_id, order_ids = new_id("chk"), {q.merchant_id: new_id("ord") for q in quotes}
    by_key = {ln.id: ln for ln in lines}
    inventory.stock_reserve(lines=[
        inventory.ReserveLine(reference=order_ids[q.merchant_id], variant_id=by_key[lq.key].variant_id,
                              quantity=by_key[lq.key].quantity)
        for q in quotes for lq in q.lines
    ], expires_at=reserved_until, actor=actor)
    payment = payments.payment_create(
        reference=checkout_id, payer_user_id=actor.user_id, expires_at=reserved_until,
        allocations=[payments.AllocationSpec(order_ref=order_ids[q.merchant_id], merchant_id=q.merchant_id,
                                             gross=q.total, commission=_sum_commission(q)) for q in quotes],
    )
    contact_id = identity.contact_create(email=email) if not actor.user_id and email else None
    address_id = identity.address_create(data=address, user_id=actor.user_id)
    drafts = [_draft(q, order_ids[q.merchant_id], by_key, offers) for q in quotes]
    placed = orders.orders_place(
        checkout_ref=checkout_id, drafts=drafts, buyer_user_id=actor.user_id, contact_id=contact_id,
        shipping_address_id=address_id, shipping_method=shipping_method, payment_id=payment.id,
        reserved_until=reserved_until, actor=actor,
    )
    try:
        Checkout.objects.create(id=checkout_id, cart=cart, user_id=actor.user_id, contact_id=contact_id,
                                payment_id=payment.id, reserved_until=reserved_until, created_at=now)
    except IntegrityError:
        raise Conflict("checkout collided; try again") from None
    Cart.objects.filter(pk=cart.pk).update(status="converted", checkout_ref=checkout_id, updated_at=now)
    guest_token = None
    if not actor.user_id:
        guest_token, _, _ = tokens.issue({"chk": checkout_id}, ttl=timedelta(days=GUEST_TOKEN_DAYS), kind="guest")
    return CheckoutResult(
        checkout_id=checkout_id,
        orders=tuple(PlacedOrder(id=o.id, number=o.number, merchant_id=o.merchant_id, status=o.status,
                                 total=Money.of(o.total, o.currency)) for o in placed),
        payment_id=payment.id, payment_amount=payment.amount, payment_status=payment.status,
        reserved_until=reserved_until, guest_token=guest_token,
    )


def _sum_commission(q: MerchantQuote) -> Money:
    return money_sum([ln.commission for ln in q.lines], q.shipping.currency)


def _draft(q: MerchantQuote, order_id: str, by_key: dict[str, CartLine],
           offers: dict[str, VariantForSale]) -> orders.OrderDraft:
    drafts = []
    for lq in q.lines:
        line = by_key[lq.key]
        offer = offers[line.variant_id]
        drafts.append(orders.OrderLineDraft(
            variant_id=line.variant_id, product_id=offer.product_id, category_id=offer.category_chain[0],
            sku=offer.sku, title=dict(offer.title), quantity=line.quantity, unit_price=offer.price.amount,
            list_amount=lq.list_amount.amount, discount=lq.discount.amount, shipping_share=lq.shipping_share.amount,
            tax=lq.tax.amount, amount_paid=lq.amount_paid.amount, commission_rate=lq.commission_rate,
            commission=lq.commission.amount, is_custom_made=offer.is_custom_made, is_perishable=offer.is_perishable,
        ))
    return orders.OrderDraft(order_id=order_id, merchant_id=q.merchant_id, currency=q.shipping.currency,
                             shipping=q.shipping.amount, lines=drafts)
