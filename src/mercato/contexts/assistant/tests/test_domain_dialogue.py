"""The dialogue policy, the confirmation machine, the hand-over rules and order references, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mercato.contexts.assistant.domain.address_text import parse_address
from mercato.contexts.assistant.domain.answer_templates import TEMPLATES
from mercato.contexts.assistant.domain.confirmation import (
    ProposalStatus,
    ProposalTransitionRefused,
    ensure_proposal_transition,
)
from mercato.contexts.assistant.domain.dialogue import (
    Awaiting,
    DialogueState,
    Heard,
    OrderBrief,
    Shopper,
    StepKind,
    awaiting_confirmation,
    decide,
)
from mercato.contexts.assistant.domain.escalation_rules import EscalationReason, Signals, escalation_reason
from mercato.contexts.assistant.domain.intents import ActionKind
from mercato.contexts.assistant.domain.knowledge_retrieval import Document, KnowledgeIndex
from mercato.contexts.assistant.domain.order_actions import OrderFacts, eligibility
from mercato.contexts.assistant.domain.order_reference import order_numbers_in, ordinal_in, pick

PAID = OrderBrief("ord_paid", "202611260000000001", "paid")
SHIPPED = OrderBrief("ord_ship", "202611250000000002", "shipped")
UNPAID = OrderBrief("ord_unpd", "202611240000000003", "pending_payment")
SHOPPER = Shopper(signed_in=True, recent=(PAID, SHIPPED, UNPAID))
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def heard(text: str, intent: str, confidence: float = 0.95, sentiment: float = 0.0, **kw: object) -> Heard:
    return Heard(text=text, intent=intent, confidence=confidence, sentiment=sentiment, **kw)  # type: ignore[arg-type]


def test_the_order_under_discussion_carries_over_to_cancel_it():
    step, state = decide(DialogueState(), heard("where is my order 202611250000000002", "track_order",
                                                named_order=SHIPPED), SHOPPER)
    assert (step.kind, step.order_id) == (StepKind.ORDER_REQUEST, "ord_ship")
    step, state = decide(state, heard("cancel it", "cancel_order"), SHOPPER)
    assert (step.kind, step.intent, step.order_id) == (StepKind.ORDER_REQUEST, "cancel_order", "ord_ship")


def test_several_orders_without_a_number_ask_which_and_a_position_answers():
    step, state = decide(DialogueState(), heard("I want to cancel my order", "cancel_order"), SHOPPER)
    assert step.kind is StepKind.ASK_WHICH_ORDER
    assert step.candidates == ("ord_paid", "ord_unpd")  # only orders that can still be cancelled are offered
    assert state.awaiting is Awaiting.ORDER_CHOICE
    step, state = decide(state, heard("第二个", "affirm", confidence=0.1, ordinal=2), SHOPPER)
    assert (step.kind, step.intent, step.order_id) == (StepKind.ORDER_REQUEST, "cancel_order", "ord_unpd")
    assert state.awaiting is Awaiting.NOTHING and state.focus_order_id == "ord_unpd"


def test_an_order_number_answers_which_order_too():
    _, state = decide(DialogueState(), heard("track my order", "track_order"), SHOPPER)
    step, _ = decide(state, heard("202611260000000001", "track_order", 0.3, named_order=PAID), SHOPPER)
    assert (step.kind, step.order_id) == (StepKind.ORDER_REQUEST, "ord_paid")


def test_a_single_suitable_order_needs_no_question():
    step, _ = decide(DialogueState(), heard("where is my parcel", "track_order"),
                     Shopper(signed_in=True, recent=(SHIPPED,)))
    assert (step.kind, step.order_id) == (StepKind.ORDER_REQUEST, "ord_ship")


def test_anonymous_visitors_are_asked_to_log_in_for_order_questions_but_get_policy_answers():
    anonymous = Shopper(signed_in=False)
    assert decide(DialogueState(), heard("where is my order", "track_order"), anonymous)[0].kind is StepKind.ASK_LOGIN
    assert decide(DialogueState(), heard("how do returns work", "check_refund_policy"),
                  anonymous)[0].kind is StepKind.KNOWLEDGE


def test_a_number_that_is_not_the_shoppers_is_not_found_and_does_not_become_the_focus():
    step, state = decide(DialogueState(), heard("where is 202611269999999999", "track_order",
                                                unknown_number="202611269999999999"), SHOPPER)
    assert step.kind is StepKind.ORDER_NOT_FOUND and step.number == "202611269999999999"
    assert state.focus_order_id == ""


def test_yes_confirms_and_no_declines_a_pending_proposal():
    state = awaiting_confirmation(replace(DialogueState(), focus_order_id="ord_paid"), "apr_1", "cancel_order")
    step, after = decide(state, heard("yes", "affirm"), SHOPPER)
    assert step.kind is StepKind.CONFIRM and after.awaiting is Awaiting.NOTHING and after.proposal_id == ""
    assert decide(state, heard("不用了", "deny"), SHOPPER)[0].kind is StepKind.DECLINE


def test_a_new_question_instead_of_an_answer_leaves_the_proposal_behind():
    state = awaiting_confirmation(DialogueState(focus_order_id="ord_paid"), "apr_1", "cancel_order")
    step, after = decide(state, heard("how long does delivery take", "delivery_period"), SHOPPER)
    assert step.kind is StepKind.KNOWLEDGE and after.proposal_id == "" and after.awaiting is Awaiting.NOTHING


def test_two_low_confidence_messages_in_a_row_hand_over():
    step, state = decide(DialogueState(), heard("blorp", "review", 0.1), SHOPPER)
    assert step.kind is StepKind.CLARIFY
    step, state = decide(state, heard("zzz qq", "review", 0.2), SHOPPER)
    assert (step.kind, step.reason) == (StepKind.ESCALATE, "low_confidence") and state.escalated


def test_a_confident_message_resets_the_low_confidence_streak():
    _, state = decide(DialogueState(), heard("blorp", "review", 0.1), SHOPPER)
    _, state = decide(state, heard("hello", "greeting"), SHOPPER)
    step, _ = decide(state, heard("zzz", "review", 0.1), SHOPPER)
    assert step.kind is StepKind.CLARIFY


def test_repeated_misunderstanding_hands_over():
    state = DialogueState()
    kinds = []
    for text, intent, confidence in (("no that's wrong", "deny", 0.9), ("where is my order", "track_order", 0.9),
                                     ("no", "deny", 0.9), ("blah", "review", 0.2)):
        step, state = decide(state, heard(text, intent, confidence), SHOPPER)
        kinds.append(step.kind)
    assert kinds[-1] is StepKind.ESCALATE and step.reason == "repeated_misunderstanding"
    step, _ = decide(state, heard("how long does delivery take", "delivery_period"), SHOPPER)
    assert step.kind is StepKind.KNOWLEDGE  # handed over, the assistant still answers what it understands


def test_an_explicit_request_or_anger_hands_over_at_once():
    step, _ = decide(DialogueState(), heard("转人工", "contact_human_agent"), SHOPPER)
    assert (step.kind, step.reason) == (StepKind.ESCALATE, "requested")
    step, _ = decide(DialogueState(), heard("where is my order, this is a scam!!!", "track_order", sentiment=-0.8),
                     SHOPPER)
    assert (step.kind, step.reason) == (StepKind.ESCALATE, "negative_sentiment")


@pytest.mark.parametrize(("signals", "expected"), [
    (Signals("contact_human_agent", 0.2, 0.0, 1, 1), None),  # a guess at "a person" is not a request yet
    (Signals("complaint", 0.9, 0.0, 0, 0), EscalationReason.REQUESTED),
    (Signals("track_order", 0.9, -0.6, 0, 0), EscalationReason.NEGATIVE_SENTIMENT),
    (Signals("track_order", 0.9, -0.5, 0, 2), None),
])
def test_escalation_rules(signals: Signals, expected: EscalationReason | None):
    assert escalation_reason(signals) == expected


def test_the_address_flow_waits_for_a_complete_address():
    state = DialogueState(focus_order_id="ord_paid", awaiting=Awaiting.ADDRESS,
                          pending_intent="change_shipping_address")
    step, state = decide(state, heard("hmm", "review", 0.2), SHOPPER)
    assert step.kind is StepKind.ASK_ADDRESS_AGAIN and state.awaiting is Awaiting.ADDRESS
    step, _ = decide(state, heard("王五, 13900001111, ...", "review", 0.2, address_parsed=True), SHOPPER)
    assert (step.kind, step.order_id) == (StepKind.ADDRESS_GIVEN, "ord_paid")


def test_ordinals_and_order_numbers_in_both_languages():
    assert [ordinal_in(t) for t in ("the second one", "第二个", "第3笔", "2", "#1", "the last one", "最后一个",
                                     "hello")] == [2, 2, 3, 2, 1, -1, -1, None]
    assert order_numbers_in("订单20261126-1234567890和 202611251234567891") == (
        "202611261234567890", "202611251234567891")
    assert pick(("a", "b", "c"), -1) == "c" and pick(("a", "b"), 3) is None


def test_typed_addresses_parse_in_either_comma():
    address = parse_address("王五，13900001111，浙江省，杭州市，西湖区，文三路 90 号，310012")
    assert address is not None and (address.city, address.district, address.postal_code) == (
        "杭州市", "西湖区", "310012")
    assert parse_address("Li Lei, 13800000000, Beijing, Beijing, 1 Chang'an Ave, 100000") is not None
    assert parse_address("just some words") is None
    assert parse_address("a, not-a-phone, b, c, d, e, 100000") is None


FACTS = OrderFacts(status="delivered", return_deadline=NOW + timedelta(days=3), has_returnable_units=True,
                   has_open_return=False)


@pytest.mark.parametrize(("requested", "facts", "action", "refusal"), [
    (ActionKind.CANCEL_ORDER, replace(FACTS, status="paid"), ActionKind.CANCEL_ORDER, None),
    (ActionKind.CANCEL_ORDER, replace(FACTS, status="shipped"), None, "cancel_after_shipment"),
    (ActionKind.CANCEL_ORDER, replace(FACTS, status="cancelled"), None, "already_cancelled"),
    (ActionKind.START_RETURN, FACTS, ActionKind.START_RETURN, None),
    (ActionKind.START_RETURN, replace(FACTS, status="paid"), ActionKind.CANCEL_ORDER, None),
    (ActionKind.START_RETURN, replace(FACTS, return_deadline=NOW - timedelta(seconds=1)), None,
     "return_window_closed"),
    (ActionKind.START_RETURN, replace(FACTS, has_returnable_units=False), None, "nothing_returnable"),
    (ActionKind.START_RETURN, replace(FACTS, has_open_return=True), None, "return_already_open"),
    (ActionKind.CHANGE_ADDRESS, replace(FACTS, status="shipped"), None, "address_after_shipment"),
    (ActionKind.SEND_INVOICE, replace(FACTS, status="pending_payment"), None, "invoice_unpaid"),
])
def test_eligibility(requested, facts, action, refusal):
    check = eligibility(requested, facts, as_of=NOW)
    assert (check.action, check.refusal) == (action, refusal)
    assert refusal is None or refusal in TEMPLATES


def test_a_proposal_is_executed_only_after_confirmation():
    ensure_proposal_transition(ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED)
    ensure_proposal_transition(ProposalStatus.CONFIRMED, ProposalStatus.EXECUTED)
    with pytest.raises(ProposalTransitionRefused):
        ensure_proposal_transition(ProposalStatus.PROPOSED, ProposalStatus.EXECUTED)
    with pytest.raises(ProposalTransitionRefused):
        ensure_proposal_transition(ProposalStatus.DECLINED, ProposalStatus.CONFIRMED)


def test_retrieval_finds_the_article_in_either_language_and_honours_the_allowed_set():
    index = KnowledgeIndex([
        Document("returns-en", "Returns within 7 days; how do I return an item", "check_refund_policy"),
        Document("delivery-en", "Delivery times; how long does shipping take", "delivery_period"),
        Document("returns-zh", "七天无理由退货 怎么退货", "check_refund_policy"),
        Document("shop-zh", "本店发货时间 顺丰 发货", ""),
    ])
    assert index.search("how long does shiping take?")[0].key == "delivery-en"  # a typo still matches
    assert index.search("我想知道怎么退货")[0].key == "returns-zh"
    assert index.search("什么时候发货", allowed=frozenset({"returns-zh"})) == []
    assert index.search("qqqq xxxx") == []


def test_a_message_naming_an_order_that_the_understanding_is_unsure_of_is_about_that_order():
    step, _ = decide(DialogueState(), heard("any update on 202611250000000002?", "edit_account", 0.46,
                                            named_order=SHIPPED), SHOPPER)
    assert (step.kind, step.intent, step.order_id) == (StepKind.ORDER_REQUEST, "track_order", "ord_ship")
    step, _ = decide(DialogueState(), heard("202611250000000002", "review", 0.1, named_order=SHIPPED), SHOPPER)
    assert (step.kind, step.order_id) == (StepKind.ORDER_REQUEST, "ord_ship")  # a bare number is no riddle
    step, _ = decide(DialogueState(), heard("return policy for 202611250000000002?", "check_refund_policy", 0.9,
                                            named_order=SHIPPED), SHOPPER)
    assert step.kind is StepKind.KNOWLEDGE
