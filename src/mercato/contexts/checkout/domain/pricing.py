"""Pricing a checkout: each line's breakdown (list, discount, shipping share, tax, paid, commission).

A price depends on the variant, the moment and public campaigns, never on who is buying: nothing here
takes the buyer as input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mercato.shared.money import Money, allocate, money_sum, round_half_up

# Per merchant order, by shipping method: (flat fee, free from this merchandise subtotal), in CNY.
SHIPPING_RULES: dict[str, tuple[Decimal, Decimal | None]] = {
    "standard": (Decimal("8.00"), Decimal("99.00")),
    "express": (Decimal("18.00"), None),
}


@dataclass(frozen=True)
class PricingLine:
    key: str
    merchant_id: str
    unit_price: Money
    quantity: int
    commission_rate: Decimal


@dataclass(frozen=True)
class LineQuote:
    key: str
    list_amount: Money
    discount: Money
    shipping_share: Money
    tax: Money
    amount_paid: Money
    commission_rate: Decimal
    commission: Money


@dataclass(frozen=True)
class MerchantQuote:
    merchant_id: str
    shipping: Money
    lines: tuple[LineQuote, ...]

    @property
    def total(self) -> Money:
        return money_sum([ln.amount_paid for ln in self.lines], self.shipping.currency)


def shipping_fee(method: str, merchandise: Money) -> Money:
    fee, free_from = SHIPPING_RULES[method]
    if free_from is not None and merchandise.amount >= free_from:
        return Money.zero(merchandise.currency)
    return Money.of(fee, merchandise.currency)


def quote(lines: Sequence[PricingLine], shipping_method: str) -> list[MerchantQuote]:
    """Group lines by merchant; share each merchant's shipping over its lines by value, to the cent."""
    if shipping_method not in SHIPPING_RULES:
        raise ValueError(f"unknown shipping method {shipping_method!r}")
    groups: dict[str, list[PricingLine]] = {}
    for line in lines:
        groups.setdefault(line.merchant_id, []).append(line)
    quotes = []
    for merchant_id, group in groups.items():
        currency = group[0].unit_price.currency
        list_amounts = [ln.unit_price.times(ln.quantity) for ln in group]
        shipping = shipping_fee(shipping_method, money_sum(list_amounts, currency))
        shares = allocate(shipping, [m.amount for m in list_amounts])
        line_quotes = []
        for ln, list_amount, share in zip(group, list_amounts, shares, strict=True):
            discount, tax = Money.zero(currency), Money.zero(currency)
            paid = list_amount - discount + share + tax
            commission = Money(round_half_up(paid.amount * ln.commission_rate, currency), currency)
            line_quotes.append(LineQuote(key=ln.key, list_amount=list_amount, discount=discount,
                                         shipping_share=share, tax=tax, amount_paid=paid,
                                         commission_rate=ln.commission_rate, commission=commission))
        quotes.append(MerchantQuote(merchant_id=merchant_id, shipping=shipping, lines=tuple(line_quotes)))
    return quotes
