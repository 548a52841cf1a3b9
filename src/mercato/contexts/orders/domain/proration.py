"""Prorating a line's paid amount and commission to a returned or refunded quantity, exactly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mercato.shared.money import round_half_up


@dataclass(frozen=True)
class LineMoney:
    quantity: int
    amount_paid: Decimal
    commission: Decimal
    refunded_quantity: int
    refunded_amount: Decimal
    refunded_commission: Decimal


def prorate_quantity(line: LineMoney, quantity: int, currency: str) -> tuple[Decimal, Decimal]:
    """(amount, commission) for ``quantity`` more units of the line, rounded half-up.

    Rounding is cumulative (the share of the first k units, minus the share of those already refunded),
    so refunds in parts never add up to more than was paid, and the last units take exactly what is left.
    """
    remaining = line.quantity - line.refunded_quantity
    if quantity <= 0 or quantity > remaining:
        raise ValueError(f"quantity must be between 1 and {remaining}")
    if quantity == remaining:
        return line.amount_paid - line.refunded_amount, line.commission - line.refunded_commission

    def share(total: Decimal, units: int) -> Decimal:
        return round_half_up(total * units / line.quantity, currency)

    before, after = line.refunded_quantity, line.refunded_quantity + quantity
    amount = min(share(line.amount_paid, after) - share(line.amount_paid, before),
                 line.amount_paid - line.refunded_amount)
    commission = min(share(line.commission, after) - share(line.commission, before),
                     line.commission - line.refunded_commission)
    return amount, commission


def commission_for_amount(line: LineMoney, amount: Decimal, currency: str) -> Decimal:
    """The commission share of a refund by amount: the same proportion as of the amount paid."""
    remaining_paid = line.amount_paid - line.refunded_amount
    remaining_commission = line.commission - line.refunded_commission
    if amount >= remaining_paid:
        return remaining_commission
    if line.amount_paid == 0:
        return Decimal(0)
    return min(remaining_commission, round_half_up(line.commission * amount / line.amount_paid, currency))
