"""Payment rules without a database."""

from datetime import date

import pytest

from mercato.contexts.payments.domain import sandbox_card
from mercato.contexts.payments.domain.payment_status import PaymentStatus, ensure_transition
from mercato.shared.errors import IllegalTransition

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(("number", "outcome", "reason"), [
    ("4242424242424242", "succeeded", None), ("4000000000000002", "failed", "card_declined"),
    ("4000000000009995", "failed", "insufficient_funds"), ("4000000000003220", "requires_action", None)])
def test_sandbox_test_cards(number, outcome, reason):
    result = sandbox_card.charge(number, 12, 2030, TODAY)
    assert (result.outcome, result.failure_reason, result.last4, result.brand) == (outcome, reason, number[-4:], "visa")


def test_expired_card_and_luhn():
    assert sandbox_card.charge("4242424242424242", 10, 2026, TODAY).failure_reason == "expired_card"
    assert sandbox_card.luhn_ok("4242424242424242") and not sandbox_card.luhn_ok("4242424242424241")


def test_a_captured_payment_cannot_be_confirmed_again():
    with pytest.raises(IllegalTransition):
        ensure_transition(PaymentStatus.SUCCEEDED, PaymentStatus.SUCCEEDED)


def test_escrow_is_held_once_and_released_once():
    from mercato.contexts.payments.domain.escrow_state import EscrowState, ensure_transition

    ensure_transition(EscrowState.PENDING, EscrowState.HELD)
    ensure_transition(EscrowState.HELD, EscrowState.RELEASED)
    for current, target in [(EscrowState.RELEASED, EscrowState.RELEASED), (EscrowState.VOID, EscrowState.HELD),
                            (EscrowState.PENDING, EscrowState.RELEASED)]:
        with pytest.raises(IllegalTransition):
            ensure_transition(current, target)
