"""Orders (one per merchant per checkout), their lines with the full price breakdown, history, shipments,
returns. Orders copy what they need at purchase time; personal data stays in identity (ids only)."""

from __future__ import annotations

from django.db import models

from mercato.shared.fields import amount_field, id_field, ref_field

from .domain.order_status import OrderStatus, ReturnStatus


class Order(models.Model):
    id = id_field("ord")
    number = models.CharField(max_length=24, unique=True)
    checkout_ref = ref_field(db_index=True)
    merchant_id = ref_field(db_index=True)
    buyer_user_id = ref_field(null=True, blank=True, db_index=True)
    contact_id = ref_field(null=True, blank=True, help_text="identity contact of a guest buyer")
    shipping_address_id = ref_field()
    shipping_method = models.CharField(max_length=16, default="standard")
    payment_id = ref_field(db_index=True)
    payment_method = models.CharField(max_length=8, blank=True, default="")
    currency = models.CharField(max_length=3)
    subtotal = amount_field()
    discount = amount_field(default=0)
    shipping = amount_field(default=0)
    tax = amount_field(default=0)
    total = amount_field()
    commission_total = amount_field(default=0)
    refunded_total = amount_field(default=0)
    status = models.CharField(max_length=24, choices=[(s, s) for s in OrderStatus],
                              default=OrderStatus.PENDING_PAYMENT)
    placed_at = models.DateTimeField()
    reserved_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    return_deadline = models.DateTimeField(null=True, blank=True)
    auto_confirm_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "reserved_until"], name="order_expiry_idx"),
            models.Index(fields=["status", "auto_confirm_at"], name="order_autoconfirm_idx"),
        ]


class OrderLine(models.Model):
    id = id_field("oln")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant_id = ref_field()
    product_id = ref_field()
    category_id = ref_field()
    sku = models.CharField(max_length=64)
    title = models.JSONField()
    quantity = models.PositiveIntegerField()
    unit_price = amount_field()
    list_amount = amount_field(help_text="unit price × quantity")
    discount = amount_field(default=0)
    shipping_share = amount_field(default=0)
    tax = amount_field(default=0)
    amount_paid = amount_field(help_text="list − discount + shipping share + tax")
    commission_rate = models.DecimalField(max_digits=5, decimal_places=4)
    commission = amount_field()
    refunded_quantity = models.PositiveIntegerField(default=0)
    refunded_amount = amount_field(default=0)
    refunded_commission = amount_field(default=0)
    is_custom_made = models.BooleanField(default=False)
    is_perishable = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(refunded_quantity__lte=models.F("quantity")),
                                   name="line_refund_quantity_bounded"),
            models.CheckConstraint(condition=models.Q(refunded_amount__lte=models.F("amount_paid")),
                                   name="line_refund_amount_bounded"),
        ]


class OrderTransition(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=24, blank=True, default="")
    to_status = models.CharField(max_length=24)
    actor = models.CharField(max_length=64)
    reason = models.CharField(max_length=200, blank=True, default="")
    at = models.DateTimeField()


class Shipment(models.Model):
    id = id_field("shp")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(max_length=40)
    tracking_number = models.CharField(max_length=40)
    shipped_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)


class Return(models.Model):
    id = id_field("ret")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=16, choices=[(s, s) for s in ReturnStatus], default=ReturnStatus.REQUESTED)
    reason = models.CharField(max_length=200)
    amount = amount_field()
    commission_part = amount_field()
    escrow_frozen = models.BooleanField(default=False)
    refund_id = ref_field(blank=True, default="")
    requested_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)


class ReturnLine(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    amount = amount_field()
    commission_part = amount_field()
