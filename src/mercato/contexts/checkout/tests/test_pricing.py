"""Checkout pricing without a database."""

from decimal import Decimal

from mercato.contexts.checkout.domain.pricing import PricingLine, quote
from mercato.shared.money import Money


def _line(key, merchant, price, qty, rate="0.05"):
    return PricingLine(key, merchant, Money.of(price, "CNY"), qty, Decimal(rate))


def test_shipping_is_per_merchant_shared_by_value_and_free_over_the_threshold():
    quotes = quote([_line("a", "m1", "30.00", 1), _line("b", "m1", "10.00", 1), _line("c", "m2", "120.00", 1)],
                   "standard")
    m1, m2 = quotes
    assert m1.shipping.amount == Decimal("8.00") and m2.shipping.amount == 0
    assert [ln.shipping_share.amount for ln in m1.lines] == [Decimal("6.00"), Decimal("2.00")]
    assert m1.total.amount == Decimal("48.00")
    assert all(ln.amount_paid == ln.list_amount - ln.discount + ln.shipping_share + ln.tax for q in quotes
               for ln in q.lines)


def test_commission_is_rounded_half_up_per_line():
    (q,) = quote([_line("a", "m1", "10.10", 1, "0.05")], "express")
    line = q.lines[0]
    assert line.amount_paid.amount == Decimal("28.10")
    assert line.commission.amount == Decimal("1.41")  # 1.405 → 1.41
