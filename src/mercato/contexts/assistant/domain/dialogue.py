"""The dialogue policy: given what the shopper said, what we know of their orders and where the conversation
stands, choose the next step. Pure: the services fetch facts before and act after.

Multi-turn context lives in ``DialogueState`` (stored with the conversation): the order under discussion carries
over ("cancel it"), a question "which order?" waits for a number or a position ("the second one", "第二个"), a
proposed action waits for a yes or a no, a change of address waits for the new address.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from .escalation_rules import LOW_CONFIDENCE, Signals, escalation_reason
from .intents import AFFIRM, DENY, HAND_OVER, SMALL_TALK, is_order_intent
from .order_actions import suitable_for
from .order_reference import pick

MAX_CANDIDATES = 5
NAMED_ORDER_TRUST = 0.6  # below this, a message naming one of the shopper's orders is taken to be about it
CONFIRMATION_CONFIDENCE = 0.3  # a yes or no to a question we just asked needs less certainty than a new request


class Awaiting(StrEnum):
    NOTHING = ""
    ORDER_CHOICE = "order_choice"
    ADDRESS = "address"
    CONFIRMATION = "confirmation"


class StepKind(StrEnum):
    ESCALATE = "escalate"
    CLARIFY = "clarify"
    ASK_LOGIN = "ask_login"
    ASK_WHICH_ORDER = "ask_which_order"
    ORDER_NOT_FOUND = "order_not_found"
    NO_ORDERS = "no_orders"
    ORDER_REQUEST = "order_request"  # answer about / act on one order (the services check eligibility)
    ADDRESS_GIVEN = "address_given"
    ASK_ADDRESS_AGAIN = "ask_address_again"
    CONFIRM = "confirm"
    DECLINE = "decline"
    KNOWLEDGE = "knowledge"
    SMALL_TALK = "small_talk"


@dataclass(frozen=True)
class OrderBrief:
    id: str
    number: str
    status: str


@dataclass(frozen=True)
class Heard:
    """One message as understood, plus what the services looked up for it."""

    text: str
    intent: str
    confidence: float
    sentiment: float
    ordinal: int | None = None
    named_order: OrderBrief | None = None  # the shopper's own order whose number they wrote
    unknown_number: str | None = None  # a number that is not one of their orders
    address_parsed: bool = False  # the text reads as a complete address
    about_policy: bool = False  # phrased as a question about the rules, not about one order
    knowledge_match: bool = False  # a help article matches the words closely, whatever the intent guess


@dataclass(frozen=True)
class Shopper:
    signed_in: bool
    recent: tuple[OrderBrief, ...] = ()  # newest first


@dataclass(frozen=True)
class DialogueState:
    focus_order_id: str = ""
    awaiting: Awaiting = Awaiting.NOTHING
    pending_intent: str = ""
    candidates: tuple[str, ...] = ()
    proposal_id: str = ""
    low_confidence_streak: int = 0
    misunderstandings: int = 0
    last_text: str = ""
    escalated: bool = False


@dataclass(frozen=True)
class Step:
    kind: StepKind
    intent: str
    order_id: str = ""
    candidates: tuple[str, ...] = ()
    reason: str = ""
    number: str = ""


def _confident(heard: Heard) -> bool:
    return heard.confidence >= LOW_CONFIDENCE


def _settled(state: DialogueState) -> DialogueState:
    return replace(state, awaiting=Awaiting.NOTHING, pending_intent="", candidates=(), proposal_id="")


def decide(state: DialogueState, heard: Heard, shopper: Shopper) -> tuple[Step, DialogueState]:
    """The next step and the state after it. Waiting states are served first; a message that does not answer
    what we waited for is treated as a new request (a pending proposal is then superseded)."""
    state = replace(state, last_text=heard.text.strip().lower()[:200],
                    misunderstandings=state.misunderstandings + _repeated(state, heard))
    answers = heard.confidence >= CONFIRMATION_CONFIDENCE and heard.intent in (AFFIRM, DENY)
    if state.awaiting is Awaiting.CONFIRMATION and answers:
        kind = StepKind.CONFIRM if heard.intent == AFFIRM else StepKind.DECLINE
        return Step(kind, state.pending_intent, order_id=state.focus_order_id), _settled(state)
    if state.awaiting is Awaiting.ORDER_CHOICE and (chosen := _chosen(state, heard)):
        return Step(StepKind.ORDER_REQUEST, state.pending_intent, order_id=chosen), replace(
            _settled(state), focus_order_id=chosen, low_confidence_streak=0)
    if state.awaiting is Awaiting.ADDRESS and heard.address_parsed:
        return Step(StepKind.ADDRESS_GIVEN, state.pending_intent, order_id=state.focus_order_id), _settled(state)
    if state.awaiting is Awaiting.ADDRESS and not _new_request(heard):
        return Step(StepKind.ASK_ADDRESS_AGAIN, state.pending_intent, order_id=state.focus_order_id), replace(
            state, misunderstandings=state.misunderstandings + 1)
    return _fresh_request(_settled(state), heard, shopper)


def _repeated(state: DialogueState, heard: Heard) -> int:
    return int(bool(state.last_text) and heard.text.strip().lower()[:200] == state.last_text)


def _chosen(state: DialogueState, heard: Heard) -> str | None:
    if heard.named_order is not None:
        return heard.named_order.id
    return pick(state.candidates, heard.ordinal)


def _new_request(heard: Heard) -> bool:
    return _confident(heard) and heard.intent not in (AFFIRM, DENY, *SMALL_TALK)


def _fresh_request(state: DialogueState, heard: Heard, shopper: Shopper) -> tuple[Step, DialogueState]:
    if _unsure_about_a_named_order(heard):  # "any update on 2026…?" or a bare number: it is about that order
        heard = replace(heard, intent="track_order", confidence=max(heard.confidence, LOW_CONFIDENCE))
    low = not _confident(heard)
    missed = int(low or heard.intent == DENY)
    state = replace(state, low_confidence_streak=state.low_confidence_streak + 1 if low else 0,
                    misunderstandings=state.misunderstandings + missed)
    reason = escalation_reason(Signals(intent=heard.intent, confidence=heard.confidence, sentiment=heard.sentiment,
                                       low_confidence_streak=state.low_confidence_streak,
                                       misunderstandings=state.misunderstandings))
    if reason is not None:  # again while handed over: the open case gets the message
        focus = heard.named_order.id if heard.named_order else state.focus_order_id
        return Step(StepKind.ESCALATE, heard.intent, reason=reason.value), replace(
            state, escalated=True, low_confidence_streak=0, misunderstandings=0, focus_order_id=focus)
    if low and heard.knowledge_match:  # the intent is a guess, but a help article fits the words
        return Step(StepKind.KNOWLEDGE, "", order_id=state.focus_order_id), replace(
            state, low_confidence_streak=0, misunderstandings=state.misunderstandings - 1)
    if missed:
        return Step(StepKind.CLARIFY, heard.intent), state
    if heard.intent in SMALL_TALK or heard.intent == AFFIRM:
        return Step(StepKind.SMALL_TALK, heard.intent), state
    about_one_order = heard.named_order is not None or bool(heard.unknown_number)
    if is_order_intent(heard.intent) and not (heard.about_policy and not about_one_order):
        return _order_request(state, heard, shopper)
    return Step(StepKind.KNOWLEDGE, heard.intent, order_id=state.focus_order_id), state


def _unsure_about_a_named_order(heard: Heard) -> bool:
    named = heard.named_order is not None or bool(heard.unknown_number)
    return named and heard.confidence < NAMED_ORDER_TRUST and not is_order_intent(heard.intent) and (
        heard.intent not in (*HAND_OVER, AFFIRM, DENY))


def _order_request(state: DialogueState, heard: Heard, shopper: Shopper) -> tuple[Step, DialogueState]:
    intent = heard.intent
    if not shopper.signed_in:
        return Step(StepKind.ASK_LOGIN, intent), state
    if heard.unknown_number:
        return Step(StepKind.ORDER_NOT_FOUND, intent, number=heard.unknown_number), state
    if heard.named_order is not None:
        return Step(StepKind.ORDER_REQUEST, intent, order_id=heard.named_order.id), replace(
            state, focus_order_id=heard.named_order.id)
    if state.focus_order_id:
        return Step(StepKind.ORDER_REQUEST, intent, order_id=state.focus_order_id), state
    suitable = [o for o in shopper.recent if suitable_for(intent, o.status)] or list(shopper.recent)
    if not suitable:
        return Step(StepKind.NO_ORDERS, intent), state
    if len(suitable) == 1:
        return Step(StepKind.ORDER_REQUEST, intent, order_id=suitable[0].id), replace(
            state, focus_order_id=suitable[0].id)
    offered = tuple(o.id for o in suitable[:MAX_CANDIDATES])
    return Step(StepKind.ASK_WHICH_ORDER, intent, candidates=offered), replace(
        state, awaiting=Awaiting.ORDER_CHOICE, pending_intent=intent, candidates=offered)


def awaiting_confirmation(state: DialogueState, proposal_id: str, intent: str) -> DialogueState:
    return replace(state, awaiting=Awaiting.CONFIRMATION, proposal_id=proposal_id, pending_intent=intent)


def awaiting_address(state: DialogueState, order_id: str, intent: str) -> DialogueState:
    return replace(state, awaiting=Awaiting.ADDRESS, focus_order_id=order_id, pending_intent=intent)
