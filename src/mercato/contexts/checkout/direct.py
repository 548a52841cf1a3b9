"""A direct purchase: one variant at a public campaign price, its units claimed from a stock pool, no cart.

The flash-sale hot path (ADR 0010). It places the same order and payment a cart checkout places, with the
same line breakdown, but reserves nothing on the stock level: the units were earmarked when the sale opened and
the order only claims them, so buyers never queue on one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from mercato.contexts.catalog import public as catalog
from mercato.contexts.catalog.contracts import VariantForSale
from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.inventory import public as inventory
from mercato.contexts.merchants import public as merchants
from mercato.contexts.orders import public as orders
from mercato.contexts.payments import public as payments
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, ValidationFailed
from mercato.shared.ids import new_id
from mercato.shared.money import Money

from .contracts import CheckoutResult, PlacedOrder
from .domain.pricing import SHIPPING_RULES, PricingLine, quote
from .services import _draft, _sum_commission


@dataclass(frozen=True)
class DirectLine:
    variant_id: str
    quantity: int
    unit_price: Money  # the campaign's public price for this moment, never one for this buyer
    pool: str  # where the units come from


@dataclass(frozen=True)
class DirectPurchase:
    line: DirectLine
    address: AddressData
    shipping_method: str
    actor: Actor


def checkout_direct_many(purchases: Sequence[DirectPurchase], *, pay_within: timedelta,
                         offer: VariantForSale | None = None, commission_rate: Decimal | None = None
                         ) -> list[CheckoutResult | None]:
    """Place the orders of many buyers of one variant from one pool, in a fixed number of statements.

    Claims are served in order, each whole or not at all; a buyer not served gets None and nothing is written
    for them. Runs in the caller's transaction. A caller that read the variant's offer and commission rate a
    moment ago (a flash sale's item snapshot, at most a second old) passes them; otherwise they are read here.
    """
    if not purchases:
        return []
    first = purchases[0].line
    for p in purchases:
        if not p.actor.user_id:
            raise ValidationFailed.on("actor", "direct purchases need a signed-in buyer")
        if p.shipping_method not in SHIPPING_RULES:
            raise ValidationFailed.on("shipping_method", f"must be one of {', '.join(SHIPPING_RULES)}")
        if (p.line.variant_id, p.line.pool, p.line.unit_price) != (first.variant_id, first.pool, first.unit_price):
            raise ValueError("one variant, pool and price per call")
    known = offer is not None and offer.variant_id == first.variant_id and commission_rate is not None
    if not known:
        offer = catalog.variants_for_sale([first.variant_id]).get(first.variant_id)
    if offer is None or not offer.sellable:
        raise Conflict(f"{first.variant_id} is no longer sold", variant_ids=[first.variant_id])
    if offer.price.currency != first.unit_price.currency:
        raise Conflict(f"{first.variant_id} is sold in {offer.price.currency}, not {first.unit_price.currency}")
    rate = (commission_rate if known and commission_rate is not None
            else merchants.commission_rates_for([(offer.merchant_id, offer.category_chain)])[0])
    pay_by = clock.now() + pay_within
    order_ids = [new_id("ord") for _ in purchases]
    served = inventory.stock_pool_claim_many(
        pool=first.pool, claims=[(o, p.line.quantity) for o, p in zip(order_ids, purchases, strict=True)],
        expires_at=pay_by)
    todo = [(o, p) for o, p in zip(order_ids, purchases, strict=True) if o in served]
    if not todo:
        return [None] * len(purchases)
    sale_offer = {first.variant_id: replace(offer, price=first.unit_price)}
    quotes = [quote([PricingLine(key="direct", merchant_id=offer.merchant_id, unit_price=first.unit_price,
                                 quantity=p.line.quantity, commission_rate=rate)], p.shipping_method)[0]
              for _, p in todo]
    checkout_ids = [new_id("chk") for _ in todo]
    views = payments.payments_create_many([
        payments.PaymentSpec(reference=c, payer_user_id=p.actor.user_id, expires_at=pay_by, allocations=(
            payments.AllocationSpec(order_ref=o, merchant_id=offer.merchant_id, gross=q.total,
                                    commission=_sum_commission(q)),))
        for c, (o, p), q in zip(checkout_ids, todo, quotes, strict=True)])
    address_ids = identity.addresses_create_many([(p.address, p.actor.user_id) for _, p in todo])
    placed = orders.orders_place_many([
        orders.Placement(checkout_ref=c, drafts=[_draft(q, o, {"direct": _CartLike(p.line.variant_id,  # type: ignore[dict-item]
                                                                                     p.line.quantity)}, sale_offer)],
                         buyer_user_id=p.actor.user_id, contact_id=None, shipping_address_id=a,
                         shipping_method=p.shipping_method, payment_id=v.id, reserved_until=pay_by)
        for c, (o, p), q, v, a in zip(checkout_ids, todo, quotes, views, address_ids, strict=True)],
        actor=todo[0][1].actor)
    results: dict[str, CheckoutResult] = {
        order.id: CheckoutResult(
            checkout_id=c, orders=(PlacedOrder(id=order.id, number=order.number, merchant_id=order.merchant_id,
                                              status=order.status, total=Money.of(order.total, order.currency)),),
            payment_id=v.id, payment_amount=v.amount, payment_status=v.status, reserved_until=pay_by,
            guest_token=None)
        for c, order, v in zip(checkout_ids, placed, views, strict=True)}
    return [results.get(o) for o in order_ids]


@dataclass(frozen=True)
class _CartLike:
    """What `_draft` reads from a cart line."""

    variant_id: str
    quantity: int
