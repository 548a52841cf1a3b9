"""Money as the payments context moves it: payments, escrow allocations, refunds, payouts and journal entries.

Each function mirrors one payments service (services/payment.py, escrow.py, payout.py) on plain records, so the
bulk-written history is exactly what the services would have written. Amounts are signed: debit +, credit -.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from mercato.contexts.payments.domain.accounts import ESCROW, MERCHANT_PAYABLE, PLATFORM_CASH, PLATFORM_COMMISSION
from mercato.shared.money import round_half_up

if TYPE_CHECKING:
    from .plan import Plan

ZERO = Decimal("0.00")
CURRENCY = "CNY"
Leg = tuple[str, int | None, Decimal]  # (account, merchant index, signed amount)


@dataclass(slots=True)
class AttemptPlan:
    method: str
    outcome: str
    at: datetime
    failure_reason: str = ""
    card_brand: str = ""
    card_last4: str = ""


@dataclass(slots=True)
class PaymentPlan:
    checkout: int
    payer: int | None
    amount: Decimal
    expires_at: datetime
    created_at: datetime
    status: str = "requires_payment"
    method: str = ""
    card_brand: str = ""
    card_last4: str = ""
    captured_at: datetime | None = None
    attempts: list[AttemptPlan] = field(default_factory=list)


@dataclass(slots=True)
class AllocationPlan:
    """One order's share of its checkout's payment (allocation i belongs to order i)."""

    payment: int
    merchant: int
    gross: Decimal
    commission: Decimal
    held: Decimal = ZERO
    held_commission: Decimal = ZERO
    frozen: Decimal = ZERO
    frozen_commission: Decimal = ZERO
    captured: bool = False
    released_at: datetime | None = None


@dataclass(slots=True)
class RefundPlan:
    payment: int
    order: int
    amount: Decimal
    commission_part: Decimal
    source: str
    reason: str
    lines: list[tuple[int, int, Decimal]]  # (line index, quantity, amount)
    actor: str
    created_at: datetime
    ret: int | None = None  # the return whose id the reason names


@dataclass(slots=True)
class PayoutPlan:
    merchant: int
    amount: Decimal
    actor: str
    created_at: datetime


@dataclass(slots=True)
class EntryPlan:
    kind: str
    ref_kind: str  # what the reference is the id of: payment, order, refund or payout
    ref: int
    at: datetime
    legs: list[Leg]


def post(plan: Plan, kind: str, ref_kind: str, ref: int, at: datetime, legs: list[Leg]) -> None:
    """journal.post: drop zero legs, refuse an unbalanced entry, write nothing when nothing moves."""
    legs = [leg for leg in legs if leg[2] != 0]
    if not legs:
        return
    if sum(leg[2] for leg in legs) != 0:
        raise AssertionError(f"{kind} for {ref_kind} {ref} does not balance")
    plan.entries.append(EntryPlan(kind, ref_kind, ref, at, legs))


def capture(plan: Plan, payment: int, orders: list[int], at: datetime) -> None:
    """capture_allocations: platform cash up, escrow per merchant up."""
    legs: list[Leg] = []
    for o in orders:
        a = plan.allocations[o]
        legs += [(PLATFORM_CASH, None, a.gross), (ESCROW, a.merchant, -a.gross)]
    post(plan, "capture", "payment", payment, at, legs)
    for o in orders:
        a = plan.allocations[o]
        a.captured, a.held, a.held_commission = True, a.gross, a.commission


def _uncollected(plan: Plan, payment: int) -> bool:
    return any(not plan.allocations[o].captured and plan.allocations[o].gross != 0
               for o in plan.checkouts[payment].orders)


def cod_collect(plan: Plan, order: int, at: datetime) -> None:
    a = plan.allocations[order]
    if a.captured:
        return
    capture(plan, a.payment, [order], at)
    if not _uncollected(plan, a.payment):
        payment = plan.payments[a.payment]
        payment.status, payment.captured_at = "succeeded", at


def allocation_cancel(plan: Plan, order: int, at: datetime) -> None:
    """An order leaves its payment before any money moved: the payment shrinks by its share."""
    a = plan.allocations[order]
    payment = plan.payments[a.payment]
    payment.amount -= a.gross
    a.gross = a.commission = ZERO
    if payment.amount <= 0:
        payment.status = "cancelled"
    elif payment.status == "awaiting_collection" and not _uncollected(plan, a.payment):
        payment.status, payment.captured_at = "succeeded", at


def _release_unfrozen(plan: Plan, order: int, at: datetime) -> None:
    a = plan.allocations[order]
    amount, commission = a.held - a.frozen, a.held_commission - a.frozen_commission
    if amount <= 0:
        return
    post(plan, "escrow_release", "order", order, at, [
        (ESCROW, a.merchant, amount), (MERCHANT_PAYABLE, a.merchant, -(amount - commission)),
        (PLATFORM_COMMISSION, None, -commission),
    ])
    a.held, a.held_commission = a.frozen, a.frozen_commission


def escrow_release(plan: Plan, order: int, at: datetime) -> None:
    a = plan.allocations[order]
    if not a.captured:
        raise AssertionError(f"order {order}: nothing was captured")
    a.released_at = a.released_at or at
    _release_unfrozen(plan, order, at)


def escrow_freeze(plan: Plan, order: int, amount: Decimal, commission: Decimal) -> bool:
    a = plan.allocations[order]
    if not a.captured or a.released_at is not None:
        return False
    take = min(amount, a.held - a.frozen)
    share = round_half_up(commission * take / amount, CURRENCY) if amount else ZERO
    a.frozen += take
    a.frozen_commission += min(share, a.held_commission - a.frozen_commission)
    return True


def escrow_unfreeze(plan: Plan, order: int, amount: Decimal, commission: Decimal, at: datetime) -> None:
    a = plan.allocations[order]
    a.frozen = max(ZERO, a.frozen - amount)
    a.frozen_commission = max(ZERO, a.frozen_commission - commission)
    if a.released_at is not None:
        _release_unfrozen(plan, order, at)


def refund_issue(plan: Plan, order: int, amount: Decimal, commission_part: Decimal, *, reason: str,
                 lines: list[tuple[int, int, Decimal]], actor: str, at: datetime, from_frozen: bool = False,
                 ret: int | None = None) -> int | None:
    """From escrow while it holds enough, else from the merchant's balance; None when nothing was captured."""
    a = plan.allocations[order]
    if amount <= 0:
        raise AssertionError("refund amount must be positive")
    if not a.captured:
        return None
    if plan.orders[order].refunded_total + amount > a.gross:
        raise AssertionError(f"refunds of order {order} would exceed what was paid")
    if a.held >= amount:
        source, legs = "escrow", [(ESCROW, a.merchant, amount), (PLATFORM_CASH, None, -amount)]
        a.held -= amount
        a.held_commission = max(ZERO, a.held_commission - commission_part)
        if from_frozen:
            a.frozen = max(ZERO, a.frozen - amount)
            a.frozen_commission = max(ZERO, a.frozen_commission - commission_part)
        a.frozen = min(a.frozen, a.held)
    else:
        source = "merchant_balance"
        legs = [(MERCHANT_PAYABLE, a.merchant, amount - commission_part),
                (PLATFORM_COMMISSION, None, commission_part), (PLATFORM_CASH, None, -amount)]
    plan.refunds.append(RefundPlan(a.payment, order, amount, commission_part, source, reason, lines, actor, at, ret))
    post(plan, "refund", "refund", len(plan.refunds) - 1, at, legs)
    return len(plan.refunds) - 1


def payout(plan: Plan, merchant: int, amount: Decimal, actor: str, at: datetime) -> None:
    plan.payouts.append(PayoutPlan(merchant, amount, actor, at))
    post(plan, "payout", "payout", len(plan.payouts) - 1, at,
         [(MERCHANT_PAYABLE, merchant, amount), (PLATFORM_CASH, None, -amount)])
