"""A direct purchase: one variant at a public campaign price, its units claimed from a stock pool, no cart.

The flash-sale hot path (ADR 0010). It places the same order and payment a cart checkout places, with the
same line breakdown, but reserves nothing on the stock level: the units were earmarked when the sale opened and
the order only claims them, so buyers never queue on one row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from mercato.contexts.catalog import public as catalog
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


def checkout_direct(*, line: DirectLine, address: AddressData, shipping_method: str, pay_within: timedelta,
                    actor: Actor) -> CheckoutResult:
    """Place one order and its payment; runs in the caller's transaction (a short pool rolls it all back)."""
    if not actor.user_id:
        raise ValidationFailed.on("actor", "direct purchases need a signed-in buyer")
    if shipping_method not in SHIPPING_RULES:
        raise ValidationFailed.on("shipping_method", f"must be one of {', '.join(SHIPPING_RULES)}")
    offer = catalog.variants_for_sale([line.variant_id]).get(line.variant_id)
    if offer is None or not offer.sellable:
        raise Conflict(f"{line.variant_id} is no longer sold", variant_ids=[line.variant_id])
    if offer.price.currency != line.unit_price.currency:
        raise Conflict(f"{line.variant_id} is sold in {offer.price.currency}, not {line.unit_price.currency}")
    (rate,) = merchants.commission_rates_for([(offer.merchant_id, offer.category_chain)])
    key = "direct"
    (merchant_quote,) = quote([PricingLine(key=key, merchant_id=offer.merchant_id, unit_price=line.unit_price,
                                           quantity=line.quantity, commission_rate=rate)], shipping_method)
    now = clock.now()
    pay_by = now + pay_within
    checkout_id, order_id = new_id("chk"), new_id("ord")
    inventory.stock_pool_claim(pool=line.pool, reference=order_id, quantity=line.quantity, expires_at=pay_by)
    payment = payments.payment_create(
        reference=checkout_id, payer_user_id=actor.user_id, expires_at=pay_by,
        allocations=[payments.AllocationSpec(order_ref=order_id, merchant_id=offer.merchant_id,
                                             gross=merchant_quote.total,
                                             commission=_sum_commission(merchant_quote))],
    )
    address_id = identity.address_create(data=address, user_id=actor.user_id)
    draft = _draft(merchant_quote, order_id, {key: _CartLike(line.variant_id, line.quantity)},  # type: ignore[dict-item]
                   {line.variant_id: replace(offer, price=line.unit_price)})
    (placed,) = orders.orders_place(
        checkout_ref=checkout_id, drafts=[draft], buyer_user_id=actor.user_id, contact_id=None,
        shipping_address_id=address_id, shipping_method=shipping_method, payment_id=payment.id,
        reserved_until=pay_by, actor=actor,
    )
    return CheckoutResult(
        checkout_id=checkout_id,
        orders=(PlacedOrder(id=placed.id, number=placed.number, merchant_id=placed.merchant_id,
                            status=placed.status, total=Money.of(placed.total, placed.currency)),),
        payment_id=payment.id, payment_amount=payment.amount, payment_status=payment.status,
        reserved_until=pay_by, guest_token=None,
    )


@dataclass(frozen=True)
class _CartLike:
    """What `_draft` reads from a cart line."""

    variant_id: str
    quantity: int
