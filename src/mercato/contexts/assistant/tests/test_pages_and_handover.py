"""The storefront chat (HTMX panel and the page without JavaScript), hand-over to the operators' queue, and the
operators' escalation API."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from conftest import Api, make_operator
from mercato.contexts.assistant.models import Escalation

from .conftest import Chat

pytestmark = pytest.mark.urls("mercato.contexts.assistant.tests.site_urls")


def browser(email: str | None = None, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    return client


def test_every_storefront_page_carries_the_chat_panel(orders):
    page = browser("lin@example.com").get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="assistant-widget"' in html and 'hx-post="/assistant/messages"' in html
    assert 'action="/assistant/"' in html  # the same form works without JavaScript


def test_the_panel_answers_in_the_shoppers_language(orders):
    shopper = browser("lin@example.com", language="zh-hans")
    r = shopper.post("/assistant/messages", {"text": f"我的订单{orders.numbers['shipped']}到哪了"},
                     HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "SF1234567890" in r.content.decode() and "已发货" in r.content.decode()
    r = shopper.post("/assistant/messages", {"text": "取消它"}, HTTP_HX_REQUEST="true")
    assert "无法取消" in r.content.decode()
    assert "客服" in shopper.get("/").content.decode()  # the panel's own words are translated


def test_the_page_without_javascript_posts_and_shows_the_conversation(orders):
    shopper = browser("lin@example.com")
    r = shopper.post("/assistant/", {"text": f"cancel order {orders.numbers['paid']}"})
    assert r.status_code == 302 and r.url == "/assistant/"
    page = shopper.get("/assistant/").content.decode()
    assert f"Shall I cancel order {orders.numbers['paid']}" in page
    assert shopper.post("/assistant/", {"text": "  "}).status_code == 422


def test_signing_in_starts_a_conversation_of_ones_own(orders):
    visitor = browser()
    visitor.post("/assistant/", {"text": "hello"})
    anonymous_id = visitor.session["assistant_conversation"]
    visitor.force_login(get_user_model().objects.get(email="lin@example.com"))
    visitor.post("/assistant/", {"text": "hello again"})
    assert visitor.session["assistant_conversation"] != anonymous_id


def test_asking_for_a_person_opens_an_escalation_with_transcript_and_intent(orders):
    chat = Chat(orders.shopper).start()
    chat.say(f"where is my order {orders.numbers['shipped']}")
    reply = chat.say("I want to speak to a human agent")
    assert reply["escalated"] is True and "colleague" in reply["text"]
    escalation = Escalation.objects.get()
    assert (escalation.reason, escalation.intent, escalation.order_id) == (
        "requested", "contact_human_agent", orders.ids["shipped"])
    assert escalation.merchant_id == orders.world.b.merchant_id
    chat.say("hello?")
    assert Escalation.objects.count() == 1  # the same case collects what follows


def test_an_angry_shopper_is_handed_over(orders):
    reply = Chat(orders.shopper).start().say("cancel my order now you useless idiots!!!")
    assert reply["escalated"] is True
    assert Escalation.objects.get().reason == "negative_sentiment"


def test_operators_see_take_and_resolve_hand_overs_on_the_console(orders):
    chat = Chat(orders.shopper).start("zh")
    chat.say("我要投诉，转人工")
    escalation = Escalation.objects.get()
    ops = browser("ops@example.com")  # the world's operator
    queue = ops.get("/console/assistant/?status=open").content.decode()
    assert f"/console/assistant/{escalation.id}/" in queue
    detail = ops.get(f"/console/assistant/{escalation.id}/").content.decode()
    assert "我要投诉，转人工" in detail and escalation.intent in detail
    ops.post(f"/console/assistant/{escalation.id}/decision/", {"decision": "take"})
    assert Escalation.objects.get().status == "taken"
    ops.post(f"/console/assistant/{escalation.id}/decision/", {"decision": "resolve"})
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.conversation.escalated is False
    assert browser("lin@example.com").get("/console/assistant/").status_code == 403


def test_the_escalation_api_shows_operators_all_and_merchant_staff_their_own(orders):
    Chat(orders.shopper).start().say(f"I want to talk to a person about order {orders.numbers['shipped']}")
    Chat(orders.shopper).start().say("human agent please")
    operator = make_operator("ops2@example.com")
    assert len(operator.get("/assistant/escalations").body["items"]) == 2
    mine = orders.world.b.api.get("/assistant/escalations").body["items"]
    assert [e["order_id"] for e in mine] == [orders.ids["shipped"]]
    assert orders.world.a.api.get("/assistant/escalations").body["items"] == []
    assert orders.shopper.get("/assistant/escalations").status_code == 403
    assert Api().get("/assistant/escalations").status_code == 401
