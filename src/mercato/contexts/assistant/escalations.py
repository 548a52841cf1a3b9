"""Hand-over to people: an escalation carries the conversation (its transcript), the detected intent and the
order under discussion, and with it the order's merchant, whose staff may see it too."""

from __future__ import annotations

from mercato.shared import clock

from .models import Conversation, Escalation


def open_for(conversation: Conversation, *, reason: str, intent: str, order_id: str,
             merchant_id: str) -> Escalation:
    """One open escalation per conversation: a second request adds to the same case."""
    current = conversation.escalations.filter(status__in=("open", "taken")).first()
    if current is not None:
        return current
    return Escalation.objects.create(conversation=conversation, reason=reason, intent=intent, order_id=order_id,
                                     merchant_id=merchant_id, created_at=clock.now())
