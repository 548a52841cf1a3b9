"""Payments commands (a package: payment flow, escrow and refunds, payouts)."""

from .escrow import (
    allocation_cancel,
    cod_collect,
    escrow_freeze,
    escrow_release,
    escrow_unfreeze,
    refund_issue,
)
from .payment import (
    payment_authenticate,
    payment_cancel_if_unpaid,
    payment_confirm_card,
    payment_confirm_cod,
    payment_create,
    payment_lock,
    payments_create_many,
)
from .payout import payout_request

__all__ = ["cod_collect", "allocation_cancel", "escrow_freeze", "escrow_release", "escrow_unfreeze",
           "payment_authenticate", "payment_cancel_if_unpaid", "payment_confirm_card", "payment_confirm_cod",
           "payment_create", "payment_lock", "payments_create_many", "payout_request", "refund_issue"]
