"""Commands: start a conversation, post a message (one transaction, the conversation row locked so that two
messages of one conversation never interleave), take and resolve escalations, expire and erase transcripts."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, NotFound, ValidationFailed

from .contracts import Reply
from .models import ActionLog, Conversation, Escalation
from .selectors import conversation_for
from .turn import take_turn

MAX_MESSAGE_CHARS = 1000
ERASED = "erased"


def retention_days() -> int:
    default = os.environ.get("MERCATO_ASSISTANT_RETENTION_DAYS", "180")
    return int(getattr(settings, "MERCATO_ASSISTANT_RETENTION_DAYS", default))


def conversation_start(*, actor: Actor, lang: str = "zh") -> Conversation:
    now = clock.now()
    return Conversation.objects.create(owner_user_id=actor.user_id or None, lang="en" if lang == "en" else "zh",
                                       created_at=now, last_message_at=now)


def clean_text(text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationFailed.on("text", "write a message")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise ValidationFailed.on("text", f"at most {MAX_MESSAGE_CHARS} characters")
    return cleaned


@transaction.atomic
def message_post(*, conversation_id: str, actor: Actor, text: str) -> Reply:
    cleaned = clean_text(text)
    conversation = conversation_for(conversation_id, actor, lock=True)
    return take_turn(conversation, cleaned)


@transaction.atomic
def escalation_take(*, escalation_id: str, actor: Actor) -> Escalation:
    escalation = Escalation.objects.select_for_update().filter(pk=escalation_id).first()
    if escalation is None:
        raise NotFound.of("escalation", escalation_id)
    if escalation.status != "open":
        raise Conflict(f"escalation is {escalation.status}", current_status=escalation.status)
    escalation.status, escalation.taken_by = "taken", actor.label
    escalation.save(update_fields=["status", "taken_by"])
    return escalation


@transaction.atomic
def escalation_resolve(*, escalation_id: str, actor: Actor) -> Escalation:
    """Resolved: the assistant answers the conversation again (and may hand over again)."""
    escalation = Escalation.objects.select_for_update().select_related("conversation").filter(
        pk=escalation_id).first()
    if escalation is None:
        raise NotFound.of("escalation", escalation_id)
    if escalation.status == "resolved":
        raise Conflict("escalation is resolved", current_status="resolved")
    escalation.status, escalation.resolved_at = "resolved", clock.now()
    escalation.taken_by = escalation.taken_by or actor.label
    escalation.save(update_fields=["status", "resolved_at", "taken_by"])
    conversation = escalation.conversation
    conversation.escalated = False
    conversation.state = {**(conversation.state or {}), "escalated": False, "misunderstandings": 0,
                          "low_confidence_streak": 0}
    conversation.save(update_fields=["escalated", "state"])
    return escalation


def transcripts_expire(*, as_of: datetime) -> int:
    """Delete conversations (messages, proposals, escalations) idle for longer than the retention period."""
    cutoff = as_of - timedelta(days=retention_days())
    expired = Conversation.objects.filter(last_message_at__lt=cutoff)
    count = expired.count()
    expired.delete()
    return count


@transaction.atomic
def assistant_erase_for(user_id: str) -> dict[str, int]:
    """Erase a person's transcripts; the log of actions on orders keeps what was done, no longer by whom."""
    conversations = Conversation.objects.filter(owner_user_id=user_id)
    erased = conversations.count()
    conversations.delete()
    anonymised = ActionLog.objects.filter(user_id=user_id).update(user_id=ERASED, conversation_id="")
    return {"conversations": erased, "actions_anonymised": anonymised}
