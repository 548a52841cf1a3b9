"""Money: a Decimal amount with an ISO 4217 currency. Never a float; rounding is explicit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Minor units of the currencies the platform accepts (ISO 4217).
MINOR_UNITS: dict[str, int] = {
    "CNY": 2, "USD": 2, "EUR": 2, "GBP": 2, "HKD": 2, "SGD": 2, "AUD": 2, "CAD": 2,
    "KRW": 0, "JPY": 0, "TWD": 2, "CHF": 2, "THB": 2, "MYR": 2, "VND": 0, "IDR": 2,
}


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


class CurrencyMismatch(MoneyError):
    """Arithmetic between two different currencies."""


def check_currency(code: str) -> str:
    """Return the code if the platform knows it, else raise MoneyError."""
    if code not in MINOR_UNITS:
        raise MoneyError(f"unknown currency code {code!r} (ISO 4217, e.g. CNY)")
    return code


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR_UNITS[check_currency(currency)])


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        check_currency(self.currency)
        if not isinstance(self.amount, Decimal):
            raise MoneyError("amount must be a Decimal")
        if not self.amount.is_finite():
            raise MoneyError("amount must be finite")

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str) -> Money:
        """Parse an amount; refuses floats and more decimals than the currency has."""
        if isinstance(amount, float):
            raise MoneyError("money amounts are never floats")
        try:
            value = Decimal(str(amount).strip())
        except (InvalidOperation, ValueError) as exc:
            raise MoneyError(f"{amount!r} is not a decimal amount") from exc
        if not value.is_finite():
            raise MoneyError("amount must be finite")
        q = quantum(currency)
        if value != value.quantize(q, rounding=ROUND_HALF_UP):
            raise MoneyError(f"{currency} has {MINOR_UNITS[currency]} decimal places")
        return cls(value.quantize(q), currency)

    @classmethod
    def from_db(cls, amount: Decimal | int | None, currency: str) -> Money:
        """A stored or aggregated amount (SQLite sums may carry binary noise): rounded to the minor unit."""
        value = round_half_up(Decimal(amount or 0), currency)
        return cls(value.copy_abs() if value == 0 else value, currency)  # never "-0.00"

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0).quantize(quantum(currency)), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def times(self, factor: int | Decimal) -> Money:
        """Multiply and round half-up to the currency's minor unit."""
        return Money(round_half_up(self.amount * Decimal(factor), self.currency), self.currency)

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    def as_json(self) -> dict[str, str]:
        return {"amount": f"{self.amount.quantize(quantum(self.currency))}", "currency": self.currency}

    def __str__(self) -> str:
        return f"{self.amount.quantize(quantum(self.currency))} {self.currency}"


def round_half_up(value: Decimal, currency: str) -> Decimal:
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def money_sum(items: Sequence[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for item in items:
        total = total + item
    return total


def allocate(total: Money, weights: Sequence[Decimal]) -> list[Money]:
    """Split total across weights so the parts sum exactly to total (largest remainder, in minor units).

    Used to share shipping or discounts over order lines without losing or inventing a cent.
    """
    if not weights:
        return []
    weight_sum = sum(weights, Decimal(0))
    q = quantum(total.currency)
    units = int((total.amount / q).to_integral_value())
    if weight_sum == 0:
        shares = [Decimal(0)] * len(weights)
        shares[0] = Decimal(units)
    else:
        shares = [Decimal(units) * w / weight_sum for w in weights]
    floors = [int(s) for s in shares]
    remainder = units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (shares[i] - floors[i], -i), reverse=True)
    for i in order[:remainder]:
        floors[i] += 1
    return [Money(Decimal(f) * q, total.currency) for f in floors]
