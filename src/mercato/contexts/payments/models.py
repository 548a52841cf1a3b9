"""Payments, attempts, escrow allocations, refunds, payouts and the double-entry journal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mercato.shared.fields import amount_field, id_field, ref_field

from .domain.escrow_state import EscrowState
from .domain.payment_status import PaymentStatus


class Payment(models.Model):
    id = id_field("pay")
    reference = ref_field(db_index=True, help_text="the checkout id")
    payer_user_id = ref_field(null=True, blank=True)
    amount = amount_field()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=24, choices=[(s, s) for s in PaymentStatus],
                              default=PaymentStatus.REQUIRES_PAYMENT)
    method = models.CharField(max_length=8, blank=True, default="")
    card_brand = models.CharField(max_length=16, blank=True, default="")
    card_last4 = models.CharField(max_length=4, blank=True, default="")
    expires_at = models.DateTimeField(help_text="reservation deadline: unpaid after this, it is cancelled")
    created_at = models.DateTimeField()
    captured_at = models.DateTimeField(null=True, blank=True)


class PaymentAttempt(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="attempts")
    method = models.CharField(max_length=8)
    outcome = models.CharField(max_length=24)
    failure_reason = models.CharField(max_length=40, blank=True, default="")
    card_brand = models.CharField(max_length=16, blank=True, default="")
    card_last4 = models.CharField(max_length=4, blank=True, default="")
    at = models.DateTimeField()


class Allocation(models.Model):
    """One merchant order's share of a payment, and its escrow: held until receipt is confirmed."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    order_ref = ref_field(unique=True)
    merchant_id = ref_field(db_index=True)
    currency = models.CharField(max_length=3)
    gross = amount_field()
    commission = amount_field()
    held = amount_field(default=0, help_text="still in escrow")
    held_commission = amount_field(default=0)
    frozen = amount_field(default=0, help_text="part of held frozen by a return request")
    frozen_commission = amount_field(default=0)
    state = models.CharField(max_length=12, choices=[(s.value, s.value) for s in EscrowState],
                             default=EscrowState.PENDING.value)
    captured = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(held__gte=0) & Q(frozen__gte=0) & Q(frozen__lte=models.F("held")),
                                   name="allocation_escrow_bounds"),
        ]


class Refund(models.Model):
    id = id_field("rfd")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    order_ref = ref_field(db_index=True)
    amount = amount_field()
    commission_part = amount_field(default=0)
    currency = models.CharField(max_length=3)
    source = models.CharField(max_length=16, help_text="escrow or merchant_balance")
    reason = models.CharField(max_length=200)
    lines = models.JSONField(default=list)
    actor = models.CharField(max_length=64)
    created_at = models.DateTimeField()


class Payout(models.Model):
    id = id_field("po")
    merchant_id = ref_field(db_index=True)
    amount = amount_field()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, default="paid")
    actor = models.CharField(max_length=64)
    created_at = models.DateTimeField()


class JournalEntry(models.Model):
    """One balanced money movement. Lines hold ids only, never personal data."""

    kind = models.CharField(max_length=24)
    reference = ref_field(db_index=True)
    at = models.DateTimeField()


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.CharField(max_length=32)
    merchant_id = ref_field(null=True, blank=True)
    currency = models.CharField(max_length=3)
    amount = amount_field(help_text="debit positive, credit negative")

    class Meta:
        indexes = [models.Index(fields=["merchant_id", "account", "currency"], name="journal_balance_idx")]
