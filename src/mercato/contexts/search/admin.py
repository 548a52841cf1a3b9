"""Operators edit synonyms and see the zero-result queries (what shoppers look for and do not find)."""

from __future__ import annotations

from django.contrib import admin

from .models import Synonym, ZeroResultQuery


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("terms", "note", "updated_at")
    search_fields = ("terms", "note")


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    list_display = ("query", "times", "suggestion", "merchant_id", "last_seen_at", "first_seen_at")
    list_filter = ("merchant_id",)
    search_fields = ("query",)
    ordering = ("-times", "-last_seen_at")
    readonly_fields = ("query", "merchant_id", "times", "suggestion", "first_seen_at", "last_seen_at")

    def has_add_permission(self, request: object) -> bool:
        return False
