"""The knowledge base is edited here by operators (and a shop's own articles carry its merchant id);
conversations, escalations and the action log are read-only records."""

from typing import Any

from django.contrib import admin

from mercato.shared import clock

from .models import ActionLog, Conversation, Escalation, KnowledgeEntry


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "lang", "intent", "merchant_id", "active", "updated_at")
    list_filter = ("lang", "active", "intent")
    search_fields = ("title", "question", "answer")
    readonly_fields = ("updated_at",)

    def save_model(self, request: Any, obj: KnowledgeEntry, form: Any, change: bool) -> None:
        obj.updated_at = clock.now()  # the retrieval index rebuilds on the next message
        super().save_model(request, obj, form, change)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Escalation)
class EscalationAdmin(ReadOnly):
    list_display = ("id", "reason", "intent", "status", "merchant_id", "created_at")
    list_filter = ("status", "reason")


@admin.register(ActionLog)
class ActionLogAdmin(ReadOnly):
    list_display = ("at", "kind", "order_number", "outcome", "user_id")
    list_filter = ("kind", "outcome")


@admin.register(Conversation)
class ConversationAdmin(ReadOnly):
    list_display = ("id", "owner_user_id", "lang", "escalated", "created_at", "last_message_at")
