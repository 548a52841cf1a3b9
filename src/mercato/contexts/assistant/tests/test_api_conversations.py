"""The chat API on a real database: who may use a conversation, bad input, answers from data and from the
knowledge base, the transcript."""

from __future__ import annotations

from conftest import Api, register
from mercato.contexts.assistant.models import Message

from .conftest import Chat


def test_a_shopper_asks_where_an_order_is_and_gets_carrier_and_tracking(orders, chat):
    reply = chat.say(f"where is my order {orders.numbers['shipped']}?")
    assert reply["intent"] == "track_order" and reply["confidence"] > 0.5
    assert orders.numbers["shipped"] in reply["text"] and "SF1234567890" in reply["text"]
    assert {"kind": "order_number", "value": orders.numbers["shipped"]}.items() <= reply["entities"][0].items()
    assert reply["escalated"] is False and reply["actions_proposed"] == []


def test_policy_questions_are_answered_from_the_knowledge_base_with_the_source(chat):
    reply = chat.say("how long does delivery take?")
    assert reply["intent"] == "delivery_period"
    assert reply["sources"] and reply["sources"][0]["title"] == "Delivery times"
    assert "2–5 days" in reply["text"]
    reply = chat.say("支持哪些付款方式？")
    assert reply["lang"] == "zh" and reply["sources"][0]["title"] == "支付方式" and "货到付款" in reply["text"]


def test_anonymous_visitors_get_policy_answers_and_are_asked_to_log_in_for_orders(orders):
    anonymous = Chat(Api()).start("zh")
    reply = anonymous.say("怎么退货？")
    assert "7 天" in reply["text"] and "登录" in reply["text"] and reply["sources"]
    reply = anonymous.say(f"我的订单 {orders.numbers['shipped']} 到哪了")
    assert "登录" in reply["text"] and "SF1234567890" not in reply["text"]


def test_only_the_owner_may_use_or_read_a_conversation(orders, chat):
    chat.say("hello")
    for intruder in (orders.other, Api(), register("eve@example.com")):
        assert intruder.post(f"/assistant/conversations/{chat.id}/messages", {"text": "hi"}).status_code == 404
        assert intruder.get(f"/assistant/conversations/{chat.id}").status_code == 404
    anonymous = Chat(Api()).start()
    assert orders.shopper.post(f"/assistant/conversations/{anonymous.id}/messages",
                               {"text": "hi"}).status_code == 404
    assert Api().get("/assistant/conversations/cnv_01aaaaaaaaaaaaaaaaaaaaaaaa").status_code == 404


def test_ids_are_unguessable_and_distinct(orders):
    ids = {Chat(orders.shopper).start().id for _ in range(3)}
    assert len(ids) == 3 and all(i.startswith("cnv_") and len(i) == 30 for i in ids)


def test_empty_blank_or_oversized_text_is_a_422_problem(chat):
    for body in ({"text": ""}, {"text": "   "}, {"text": "x" * 1001}, {}):
        r = chat.api.post(f"/assistant/conversations/{chat.id}/messages", body)
        assert r.status_code == 422, body
        assert r["Content-Type"].startswith("application/problem+json")
        assert r.body["errors"][0]["field"].endswith("text")
    r = chat.api.post(f"/assistant/conversations/{chat.id}/messages", raw="{not json")
    assert r.status_code == 400
    assert Message.objects.filter(conversation_id=chat.id).count() == 0


def test_the_transcript_lists_both_sides_in_order(chat):
    chat.say("hello")
    chat.say("thanks")
    r = chat.api.get(f"/assistant/conversations/{chat.id}")
    assert r.status_code == 200
    assert [(m["role"], m["intent"]) for m in r.body["messages"]] == [
        ("shopper", "greeting"), ("assistant", "greeting"), ("shopper", "thanks"), ("assistant", "thanks")]


def test_refund_status_and_amounts_come_from_the_payments_records(orders, chat):
    assert chat.say(f"cancel order {orders.numbers['paid']}")["pending_confirmation"]
    chat.say("yes")
    reply = chat.say(f"has my refund for {orders.numbers['paid']} been processed?")
    assert reply["intent"] == "track_refund"
    assert "¥1999.00" in reply["text"]


def test_a_message_costs_a_bounded_number_of_queries(orders, chat, django_assert_max_num_queries):
    chat.say("hello")
    with django_assert_max_num_queries(14):  # lock, the named order (4), the two messages, the state, savepoints
        chat.say(f"where is my order {orders.numbers['shipped']}")
    with django_assert_max_num_queries(14):  # lock, the shop of the focus order, the article index's version
        chat.say("how long does delivery take?")
