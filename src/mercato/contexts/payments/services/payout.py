"""Payouts: a merchant withdraws its available balance (sandbox transfer, paid at once)."""

from __future__ import annotations

from django.db import transaction

from mercato.contexts.merchants import public as merchants
from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mercato.shared.money import Money

from .. import journal
from ..domain.accounts import MERCHANT_PAYABLE, PLATFORM_CASH
from ..events import PayoutPaid
from ..models import Payout
from ..selectors import available_balance


def _authorise_owner(merchant_id: str, actor: Actor) -> None:
    if actor.is_operator:
        return
    membership = merchants.membership_for(actor.user_id)
    if membership is None or membership.merchant_id != merchant_id:
        raise NotFound.of("merchant", merchant_id)
    if membership.role != "owner":
        raise Forbidden("only the merchant's owner requests payouts")


@transaction.atomic
def payout_request(*, merchant_id: str, amount: Money, actor: Actor) -> Payout:
    _authorise_owner(merchant_id, actor)
    if amount.amount <= 0:
        raise ValidationFailed.on("amount.amount", "must be positive")
    merchants.merchant_lock(merchant_id)  # one payout at a time per merchant: no double spending
    available = available_balance(merchant_id, amount.currency)
    if available.amount <= 0:
        raise Conflict(f"available balance is {available}; payouts are blocked until it is positive")
    if amount.amount > available.amount:
        raise Conflict(f"only {available} is available")
    payout = Payout.objects.create(merchant_id=merchant_id, amount=amount.amount, currency=amount.currency,
                                   actor=actor.label, created_at=clock.now())
    journal.post("payout", payout.id, [(MERCHANT_PAYABLE, merchant_id, amount), (PLATFORM_CASH, None, -amount)])
    events.publish(PayoutPaid(payout_id=payout.id, merchant_id=merchant_id, amount=str(amount.amount),
                              currency=amount.currency))
    return payout
