"""Read-only admin views of the log: the database refuses changes anyway."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Leaf, SignedTreeHead


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Leaf)
class LeafAdmin(_ReadOnly):
    list_display = ("leaf_index", "appended_at")


@admin.register(SignedTreeHead)
class SignedTreeHeadAdmin(_ReadOnly):
    list_display = ("tree_size", "timestamp_ms", "created_at")
