"""Flash sales in Django admin: read-only records (campaigns change through the merchant center and the API, so
that units are set aside and given back with the sale's status)."""

from typing import Any

from django.contrib import admin

from .models import FlashPurchase, FlashSale, FlashSaleItem, SaleChange


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(FlashSale)
class FlashSaleAdmin(ReadOnly):
    list_display = ("id", "merchant", "status", "starts_at", "ends_at", "payment_minutes")
    list_filter = ("status",)


@admin.register(FlashSaleItem)
class FlashSaleItemAdmin(ReadOnly):
    list_display = ("id", "sale", "variant", "sale_price", "currency", "units", "units_earmarked", "per_buyer_limit")


@admin.register(FlashPurchase)
class FlashPurchaseAdmin(ReadOnly):
    list_display = ("id", "item", "order_id", "quantity", "admitted_by", "created_at", "released_at")


@admin.register(SaleChange)
class SaleChangeAdmin(ReadOnly):
    list_display = ("at", "sale", "kind", "actor")
