"""Operators edit synonyms and see the zero-result queries (what shoppers look for and do not find)."""

from __future__ import annotations

from django.contrib import admin

from .models import Synonym, ZeroResultQuery
from .read_cache import synonyms_changed


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("terms", "note", "updated_at")
    search_fields = ("terms", "note")

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        synonyms_changed()

    def delete_model(self, request, obj) -> None:  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        synonyms_changed()

    def delete_queryset(self, request, queryset) -> None:  # type: ignore[no-untyped-def]
        super().delete_queryset(request, queryset)
        synonyms_changed()


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    list_display = ("query", "times", "suggestion", "merchant_id", "last_seen_at", "first_seen_at")
    list_filter = ("merchant_id",)
    search_fields = ("query",)
    ordering = ("-times", "-last_seen_at")
    readonly_fields = ("query", "merchant_id", "times", "suggestion", "first_seen_at", "last_seen_at")

    def has_add_permission(self, request: object) -> bool:
        return False
