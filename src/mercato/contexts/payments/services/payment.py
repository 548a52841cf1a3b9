"""Creating and confirming payments with the sandbox card provider or cash on delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.bulk_insert import insert_rows
from mercato.shared.errors import Conflict, NotFound, ValidationFailed
from mercato.shared.money import money_sum

from ..contracts import AllocationSpec, CardDetails, PaymentSpec, PaymentView
from ..domain import sandbox_card
from ..domain.escrow_state import EscrowState
from ..domain.payment_status import PaymentStatus, ensure_transition
from ..events import PaymentCompleted
from ..models import Allocation, Payment, PaymentAttempt
from ..selectors import payment_view
from .escrow import capture_allocations


def payment_create(*, reference: str, payer_user_id: str | None, allocations: Sequence[AllocationSpec],
                   expires_at: datetime) -> PaymentView:
    """One payment for a whole checkout, split into one allocation per merchant order."""
    (view,) = payments_create_many([PaymentSpec(reference=reference, payer_user_id=payer_user_id,
                                                allocations=tuple(allocations), expires_at=expires_at)])
    return view


def payments_create_many(specs: Sequence[PaymentSpec]) -> list[PaymentView]:
    """Many checkouts' payments in two statements (a flash sale places its orders in groups)."""
    now = clock.now()
    payments: list[Payment] = []
    allocations: list[Allocation] = []
    for spec in specs:
        currency = spec.allocations[0].gross.currency
        total = money_sum([a.gross for a in spec.allocations], currency)
        payment = Payment(reference=spec.reference, payer_user_id=spec.payer_user_id, amount=total.amount,
                          currency=currency, expires_at=spec.expires_at, created_at=now)
        payments.append(payment)
        allocations.extend(Allocation(payment=payment, order_ref=a.order_ref, merchant_id=a.merchant_id,
                                      currency=currency, gross=a.gross.amount, commission=a.commission.amount)
                           for a in spec.allocations)
    insert_rows(Payment, payments)
    insert_rows(Allocation, allocations)
    return [payment_view(p) for p in payments]


def _locked_for_payer(payment_id: str, actor: Actor) -> Payment:
    payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
    if payment is None or not _is_payer(payment, actor):
        raise NotFound.of("payment", payment_id)
    return payment


def _is_payer(payment: Payment, actor: Actor) -> bool:
    if actor.is_operator:
        return True
    if payment.payer_user_id:
        return bool(actor.user_id == payment.payer_user_id)
    return bool(actor.guest_checkout_id == payment.reference)


def _ensure_open(payment: Payment) -> None:
    if payment.status not in (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.REQUIRES_ACTION):
        raise Conflict(f"payment is {payment.status}; it cannot be confirmed again",
                       current_status=payment.status)
    if clock.now() >= payment.expires_at:
        raise Conflict("the reservation for this payment has expired; check out again",
                       current_status=payment.status)


def _succeed(payment: Payment, *, method: str) -> None:
    ensure_transition(PaymentStatus(payment.status), PaymentStatus.SUCCEEDED)
    payment.status, payment.method, payment.captured_at = PaymentStatus.SUCCEEDED, method, clock.now()
    payment.save(update_fields=["status", "method", "card_brand", "card_last4", "captured_at"])
    order_refs = capture_allocations(payment, list(payment.allocations.exclude(state=EscrowState.VOID)))
    events.publish(PaymentCompleted(payment_id=payment.id, reference=payment.reference, order_refs=order_refs,
                                    method=method, status=payment.status))


@transaction.atomic
def payment_confirm_card(*, payment_id: str, card: CardDetails, actor: Actor) -> PaymentView:
    """Charge a sandbox card. A failed attempt is recorded and leaves the payment open for another try."""
    if not sandbox_card.luhn_ok(card.number):
        raise ValidationFailed.on("card.number", "is not a valid card number (check digit)")
    payment = _locked_for_payer(payment_id, actor)
    _ensure_open(payment)
    if payment.status == PaymentStatus.REQUIRES_ACTION:
        raise Conflict("this payment waits for authentication: POST /payments/{id}/authenticate",
                       current_status=payment.status)
    result = sandbox_card.charge(card.number, card.exp_month, card.exp_year, clock.local_date(clock.now()))
    PaymentAttempt.objects.create(payment=payment, method="card", outcome=result.outcome,
                                  failure_reason=result.failure_reason or "", card_brand=result.brand,
                                  card_last4=result.last4, at=clock.now())
    payment.card_brand, payment.card_last4, payment.method = result.brand, result.last4, "card"
    if result.outcome == "failed":
        payment.save(update_fields=["card_brand", "card_last4", "method"])
        return payment_view(payment, failure_reason=result.failure_reason)
    if result.outcome == "requires_action":
        ensure_transition(PaymentStatus(payment.status), PaymentStatus.REQUIRES_ACTION)
        payment.status, payment.method = PaymentStatus.REQUIRES_ACTION, "card"
        payment.save(update_fields=["status", "method", "card_brand", "card_last4"])
        return payment_view(payment)
    _succeed(payment, method="card")
    return payment_view(payment)


@transaction.atomic
def payment_authenticate(*, payment_id: str, code: str, actor: Actor) -> PaymentView:
    """The buyer's answer to the card's authentication challenge (sandbox code 123456)."""
    payment = _locked_for_payer(payment_id, actor)
    _ensure_open(payment)
    if payment.status != PaymentStatus.REQUIRES_ACTION:
        raise Conflict(f"payment is {payment.status}; nothing to authenticate", current_status=payment.status)
    ok = code == sandbox_card.AUTHENTICATION_CODE
    PaymentAttempt.objects.create(payment=payment, method="card", outcome="succeeded" if ok else "failed",
                                  failure_reason="" if ok else "authentication_failed",
                                  card_brand=payment.card_brand, card_last4=payment.card_last4, at=clock.now())
    if not ok:
        payment.status = PaymentStatus.REQUIRES_PAYMENT
        payment.save(update_fields=["status"])
        return payment_view(payment, failure_reason="authentication_failed")
    _succeed(payment, method="card")
    return payment_view(payment)


@transaction.atomic
def payment_confirm_cod(*, payment_id: str, actor: Actor) -> PaymentView:
    """Cash on delivery: the order proceeds; the carrier collects at the door (see cod_collect)."""
    payment = _locked_for_payer(payment_id, actor)
    _ensure_open(payment)
    ensure_transition(PaymentStatus(payment.status), PaymentStatus.AWAITING_COLLECTION)
    PaymentAttempt.objects.create(payment=payment, method="cod", outcome="awaiting_collection", at=clock.now())
    payment.status, payment.method = PaymentStatus.AWAITING_COLLECTION, "cod"
    payment.save(update_fields=["status", "method"])
    order_refs = list(payment.allocations.exclude(state=EscrowState.VOID).values_list("order_ref", flat=True))
    events.publish(PaymentCompleted(payment_id=payment.id, reference=payment.reference, order_refs=order_refs,
                                    method="cod", status=payment.status))
    return payment_view(payment)


def payment_lock(*, payment_id: str) -> None:
    """Take the payment's row lock. Every flow that may touch an unpaid payment takes it first (then the
    order, then allocations), so confirm, cancel and expiry never deadlock (ADR 0002)."""
    Payment.objects.select_for_update().filter(pk=payment_id).exists()


@transaction.atomic
def payment_cancel_if_unpaid(*, payment_id: str, actor: Actor) -> bool:
    """Cancel an open payment (reservation expired or orders cancelled). False when it was paid meanwhile."""
    payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
    if payment is None:
        raise NotFound.of("payment", payment_id)
    if payment.status not in (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.REQUIRES_ACTION):
        return bool(payment.status == PaymentStatus.CANCELLED)
    ensure_transition(PaymentStatus(payment.status), PaymentStatus.CANCELLED)
    payment.status = PaymentStatus.CANCELLED
    payment.save(update_fields=["status"])
    return True
