from django.contrib import admin

from .models import Category, Product, Variant


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ("sku", "gtin", "price_amount", "currency", "is_active", "available")
    readonly_fields = ("available",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("slug", "parent", "position")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("id", "merchant", "category", "status", "merchant_active", "min_price")
    list_filter = ("status", "merchant_active", "category")
    search_fields = ("id", "search_text")
    inlines = [VariantInline]
