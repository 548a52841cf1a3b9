from django.contrib import admin

from .models import Order, OrderLine, OrderTransition, Return, Shipment


class LineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ("sku", "quantity", "unit_price", "amount_paid", "commission_rate", "commission", "refunded_amount")
    readonly_fields = fields


class HistoryInline(admin.TabularInline):
    model = OrderTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "reason", "at")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "merchant_id", "total", "currency", "payment_method", "placed_at")
    list_filter = ("status", "payment_method")
    search_fields = ("number", "id", "checkout_ref")
    inlines = [LineInline, HistoryInline]
    readonly_fields = [f.name for f in Order._meta.fields]


admin.site.register(Shipment)
admin.site.register(Return)
