"""Assistant endpoints: start a conversation, send a message and get the reply with what was understood, read
the transcript; operators (and a merchant's staff, for their own orders) list escalations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from mercato.contexts.merchants import public as merchants
from mercato.shared.actor import Actor
from mercato.shared.api_auth import optional_auth, user_auth
from mercato.shared.errors import Forbidden

from . import selectors, services
from .contracts import EscalationView, Reply

router = Router(tags=["assistant"])


class ConversationIn(Schema):
    lang: Literal["zh", "en"] = "zh"


class ConversationCreated(Schema):
    id: str


class MessageIn(Schema):
    text: str = Field(min_length=1, max_length=services.MAX_MESSAGE_CHARS)


class EntityOut(Schema):
    kind: str
    value: str
    start: int
    end: int


class ActionOut(Schema):
    id: str
    kind: str
    order_id: str
    order_number: str
    summary: str


class SourceOut(Schema):
    id: str
    title: str
    merchant_id: str | None


class ReplyOut(Schema):
    text: str
    intent: str
    confidence: float
    lang: str
    entities: list[EntityOut]
    actions_proposed: list[ActionOut]
    pending_confirmation: str | None = Field(description="the proposal a \"yes\" would confirm")
    escalated: bool
    sources: list[SourceOut]

    @classmethod
    def of(cls, r: Reply) -> ReplyOut:
        return cls(text=r.text, intent=r.intent, confidence=r.confidence, lang=r.lang,
                   entities=[EntityOut(**vars(e)) for e in r.entities],
                   actions_proposed=[ActionOut(**vars(a)) for a in r.actions_proposed],
                   pending_confirmation=r.pending_confirmation, escalated=r.escalated,
                   sources=[SourceOut(**vars(s)) for s in r.sources])


class MessageOut(Schema):
    role: str
    text: str
    intent: str
    at: datetime


class TranscriptOut(Schema):
    id: str
    lang: str
    escalated: bool
    created_at: datetime
    messages: list[MessageOut]


class EscalationOut(Schema):
    id: str
    conversation_id: str
    reason: str
    intent: str
    order_id: str
    merchant_id: str
    status: str
    created_at: datetime


class EscalationList(Schema):
    items: list[EscalationOut]


class EscalationQuery(Schema):
    status: Literal["open", "taken", "resolved"] | None = None


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined, no-any-return]


@router.post("/assistant/conversations", response={201: ConversationCreated}, auth=optional_auth)
def conversation_create(request: HttpRequest, payload: ConversationIn | None = None) -> Status[ConversationCreated]:
    conversation = services.conversation_start(actor=_actor(request), lang=payload.lang if payload else "zh")
    return Status(201, ConversationCreated(id=conversation.id))


@router.post("/assistant/conversations/{conversation_id}/messages", response=ReplyOut, auth=optional_auth)
def message_create(request: HttpRequest, conversation_id: str, payload: MessageIn) -> ReplyOut:
    reply = services.message_post(conversation_id=conversation_id, actor=_actor(request), text=payload.text)
    return ReplyOut.of(reply)


@router.get("/assistant/conversations/{conversation_id}", response=TranscriptOut, auth=optional_auth)
def conversation_detail(request: HttpRequest, conversation_id: str) -> TranscriptOut:
    view = selectors.transcript(selectors.conversation_for(conversation_id, _actor(request)))
    return TranscriptOut(id=view.id, lang=view.lang, escalated=view.escalated, created_at=view.created_at,
                         messages=[MessageOut(role=m.role, text=m.text, intent=m.intent, at=m.at)
                                   for m in view.messages])


@router.get("/me/assistant-data", response=dict[str, Any], auth=user_auth)
def my_data_export(request: HttpRequest) -> dict[str, Any]:
    """Everything the assistant keeps about the signed-in shopper: transcripts, hand-overs, actions."""
    return selectors.assistant_export_for(str(_actor(request).user_id))


@router.delete("/me/assistant-data", response=dict[str, int], auth=user_auth)
def my_data_erase(request: HttpRequest) -> dict[str, int]:
    """Erase the signed-in shopper's transcripts at once; the action log keeps what was done, not by whom."""
    return services.assistant_erase_for(str(_actor(request).user_id))


def _escalation_out(e: EscalationView) -> EscalationOut:
    return EscalationOut(id=e.id, conversation_id=e.conversation_id, reason=e.reason, intent=e.intent,
                         order_id=e.order_id, merchant_id=e.merchant_id, status=e.status, created_at=e.created_at)


@router.get("/assistant/escalations", response=EscalationList, auth=user_auth)
def escalation_list(request: HttpRequest, query: Query[EscalationQuery]) -> EscalationList:
    """Operators see every escalation; a merchant's staff those about their own orders; others nothing."""
    actor = _actor(request)
    merchant_id = ""
    if not actor.is_operator:
        membership = merchants.membership_for(actor.user_id)
        if membership is None:
            raise Forbidden("only operators and merchant staff see escalations")
        merchant_id = membership.merchant_id
    rows = selectors.escalations_list(status=query.status or "", merchant_id=merchant_id)
    return EscalationList(items=[_escalation_out(e) for e in rows])
