"""Flash sale campaigns, their items, what each buyer bought, and every change of a campaign."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mercato.shared.fields import amount_field, id_field, ref_field

from .domain.sale_status import SaleStatus


class FlashSale(models.Model):
    id = id_field("fls")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    title = models.JSONField(help_text="language code → title")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    payment_minutes = models.PositiveSmallIntegerField(default=10)
    status = models.CharField(max_length=16, choices=[(s.value, s.value) for s in SaleStatus],
                              default=SaleStatus.SCHEDULED)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "starts_at"], name="flash_sale_due_idx")]


class FlashSaleItem(models.Model):
    """One variant on sale: its price inside the window, the units offered and each buyer's limit."""

    id = id_field("fsi")
    sale = models.ForeignKey(FlashSale, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    sale_price = amount_field()
    list_price = amount_field(help_text="the variant's price when the sale was scheduled, shown struck through")
    currency = models.CharField(max_length=3)
    units = models.PositiveIntegerField(help_text="units offered")
    units_earmarked = models.PositiveIntegerField(default=0, help_text="units set aside when the sale opened")
    per_buyer_limit = models.PositiveSmallIntegerField()

    @property
    def pool(self) -> str:
        """The inventory pool holding this item's units."""
        return str(self.id)


class BuyerTally(models.Model):
    """Units a buyer holds of an item (unpaid-expired orders give theirs back): the database's own limit."""

    item = models.ForeignKey(FlashSaleItem, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    units = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "buyer"], name="flash_tally_unique"),
            models.CheckConstraint(condition=Q(units__gte=0), name="flash_tally_not_negative"),
        ]


class FlashPurchase(models.Model):
    """An accepted purchase: the admission token it used (never twice), the order it became."""

    id = id_field("fsp")
    item = models.ForeignKey(FlashSaleItem, on_delete=models.PROTECT, related_name="purchases")
    buyer = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=200, blank=True, default="")
    request_hash = models.CharField(max_length=64)
    order_id = ref_field(unique=True)
    order_number = models.CharField(max_length=24)
    payment_id = ref_field()
    total = amount_field()
    currency = models.CharField(max_length=3)
    pay_by = models.DateTimeField()
    admitted_by = models.CharField(max_length=8, help_text="gate (Redis) or database")
    created_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True, help_text="the unpaid order gave its units back")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "buyer", "idempotency_key"],
                                               condition=~Q(idempotency_key=""), name="flash_purchase_idem")]


class SaleChange(models.Model):
    """Every change of a campaign: scheduled, opened (units earmarked), ended, cancelled, gate repaired."""

    sale = models.ForeignKey(FlashSale, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=24)
    detail = models.JSONField(default=dict)
    actor = models.CharField(max_length=64)
    at = models.DateTimeField()
