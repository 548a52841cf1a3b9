"""Queries: a conversation for its owner only (anything else is a 404), transcripts, escalations, exports."""

from __future__ import annotations

from typing import Any

from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound

from .contracts import ConversationView, EscalationView, MessageView
from .models import ActionLog, Conversation, Escalation, Message


def _owner_of(actor: Actor) -> str | None:
    return actor.user_id or None


def conversation_for(conversation_id: str, actor: Actor, *, lock: bool = False) -> Conversation:
    """The conversation, if the actor owns it: the signed-in shopper who started it, or, for an anonymous
    visitor's conversation, any anonymous caller holding its unguessable id."""
    qs = Conversation.objects.select_for_update() if lock else Conversation.objects.all()
    conversation = qs.filter(pk=conversation_id).first()
    if conversation is None or conversation.owner_user_id != _owner_of(actor):
        raise NotFound.of("conversation", conversation_id)
    return conversation


def _message_view(m: Message) -> MessageView:
    return MessageView(role=m.role, text=m.text, intent=m.intent, confidence=m.confidence, at=m.at,
                       sources=tuple(m.sources or ()))


def transcript(conversation: Conversation) -> ConversationView:
    return ConversationView(id=conversation.id, lang=conversation.lang, escalated=conversation.escalated,
                            created_at=conversation.created_at,
                            messages=tuple(_message_view(m) for m in conversation.messages.all()))


def _escalation_view(e: Escalation, *, with_messages: bool) -> EscalationView:
    messages = tuple(_message_view(m) for m in e.conversation.messages.all()) if with_messages else ()
    return EscalationView(id=e.id, conversation_id=e.conversation_id, reason=e.reason, intent=e.intent,
                          order_id=e.order_id, merchant_id=e.merchant_id, status=e.status, taken_by=e.taken_by,
                          created_at=e.created_at, resolved_at=e.resolved_at,
                          shopper_user_id=e.conversation.owner_user_id, messages=messages)


def escalations_list(*, status: str = "", merchant_id: str = "", limit: int = 100) -> list[EscalationView]:
    """Newest first; a merchant's staff see only escalations about their own orders."""
    qs = Escalation.objects.select_related("conversation").order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    return [_escalation_view(e, with_messages=False) for e in qs[:limit]]


def escalation_detail(escalation_id: str, *, merchant_id: str = "") -> EscalationView:
    qs = Escalation.objects.select_related("conversation").filter(pk=escalation_id)
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    escalation = qs.first()
    if escalation is None:
        raise NotFound.of("escalation", escalation_id)
    return _escalation_view(escalation, with_messages=True)


def assistant_export_for(user_id: str) -> dict[str, Any]:
    """Everything the assistant keeps about a person, as JSON-ready data (for the account's data export)."""
    conversations = Conversation.objects.filter(owner_user_id=user_id).prefetch_related("messages", "escalations")
    return {
        "conversations": [{
            "id": c.id, "started_at": c.created_at.isoformat(), "language": c.lang,
            "messages": [{"role": m.role, "text": m.text, "intent": m.intent, "at": m.at.isoformat()}
                         for m in c.messages.all()],
            "escalations": [{"id": e.id, "reason": e.reason, "status": e.status, "at": e.created_at.isoformat()}
                            for e in c.escalations.all()],
        } for c in conversations.order_by("created_at")],
        "actions": [{"kind": a.kind, "order_number": a.order_number, "outcome": a.outcome, "detail": a.detail,
                     "at": a.at.isoformat()} for a in ActionLog.objects.filter(user_id=user_id).order_by("at")],
    }
