from django.contrib import admin

from .models import StockHold, StockLevel, StockMovement, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "merchant", "city", "priority")


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin):
    list_display = ("variant", "warehouse", "on_hand", "reserved", "allocated")
    readonly_fields = ("on_hand", "reserved", "allocated")


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ("at", "variant_id", "warehouse_id", "on_hand_delta", "reserved_delta", "allocated_delta",
                    "reason", "reference", "actor")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(StockHold)
class StockHoldAdmin(admin.ModelAdmin):
    list_display = ("reference", "variant_id", "warehouse_id", "quantity", "state", "expires_at")
