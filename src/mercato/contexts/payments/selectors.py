"""Payments queries: payments, balances, journal checks."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from mercato.contexts.merchants import public as merchants
from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound
from mercato.shared.money import Money

from .contracts import BalanceView, PaymentView, RefundView
from .domain.accounts import ESCROW, MERCHANT_PAYABLE
from .models import Allocation, JournalEntry, JournalLine, Payment, Payout, Refund


def payment_view(payment: Payment, failure_reason: str | None = None) -> PaymentView:
    """With a failure reason, the answer to that attempt says "failed"; the payment itself stays open."""
    return PaymentView(
        id=payment.id, reference=payment.reference, status="failed" if failure_reason else payment.status,
        amount=Money.of(payment.amount, payment.currency), method=payment.method, card_brand=payment.card_brand,
        card_last4=payment.card_last4, expires_at=payment.expires_at, failure_reason=failure_reason,
    )


def refund_view(refund: Refund) -> RefundView:
    return RefundView(id=refund.id, payment_id=refund.payment_id, order_ref=refund.order_ref,
                      amount=Money.of(refund.amount, refund.currency), source=refund.source, reason=refund.reason,
                      created_at=refund.created_at)


def payment_detail(payment_id: str, actor: Actor) -> tuple[Payment, list[Any], list[Refund]]:
    payment = Payment.objects.filter(pk=payment_id).first()
    visible = payment is not None and (
        actor.is_operator
        or (payment.payer_user_id and payment.payer_user_id == actor.user_id)
        or (not payment.payer_user_id and actor.guest_checkout_id == payment.reference)
    )
    if not visible:
        raise NotFound.of("payment", payment_id)
    assert payment is not None
    return payment, list(payment.attempts.order_by("id")), list(payment.refunds.order_by("created_at"))


def refunds_of_orders(order_refs: list[str]) -> list[RefundView]:
    return [refund_view(r) for r in Refund.objects.filter(order_ref__in=order_refs).order_by("created_at")]


def _account_sums(merchant_id: str) -> dict[tuple[str, str], Decimal]:
    rows = (JournalLine.objects.filter(merchant_id=merchant_id, account__in=[ESCROW, MERCHANT_PAYABLE])
            .values("account", "currency").annotate(total=Sum("amount")))
    return {(r["account"], r["currency"]): r["total"] or Decimal(0) for r in rows}


def available_balance(merchant_id: str, currency: str) -> Money:
    total = _account_sums(merchant_id).get((MERCHANT_PAYABLE, currency), Decimal(0))
    return Money.from_db(-total, currency)


def _authorise_staff(merchant_id: str, actor: Actor) -> None:
    if not actor.is_operator:
        membership = merchants.membership_for(actor.user_id)
        if membership is None or membership.merchant_id != merchant_id:
            raise NotFound.of("merchant", merchant_id)


def payouts_of(merchant_id: str, actor: Actor) -> list[Payout]:
    _authorise_staff(merchant_id, actor)
    return list(Payout.objects.filter(merchant_id=merchant_id).order_by("-created_at")[:100])


def balances(merchant_id: str, actor: Actor) -> list[BalanceView]:
    """Balances per currency, derived from the journal (the journal is the truth)."""
    _authorise_staff(merchant_id, actor)
    sums = _account_sums(merchant_id)
    paid = dict(Payout.objects.filter(merchant_id=merchant_id).values("currency").annotate(t=Sum("amount"))
                .values_list("currency", "t"))
    frozen = dict(Allocation.objects.filter(merchant_id=merchant_id).values("currency")
                  .annotate(t=Sum("frozen")).values_list("currency", "t"))
    currencies = sorted({c for _, c in sums} | set(paid)) or ["CNY"]
    return [
        BalanceView(
            currency=c,
            held_in_escrow=Money.from_db(-sums.get((ESCROW, c), Decimal(0)), c),
            frozen=Money.from_db(frozen.get(c), c),
            available=Money.from_db(-sums.get((MERCHANT_PAYABLE, c), Decimal(0)), c),
            paid_out=Money.from_db(paid.get(c), c),
        )
        for c in currencies
    ]


def journal_problems() -> list[str]:
    """Every entry balances per currency, and escrow in the journal equals escrow in the allocations."""
    problems = []
    sums = (JournalLine.objects.values("entry_id", "currency").annotate(t=Sum("amount"))
            .values_list("entry_id", "currency", "t"))
    problems += [f"entry {e} does not balance in {c}: {t}" for e, c, t in sums if not Money.from_db(t, c).is_zero]
    journal_escrow: dict[tuple[str | None, str], Decimal] = defaultdict(Decimal)
    for m, c, t in (JournalLine.objects.filter(account=ESCROW).values("merchant_id", "currency")
                    .annotate(t=Sum("amount")).values_list("merchant_id", "currency", "t")):
        journal_escrow[(m, c)] = -Money.from_db(t, c).amount
    held: dict[tuple[str | None, str], Decimal] = defaultdict(Decimal)
    for m, c, t in (Allocation.objects.values("merchant_id", "currency").annotate(t=Sum("held"))
                    .values_list("merchant_id", "currency", "t")):
        held[(m, c)] = Money.from_db(t, c).amount
    for key in set(journal_escrow) | set(held):
        if journal_escrow[key] != held[key]:
            problems.append(f"escrow of {key} is {journal_escrow[key]} in the journal but {held[key]} held")
    inconsistent = Allocation.objects.filter(
        Q(state__in=["held", "released"], captured=False) | Q(state="released", released_at__isnull=True)
        | Q(state__in=["pending", "void"], captured=True))
    problems += [f"allocation of {ref} is in an impossible escrow state" for ref in
                 inconsistent.values_list("order_ref", flat=True)[:20]]
    if JournalEntry.objects.filter(lines__isnull=True).exists():
        problems.append("an entry has no lines")
    return problems
