"""Persistence only: conversations and their messages (personal data, expired after the retention period),
proposed actions and the log of executed ones, hand-overs to people, and the knowledge base."""

from __future__ import annotations

from django.db import models

from mercato.shared import clock
from mercato.shared.fields import id_field, ref_field

from .domain.confirmation import ProposalStatus


class Conversation(models.Model):
    id = id_field("cnv")  # 80 random bits: the id of an anonymous visitor's conversation is its only key
    owner_user_id = ref_field(null=True, blank=True, db_index=True, help_text="empty for an anonymous visitor")
    lang = models.CharField(max_length=2, default="zh")
    state = models.JSONField(default=dict, blank=True, help_text="dialogue state: order in focus, what we await")
    escalated = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField(db_index=True)


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=9, choices=[("shopper", "shopper"), ("assistant", "assistant")])
    text = models.TextField()
    intent = models.CharField(max_length=40, blank=True, default="")
    confidence = models.FloatField(null=True, blank=True)  # a model score, not money
    entities = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ("at", "id")


class ActionProposal(models.Model):
    id = id_field("apr")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=32)
    order_id = ref_field()
    order_number = models.CharField(max_length=24)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=[(s.value, s.value) for s in ProposalStatus],
                              default=ProposalStatus.PROPOSED.value)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)


class ActionLog(models.Model):
    """Who asked the assistant to do what to which order, and how it ended (kept without the conversation)."""

    user_id = ref_field(db_index=True)
    kind = models.CharField(max_length=32)
    order_id = ref_field()
    order_number = models.CharField(max_length=24)
    outcome = models.CharField(max_length=12, choices=[("executed", "executed"), ("refused", "refused")])
    detail = models.CharField(max_length=300, blank=True, default="")
    conversation_id = ref_field(blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        ordering = ("-at", "-id")


class Escalation(models.Model):
    id = id_field("esc")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="escalations")
    reason = models.CharField(max_length=32)
    intent = models.CharField(max_length=40, blank=True, default="")
    order_id = ref_field(blank=True, default="")
    merchant_id = ref_field(blank=True, default="", db_index=True)
    status = models.CharField(max_length=10, default="open",
                              choices=[("open", "open"), ("taken", "taken"), ("resolved", "resolved")])
    taken_by = models.CharField(max_length=64, blank=True, default="", help_text="the operator, as in histories")
    created_at = models.DateTimeField(db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)


class KnowledgeEntry(models.Model):
    """A help article: platform-wide (no merchant) or a shop's own, in one language."""

    id = id_field("kbe")
    merchant_id = ref_field(null=True, blank=True, db_index=True, help_text="empty: the platform's own answer")
    lang = models.CharField(max_length=2, choices=[("zh", "中文"), ("en", "English")])
    intent = models.CharField(max_length=40, blank=True, default="", help_text="the intent it answers, if one")
    title = models.CharField(max_length=200)
    question = models.TextField(help_text="how shoppers ask it; several phrasings help retrieval")
    answer = models.TextField()
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "knowledge entries"

    def __str__(self) -> str:
        return f"[{self.lang}] {self.title}"
