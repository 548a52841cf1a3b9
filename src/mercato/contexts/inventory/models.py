"""Warehouses, stock levels (with database-enforced invariants), holds, lots and the movement ledger."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from mercato.shared.fields import id_field, ref_field


class Warehouse(models.Model):
    id = id_field("wh")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=100)
    priority = models.IntegerField(default=0, help_text="higher serves first")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "code"], name="warehouse_code_unique")]


class StockLevel(models.Model):
    """available = on_hand − reserved − allocated, and the database refuses anything that makes it negative."""

    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="levels")
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    allocated = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="stock_level_unique"),
            models.CheckConstraint(condition=Q(reserved__gte=0) & Q(allocated__gte=0), name="stock_holds_not_negative"),
            models.CheckConstraint(condition=Q(on_hand__gte=F("reserved") + F("allocated")),
                                   name="stock_available_not_negative"),
        ]

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.allocated


class StockLot(models.Model):
    """Units of a batch (lot) with an expiry date; perishables and provenance need them."""

    level = models.ForeignKey(StockLevel, on_delete=models.CASCADE, related_name="lots")
    code = models.CharField(max_length=40)
    expires_on = models.DateField(null=True, blank=True)
    on_hand = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="stock_lot_unique"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_lot_not_negative"),
        ]


class HoldState(models.TextChoices):
    RESERVED = "reserved"
    ALLOCATED = "allocated"
    SHIPPED = "shipped"
    RELEASED = "released"


class StockHold(models.Model):
    """Units held for an order line at one warehouse: reserved → allocated → shipped, or released."""

    reference = ref_field(db_index=True, help_text="the order id")
    level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="holds")
    variant_id = ref_field()
    warehouse_id = ref_field()
    quantity = models.PositiveIntegerField()
    restocked = models.PositiveIntegerField(default=0)
    lots = models.JSONField(default=dict, blank=True, help_text="lot id → units taken from it at shipping")
    state = models.CharField(max_length=16, choices=HoldState.choices)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    pool = ref_field(blank=True, default="", db_index=True,
                     help_text="the pool this unit was claimed from (a flash sale item)")

    class Meta:
        # a pool's free units are claimed in id order with SKIP LOCKED: (reference, state, id) serves that scan
        indexes = [models.Index(fields=["reference", "state", "id"], name="hold_claim_idx")]


class StockPool(models.Model):
    """Units earmarked for one purpose (a flash sale item), held as one-unit reserved holds named after it.

    The units stay counted as reserved on their stock level the whole time, so the level's CHECK constraints
    keep covering them; claiming a unit only renames its hold, so buyers never queue on the level row.
    """

    reference = ref_field(unique=True)
    variant_id = ref_field()
    earmarked = models.PositiveIntegerField(default=0)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)


class StockMovement(models.Model):
    """Every change of a stock level: what moved, why, for which order, by whom, when."""

    level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="movements")
    variant_id = ref_field()
    warehouse_id = ref_field()
    on_hand_delta = models.IntegerField(default=0)
    reserved_delta = models.IntegerField(default=0)
    allocated_delta = models.IntegerField(default=0)
    reason = models.CharField(max_length=24)
    reference = ref_field(blank=True, default="")
    actor = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["variant_id", "at"], name="movement_variant_idx")]
