"""Carts and checkout sessions."""

from __future__ import annotations

from django.db import models

from mercato.shared.fields import id_field, ref_field


class Cart(models.Model):
    id = id_field("crt")
    user = models.ForeignKey("identity.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, default="open",
                              choices=[("open", "open"), ("converted", "converted"), ("merged", "merged")])
    checkout_ref = ref_field(blank=True, default="")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "status"], name="cart_user_open_idx")]


class CartLine(models.Model):
    id = id_field("cln")
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_variant_unique")]


class Checkout(models.Model):
    id = id_field("chk")
    cart = models.ForeignKey(Cart, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey("identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    contact_id = ref_field(null=True, blank=True)
    payment_id = ref_field()
    reserved_until = models.DateTimeField()
    created_at = models.DateTimeField()
