from django.contrib import admin

from .models import Allocation, JournalEntry, JournalLine, Payment, PaymentAttempt, Payout, Refund


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money records are never edited by hand."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class AttemptInline(admin.TabularInline):
    model = PaymentAttempt
    extra = 0
    can_delete = False


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    can_delete = False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("id", "status", "amount", "currency", "method", "card_brand", "card_last4", "created_at")
    list_filter = ("status", "method")
    inlines = [AllocationInline, AttemptInline]


class JournalLineInline(admin.TabularInline):
    model = JournalLine
    extra = 0
    can_delete = False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "reference", "at")
    list_filter = ("kind",)
    inlines = [JournalLineInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("id", "order_ref", "amount", "currency", "source", "created_at")


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ("id", "merchant_id", "amount", "currency", "status", "created_at")
