"""What crosses the payments wall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mercato.shared.money import Money


@dataclass(frozen=True)
class AllocationSpec:
    """A merchant order's share of a payment and the commission fixed at checkout."""

    order_ref: str
    merchant_id: str
    gross: Money
    commission: Money


@dataclass(frozen=True)
class CardDetails:
    number: str
    exp_month: int
    exp_year: int
    cvc: str


@dataclass(frozen=True)
class PaymentSpec:
    """A payment to create: one checkout's, split into its merchants' allocations."""

    reference: str
    payer_user_id: str | None
    allocations: tuple[AllocationSpec, ...]
    expires_at: datetime


@dataclass(frozen=True)
class PaymentView:
    id: str
    reference: str
    status: str
    amount: Money
    method: str
    card_brand: str
    card_last4: str
    expires_at: datetime
    failure_reason: str | None = None


@dataclass(frozen=True)
class RefundView:
    id: str
    payment_id: str
    order_ref: str
    amount: Money
    source: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class BalanceView:
    currency: str
    held_in_escrow: Money
    frozen: Money
    available: Money
    paid_out: Money
