"""What crosses the assistant's wall: a reply as integrators and auditors see it, an escalation, an export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class EntityView:
    kind: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class ProposedAction:
    id: str
    kind: str
    order_id: str
    order_number: str
    summary: str


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    merchant_id: str | None


@dataclass(frozen=True)
class Reply:
    conversation_id: str
    text: str
    intent: str
    confidence: float
    lang: str
    step: str
    entities: tuple[EntityView, ...] = ()
    actions_proposed: tuple[ProposedAction, ...] = ()
    pending_confirmation: str | None = None
    escalated: bool = False
    sources: tuple[SourceView, ...] = ()


@dataclass(frozen=True)
class MessageView:
    role: str
    text: str
    intent: str
    confidence: float | None
    at: datetime
    sources: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class ConversationView:
    id: str
    lang: str
    escalated: bool
    created_at: datetime
    messages: tuple[MessageView, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class EscalationView:
    id: str
    conversation_id: str
    reason: str
    intent: str
    order_id: str
    merchant_id: str
    status: str
    taken_by: str
    created_at: datetime
    resolved_at: datetime | None
    shopper_user_id: str | None
    messages: tuple[MessageView, ...] = ()
