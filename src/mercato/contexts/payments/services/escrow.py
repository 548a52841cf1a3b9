"""Escrow: captured money is held per merchant order until receipt is confirmed, then released minus
commission. Returns freeze the affected part; refunds come out of escrow, or out of the merchant's balance
after an early release (ADR 0003)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, NotFound, ValidationFailed
from mercato.shared.money import Money, round_half_up

from .. import journal
from ..contracts import RefundView
from ..domain.accounts import ESCROW, MERCHANT_PAYABLE, PLATFORM_CASH, PLATFORM_COMMISSION
from ..domain.escrow_state import EscrowState
from ..domain.escrow_state import ensure_transition as escrow_transition
from ..domain.payment_status import PaymentStatus, ensure_transition
from ..events import EscrowReleased, PaymentCaptured, RefundIssued
from ..models import Allocation, Payment, Refund
from ..selectors import refund_view


def _money(amount: Decimal, currency: str) -> Money:
    return Money.from_db(amount, currency)


def capture_allocations(payment: Payment, allocations: Sequence[Allocation]) -> list[str]:
    """Money arrived for these allocations: platform cash up, escrow per merchant up."""
    legs: list[journal.Leg] = []
    for a in allocations:
        gross = _money(a.gross, a.currency)
        legs += [(PLATFORM_CASH, None, gross), (ESCROW, a.merchant_id, -gross)]
    for a in allocations:
        escrow_transition(a.state, EscrowState.HELD)
    journal.post("capture", payment.id, legs)
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).update(
        state=EscrowState.HELD, captured=True, held=F("gross"), held_commission=F("commission"))
    refs = [a.order_ref for a in allocations]
    events.publish(PaymentCaptured(payment_id=payment.id, order_refs=refs,
                                   amount=str(sum((a.gross for a in allocations), Decimal(0))),
                                   currency=payment.currency))
    return refs


def _allocation(order_ref: str) -> Allocation:
    allocation = Allocation.objects.select_for_update(of=("self",)).select_related("payment").filter(
        order_ref=order_ref).first()
    if allocation is None:
        raise NotFound.of("payment allocation for order", order_ref)
    return allocation


@transaction.atomic
def cod_collect(*, order_ref: str) -> None:
    """The carrier collected cash at delivery: it enters escrow like a card capture."""
    allocation = _allocation(order_ref)
    payment = Payment.objects.select_for_update().get(pk=allocation.payment_id)
    if allocation.captured:
        return
    capture_allocations(payment, [allocation])
    if not payment.allocations.filter(captured=False).exclude(gross=0).exists():
        ensure_transition(PaymentStatus(payment.status), PaymentStatus.SUCCEEDED)
        payment.status, payment.captured_at = PaymentStatus.SUCCEEDED, clock.now()
        payment.save(update_fields=["status", "captured_at"])


@transaction.atomic
def allocation_cancel(*, order_ref: str) -> None:
    """An order leaves its payment before any money moved (cancelled unpaid, or cash refused at the door).

    The payment shrinks by the order's share; with no share left, the payment is cancelled.
    """
    allocation = _allocation(order_ref)
    if allocation.captured:
        raise Conflict("money was already captured for this order; refund it instead")
    payment = Payment.objects.select_for_update().get(pk=allocation.payment_id)
    escrow_transition(allocation.state, EscrowState.VOID)
    payment.amount -= allocation.gross
    Allocation.objects.filter(pk=allocation.pk).update(state=EscrowState.VOID, gross=0, commission=0)
    if payment.amount <= 0:
        if payment.status != PaymentStatus.CANCELLED:
            ensure_transition(PaymentStatus(payment.status), PaymentStatus.CANCELLED)
        payment.status = PaymentStatus.CANCELLED
    elif payment.status == PaymentStatus.AWAITING_COLLECTION and not payment.allocations.filter(
            captured=False).exclude(gross=0).exists():
        ensure_transition(PaymentStatus(payment.status), PaymentStatus.SUCCEEDED)
        payment.status, payment.captured_at = PaymentStatus.SUCCEEDED, clock.now()
    payment.save(update_fields=["amount", "status", "captured_at"])


def _release_legs(a: Allocation, amount: Decimal, commission: Decimal) -> list[journal.Leg]:
    return [
        (ESCROW, a.merchant_id, _money(amount, a.currency)),
        (MERCHANT_PAYABLE, a.merchant_id, -_money(amount - commission, a.currency)),
        (PLATFORM_COMMISSION, None, -_money(commission, a.currency)),
    ]


def _release_unfrozen(a: Allocation) -> None:
    amount, commission = a.held - a.frozen, a.held_commission - a.frozen_commission
    if amount <= 0:
        return
    journal.post("escrow_release", a.order_ref, _release_legs(a, amount, commission))
    a.held, a.held_commission = a.frozen, a.frozen_commission
    a.save(update_fields=["held", "held_commission", "released_at"])
    events.publish(EscrowReleased(order_ref=a.order_ref, merchant_id=a.merchant_id, amount=str(amount),
                                  commission=str(commission), currency=a.currency))


@transaction.atomic
def escrow_release(*, order_ref: str) -> None:
    """Receipt confirmed (or auto-confirmed): the unfrozen part goes to the merchant, minus commission."""
    a = _allocation(order_ref)
    escrow_transition(a.state, EscrowState.RELEASED)
    a.released_at = clock.now()
    _release_unfrozen(a)
    Allocation.objects.filter(pk=a.pk).update(state=EscrowState.RELEASED, released_at=a.released_at)


@transaction.atomic
def escrow_freeze(*, order_ref: str, amount: Money, commission: Money) -> bool:
    """Freeze what a return may refund; False if the money already left escrow (early confirmation)."""
    a = _allocation(order_ref)
    if not a.captured or a.released_at is not None:
        return False
    room = a.held - a.frozen
    take = min(amount.amount, room)
    share = round_half_up(commission.amount * take / amount.amount, a.currency) if amount.amount else Decimal(0)
    a.frozen += take
    a.frozen_commission += min(share, a.held_commission - a.frozen_commission)
    a.save(update_fields=["frozen", "frozen_commission"])
    return True


@transaction.atomic
def escrow_unfreeze(*, order_ref: str, amount: Money, commission: Money) -> None:
    """A rejected return: the frozen part is free again, and released at once if the order is complete."""
    a = _allocation(order_ref)
    a.frozen = max(Decimal(0), a.frozen - amount.amount)
    a.frozen_commission = max(Decimal(0), a.frozen_commission - commission.amount)
    a.save(update_fields=["frozen", "frozen_commission"])
    if a.released_at is not None:
        _release_unfrozen(a)


@transaction.atomic
def refund_issue(*, order_ref: str, amount: Money, commission_part: Money, reason: str,
                 lines: list[dict[str, Any]], actor: Actor, from_frozen: bool = False) -> RefundView | None:
    """Pay money back to the buyer: from escrow while it is held there, else from the merchant's balance.

    Returns None when nothing was ever captured (an unpaid order or uncollected cash on delivery).
    """
    a = _allocation(order_ref)
    if amount.amount <= 0:
        raise ValidationFailed.on("amount", "must be positive")
    if not a.captured:
        return None
    refunded = sum((r.amount for r in Refund.objects.filter(order_ref=order_ref)), Decimal(0))
    if refunded + amount.amount > a.gross:
        raise Conflict(f"refunds would exceed the {a.gross} {a.currency} paid for this order")
    cash = _money(amount.amount, a.currency)
    commission = _money(commission_part.amount, a.currency)
    if a.held >= amount.amount:
        source = "escrow"
        legs: list[journal.Leg] = [(ESCROW, a.merchant_id, cash), (PLATFORM_CASH, None, -cash)]
        a.held -= amount.amount
        a.held_commission = max(Decimal(0), a.held_commission - commission_part.amount)
        if from_frozen:
            a.frozen = max(Decimal(0), a.frozen - amount.amount)
            a.frozen_commission = max(Decimal(0), a.frozen_commission - commission_part.amount)
        a.frozen = min(a.frozen, a.held)
        a.save(update_fields=["held", "held_commission", "frozen", "frozen_commission"])
    else:
        source = "merchant_balance"
        legs = [(MERCHANT_PAYABLE, a.merchant_id, cash - commission), (PLATFORM_COMMISSION, None, commission),
                (PLATFORM_CASH, None, -cash)]
    refund = Refund.objects.create(payment_id=a.payment_id, order_ref=order_ref, amount=amount.amount,
                                   commission_part=commission_part.amount, currency=a.currency, source=source,
                                   reason=reason, lines=lines, actor=actor.label, created_at=clock.now())
    journal.post("refund", refund.id, legs)
    events.publish(RefundIssued(refund_id=refund.id, payment_id=a.payment_id, order_ref=order_ref,
                                amount=str(amount.amount), currency=a.currency, source=source))
    return refund_view(refund)
