"""One turn of a conversation: understand the message, look up the facts the policy needs, let the policy
decide, carry out its step (answer from data or the knowledge base, propose or execute an action, hand over),
and record both messages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mercato.contexts.orders import public as orders
from mercato.contexts.orders.public import ShopperOrder
from mercato.contexts.payments import public as payments
from mercato.shared import clock

from . import actions, escalations, llm_adapter
from .contracts import ProposedAction, Reply, SourceView
from .domain.address_text import parse_address
from .domain.answer_templates import say
from .domain.dialogue import (
    Awaiting,
    DialogueState,
    Heard,
    Shopper,
    Step,
    StepKind,
    awaiting_address,
    awaiting_confirmation,
    decide,
)
from .domain.escalation_rules import LOW_CONFIDENCE
from .domain.intents import ORDER_ACTIONS, ORDER_ANSWERS, ActionKind, is_order_intent
from .domain.order_actions import CLOSED, eligibility
from .domain.order_reference import order_numbers_in, ordinal_in
from .domain.policy_phrasing import asks_about_policy
from .knowledge import knowledge_answer
from .models import ActionProposal, Conversation, Message
from .order_answers import brief_of, candidate_list, describe_refunds, describe_status, facts_of, tracking_of
from .understanding_port import Understood, hear

STRONG_MATCH = 0.45  # a help article this close answers even when the intent is unsure


@dataclass
class Outcome:
    text: str
    state: DialogueState
    proposals: list[ProposedAction] = field(default_factory=list)
    sources: list[SourceView] = field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    conversation: Conversation
    text: str
    lang: str
    step: Step
    state: DialogueState
    recent: tuple[ShopperOrder, ...]
    looked_up: tuple[ShopperOrder, ...] = ()  # orders already read this turn (each is read once)

    @property
    def user_id(self) -> str:
        return self.conversation.owner_user_id or ""

    def order(self, order_id: str) -> ShopperOrder | None:
        for known in (*self.looked_up, *self.recent):
            if known.id == order_id:
                return known
        return orders.shopper_order_by_id(user_id=self.user_id, order_id=order_id) if self.user_id else None


def state_of(conversation: Conversation) -> DialogueState:
    raw: dict[str, Any] = dict(conversation.state or {})
    raw["awaiting"] = Awaiting(raw.get("awaiting", ""))
    raw["candidates"] = tuple(raw.get("candidates", ()))
    return DialogueState(**{k: v for k, v in raw.items() if k in DialogueState.__dataclass_fields__})


def _numbers(text: str, understood: Understood) -> list[str]:
    named = [e.value.replace("-", "") for e in understood.entities if e.kind == "order_number"]
    return list(dict.fromkeys([*named, *order_numbers_in(text)]))


def _heard(text: str, understood: Understood, state: DialogueState,
           user_id: str) -> tuple[Heard, ShopperOrder | None]:
    heard = Heard(text=text, intent=understood.intent, confidence=understood.confidence,
                  sentiment=understood.sentiment, about_policy=asks_about_policy(text))
    if understood.confidence < LOW_CONFIDENCE:
        article = knowledge_answer(text=text, intent="", lang=understood.lang)
        heard = replace(heard, knowledge_match=article is not None and article.score >= STRONG_MATCH)
    if state.awaiting is Awaiting.ORDER_CHOICE:
        heard = replace(heard, ordinal=ordinal_in(text))
    if state.awaiting is Awaiting.ADDRESS:
        heard = replace(heard, address_parsed=parse_address(text) is not None)
    numbers = _numbers(text, understood)
    found = orders.shopper_order_by_number(user_id=user_id, number=numbers[0]) if numbers and user_id else None
    if numbers:
        heard = replace(heard, named_order=brief_of(found) if found else None,
                        unknown_number="" if found else numbers[0])
    return heard, found


def _recent(user_id: str, intent: str, heard: Heard, state: DialogueState) -> tuple[ShopperOrder, ...]:
    wanted = user_id and is_order_intent(intent) and heard.named_order is None and not state.focus_order_id
    return tuple(orders.shopper_recent_orders(user_id=user_id, limit=8)) if wanted else ()


def take_turn(conversation: Conversation, text: str) -> Reply:
    understood = hear(text, conversation_lang=conversation.lang)
    before = state_of(conversation)
    user_id = conversation.owner_user_id or ""
    heard, named = _heard(text, understood, before, user_id)
    recent = _recent(user_id, understood.intent, heard, before)
    step, after = decide(before, heard, Shopper(signed_in=bool(user_id), recent=tuple(map(brief_of, recent))))
    if before.proposal_id and step.kind not in (StepKind.CONFIRM, StepKind.DECLINE):
        actions.supersede(before.proposal_id)
    turn = Turn(conversation=conversation, text=text, lang=understood.lang, step=step, state=after, recent=recent,
                looked_up=(named,) if named else ())
    outcome = CARRY_OUT[step.kind](turn, before)
    return _record(turn, understood, outcome)


def _record(turn: Turn, understood: Understood, outcome: Outcome) -> Reply:
    conv, now = turn.conversation, clock.now()
    text = llm_adapter.phrase(outcome.text, lang=turn.lang)
    sources = [asdict(s) for s in outcome.sources]
    Message.objects.bulk_create([
        Message(conversation=conv, role="shopper", text=turn.text, intent=understood.intent,
                confidence=understood.confidence, entities=[asdict(e) for e in understood.entities], at=now),
        Message(conversation=conv, role="assistant", text=text, intent=understood.intent, sources=sources, at=now),
    ])
    state = asdict(outcome.state)
    conv.state, conv.lang, conv.last_message_at = state, turn.lang, now
    conv.escalated = outcome.state.escalated
    conv.save(update_fields=["state", "lang", "last_message_at", "escalated"])
    pending = outcome.state.proposal_id if outcome.state.awaiting is Awaiting.CONFIRMATION else None
    return Reply(conversation_id=conv.id, text=text, intent=understood.intent, confidence=understood.confidence,
                 lang=turn.lang, step=turn.step.kind.value, entities=understood.entities,
                 actions_proposed=tuple(outcome.proposals), pending_confirmation=pending,
                 escalated=conv.escalated, sources=tuple(outcome.sources))


def _say(key: str) -> Any:
    def carry_out(turn: Turn, before: DialogueState) -> Outcome:
        return Outcome(say(key, turn.lang, number=turn.step.number), turn.state)
    return carry_out


def _small_talk(turn: Turn, before: DialogueState) -> Outcome:
    key = {"greeting": "greeting", "thanks": "thanks"}.get(turn.step.intent, "ok")
    return Outcome(say(key, turn.lang), turn.state)


def _ask_which(turn: Turn, before: DialogueState) -> Outcome:
    offered = [o for o in turn.recent if o.id in turn.step.candidates]
    offered.sort(key=lambda o: turn.step.candidates.index(o.id))
    return Outcome(candidate_list(offered, turn.lang), turn.state)


def _escalate(turn: Turn, before: DialogueState) -> Outcome:
    focus = turn.order(turn.state.focus_order_id) if turn.state.focus_order_id else None
    escalations.open_for(turn.conversation, reason=turn.step.reason, intent=turn.step.intent,
                         order_id=focus.id if focus else "", merchant_id=focus.merchant_id if focus else "")
    return Outcome(say("escalated", turn.lang), turn.state)


def _ask_login(turn: Turn, before: DialogueState) -> Outcome:
    """An anonymous visitor asking about an order: the policy article on it, if there is one, and a login."""
    article = knowledge_answer(text=turn.text, intent=turn.step.intent, lang=turn.lang)
    if article is None:
        return Outcome(say("ask_login", turn.lang), turn.state)
    return Outcome(f"{article.answer} {say('ask_login', turn.lang)}", turn.state,
                   sources=[SourceView(id=article.id, title=article.title, merchant_id=article.merchant_id)])


def _knowledge(turn: Turn, before: DialogueState) -> Outcome:
    merchant_id = ""
    if turn.state.focus_order_id and turn.user_id:
        focus = turn.order(turn.state.focus_order_id)
        merchant_id = focus.merchant_id if focus else ""
    article = knowledge_answer(text=turn.text, intent=turn.step.intent, lang=turn.lang, merchant_id=merchant_id)
    if article is None:
        missed = replace(turn.state, misunderstandings=turn.state.misunderstandings + 1)
        return Outcome(say("knowledge_none", turn.lang), missed)
    text = f"{article.answer} {say('knowledge_source', turn.lang, title=article.title)}"
    return Outcome(text, turn.state, sources=[SourceView(id=article.id, title=article.title,
                                                          merchant_id=article.merchant_id)])


def _order_request(turn: Turn, before: DialogueState) -> Outcome:
    order = turn.order(turn.step.order_id)
    if order is None:  # the focus order can no longer be found (e.g. erased): start afresh
        return Outcome(say("no_orders", turn.lang), replace(turn.state, focus_order_id=""))
    intent = turn.step.intent
    if intent == "track_refund" or (intent == "get_refund" and order.status in CLOSED):
        return Outcome(describe_refunds(order, payments.refunds_of_orders([order.id]), turn.lang), turn.state)
    if intent in ORDER_ANSWERS:
        return Outcome(describe_status(order, turn.lang), turn.state)
    check = eligibility(ORDER_ACTIONS[intent], facts_of(order), as_of=clock.now())
    if check.action is None:
        reason = check.refusal or "action_failed"
        actions.log_action(user_id=turn.user_id, kind=ORDER_ACTIONS[intent], order_id=order.id,
                           order_number=order.number, outcome="refused", detail=reason,
                           conversation_id=turn.conversation.id)
        return Outcome(say(reason, turn.lang, number=order.number, tracking=tracking_of(order), detail=reason),
                       turn.state)
    if check.action is ActionKind.CHANGE_ADDRESS:
        state = awaiting_address(turn.state, order.id, intent)
        return Outcome(say("ask_address", turn.lang, number=order.number), state)
    return _propose(turn, check.action, order, intent)


def _propose(turn: Turn, kind: ActionKind, order: ShopperOrder, intent: str) -> Outcome:
    address = parse_address(turn.text) if kind is ActionKind.CHANGE_ADDRESS else None
    proposal, proposed, text = actions.propose(turn.conversation, kind, order, turn.lang, address)
    return Outcome(text, awaiting_confirmation(turn.state, proposal.id, intent), proposals=[proposed])


def _address_given(turn: Turn, before: DialogueState) -> Outcome:
    order = turn.order(turn.step.order_id)
    if order is None:
        return Outcome(say("no_orders", turn.lang), turn.state)
    return _propose(turn, ActionKind.CHANGE_ADDRESS, order, turn.step.intent)


def _proposal(turn: Turn, before: DialogueState) -> ActionProposal | None:
    return ActionProposal.objects.filter(pk=before.proposal_id, conversation=turn.conversation).first()


def _confirm(turn: Turn, before: DialogueState) -> Outcome:
    proposal = _proposal(turn, before)
    if proposal is None:
        return Outcome(say("ok", turn.lang), turn.state)
    return Outcome(actions.execute(proposal, user_id=turn.user_id, lang=turn.lang), turn.state)


def _decline(turn: Turn, before: DialogueState) -> Outcome:
    proposal = _proposal(turn, before)
    if proposal is None:
        return Outcome(say("ok", turn.lang), turn.state)
    return Outcome(actions.decline(proposal, turn.lang), turn.state)


CARRY_OUT = {
    StepKind.ESCALATE: _escalate,
    StepKind.CLARIFY: _say("clarify"),
    StepKind.ASK_LOGIN: _ask_login,
    StepKind.ASK_WHICH_ORDER: _ask_which,
    StepKind.ORDER_NOT_FOUND: _say("order_not_found"),
    StepKind.NO_ORDERS: _say("no_orders"),
    StepKind.ORDER_REQUEST: _order_request,
    StepKind.ADDRESS_GIVEN: _address_given,
    StepKind.ASK_ADDRESS_AGAIN: _say("ask_address_again"),
    StepKind.CONFIRM: _confirm,
    StepKind.DECLINE: _decline,
    StepKind.KNOWLEDGE: _knowledge,
    StepKind.SMALL_TALK: _small_talk,
}
