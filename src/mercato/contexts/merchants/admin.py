from django.contrib import admin

from .models import CommissionRate, Membership, Merchant


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "contact_email", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "business_license")
    inlines = [MembershipInline]


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    list_display = ("merchant", "category_id", "rate")
