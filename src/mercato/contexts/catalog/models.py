"""Categories, products, variants and store collections."""

from __future__ import annotations

from django.db import models

from mercato.shared.fields import amount_field, id_field


class Category(models.Model):
    id = id_field("cat")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.JSONField(help_text="{language: name}")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return str(self.name.get("en") or self.slug)


class Product(models.Model):
    id = id_field("prd")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    title = models.JSONField()
    description = models.JSONField()
    search_text = models.TextField(default="", help_text="lower-cased titles, descriptions and SKUs")
    status = models.CharField(max_length=16, default="active", choices=[("active", "active"), ("archived", "archived")])
    merchant_active = models.BooleanField(default=False, help_text="kept in step with the merchant's status")
    min_price = amount_field(default=0)
    currency = models.CharField(max_length=3, default="CNY")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["merchant_active", "status", "category"], name="product_listing_idx"),
            models.Index(fields=["merchant", "status"], name="product_merchant_idx"),
        ]

    def __str__(self) -> str:
        return str(self.title.get("en") or self.id)


class Variant(models.Model):
    id = id_field("var")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(max_length=64)
    gtin = models.CharField(max_length=14, blank=True, default="")
    attributes = models.JSONField(default=dict)
    weight_grams = models.PositiveIntegerField(default=0)
    price_amount = amount_field()
    currency = models.CharField(max_length=3)
    is_custom_made = models.BooleanField(default=False)
    is_perishable = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    available = models.IntegerField(default=0, help_text="read model of inventory's availability")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sku"], name="variant_sku_unique_per_merchant"),
            models.CheckConstraint(condition=models.Q(price_amount__gte=0), name="variant_price_not_negative"),
        ]


class StoreCollection(models.Model):
    """A merchant's own grouping of its products (e.g. "New arrivals")."""

    id = id_field("col")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    name = models.JSONField()
    products = models.ManyToManyField(Product, related_name="collections", blank=True)


class ProductImage(models.Model):
    """A picture of a product, kept in the configured media storage (a local folder when embedded)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="products/%Y/%m/", max_length=200)
    alt = models.JSONField(default=dict, blank=True, help_text="{language: alternative text}")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["product", "position"], name="product_image_order_idx")]
