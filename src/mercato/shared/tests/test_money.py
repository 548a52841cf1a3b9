"""Money never loses or invents a cent."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.shared.money import CurrencyMismatch, Money, MoneyError, allocate

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(total=amounts, weights=st.lists(st.decimals(min_value=0, max_value=10**5, places=2), min_size=1, max_size=12))
def test_allocation_parts_sum_exactly_to_the_total(total, weights):
    parts = allocate(Money(total, "CNY"), weights)
    assert sum(p.amount for p in parts) == total
    assert all(p.amount >= 0 for p in parts)


def test_allocation_follows_the_weights():
    parts = allocate(Money.of("10.00", "CNY"), [Decimal(1), Decimal(1), Decimal(1)])
    assert [p.amount for p in parts] == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]


@pytest.mark.parametrize("bad", [1.5, "abc", "1.005", "NaN", "Infinity"])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(MoneyError):
        Money.of(bad, "CNY")


def test_currency_rules():
    with pytest.raises(MoneyError):
        Money.of("1", "XYZ")
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "CNY") + Money.of("1", "USD")
    assert Money.of("100", "JPY").as_json() == {"amount": "100", "currency": "JPY"}


def test_multiplication_rounds_half_up():
    assert Money.of("0.05", "CNY").times(Decimal("0.5")).amount == Decimal("0.03")
