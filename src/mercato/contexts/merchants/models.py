"""Merchants, their staff and the commission table."""

from __future__ import annotations

from django.db import models

from mercato.shared.fields import id_field, ref_field

from .domain.merchant_status import MerchantStatus, StaffRole


class Merchant(models.Model):
    id = id_field("mer")
    name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    business_license = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=[(s, s) for s in MerchantStatus],
                              default=MerchantStatus.PENDING)
    created_at = models.DateTimeField()
    status_changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role at one merchant (a user belongs to at most one merchant)."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="staff")
    user = models.OneToOneField("identity.User", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16, choices=[(r, r) for r in StaffRole])
    created_at = models.DateTimeField()


class CommissionRate(models.Model):
    """A commission rate for a merchant, a category (a downstream id, no FK), both, or neither (default)."""

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category_id = ref_field(null=True, blank=True)
    rate = models.DecimalField(max_digits=5, decimal_places=4)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(rate__gte=0) & models.Q(rate__lte=1),
                                   name="commission_rate_between_0_and_1"),
        ]


class MerchantStatusChange(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=16)
    actor = models.CharField(max_length=64)
    at = models.DateTimeField()
