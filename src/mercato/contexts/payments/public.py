"""The payments door."""

from .contracts import AllocationSpec, CardDetails, PaymentSpec, PaymentView, RefundView
from .selectors import journal_problems, payment_view, refunds_of_orders
from .services import (
    allocation_cancel,
    cod_collect,
    escrow_freeze,
    escrow_release,
    escrow_unfreeze,
    payment_cancel_if_unpaid,
    payment_create,
    payment_lock,
    payments_create_many,
    refund_issue,
)

__all__ = ["AllocationSpec", "CardDetails", "PaymentSpec", "PaymentView", "RefundView", "allocation_cancel",
           "cod_collect", "escrow_freeze", "escrow_release", "escrow_unfreeze", "journal_problems",
           "payment_cancel_if_unpaid", "payment_create", "payment_lock", "payment_view", "payments_create_many",
           "refund_issue", "refunds_of_orders"]
