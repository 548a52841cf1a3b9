"""Transcripts are personal data: they expire after the retention period, and a shopper's data can be exported
and erased."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings

from mercato.contexts.assistant import public as assistant
from mercato.contexts.assistant.models import ActionLog, Conversation, Message
from mercato.shared import clock, jobs

from .conftest import Chat


def test_export_holds_the_shoppers_conversations_and_actions_only(orders):
    mine = Chat(orders.shopper).start()
    mine.say(f"cancel {orders.numbers['paid']}")
    mine.say("yes")
    Chat(orders.other).start().say("my secret question about returns")
    user_id = Conversation.objects.get(pk=mine.id).owner_user_id
    export = assistant.assistant_export_for(user_id)
    assert [c["id"] for c in export["conversations"]] == [mine.id]
    texts = [m["text"] for m in export["conversations"][0]["messages"]]
    assert texts[0] == f"cancel {orders.numbers['paid']}" and "my secret question about returns" not in str(export)
    assert export["actions"] == [{"kind": "cancel_order", "order_number": orders.numbers["paid"],
                                  "outcome": "executed", "detail": "", "at": export["actions"][0]["at"]}]


def test_erase_removes_transcripts_and_unlinks_the_action_log(orders):
    mine = Chat(orders.shopper).start()
    mine.say(f"cancel {orders.numbers['paid']}")
    mine.say("yes")
    theirs = Chat(orders.other).start()
    theirs.say("hello")
    user_id = Conversation.objects.get(pk=mine.id).owner_user_id
    assert assistant.assistant_erase_for(user_id) == {"conversations": 1, "actions_anonymised": 1}
    assert not Conversation.objects.filter(pk=mine.id).exists()
    assert not Message.objects.filter(conversation_id=mine.id).exists()
    assert ActionLog.objects.get().user_id == "erased"  # what was done to the order stays auditable
    assert Conversation.objects.filter(pk=theirs.id).exists()
    assert assistant.assistant_export_for(user_id) == {"conversations": [], "actions": []}


def test_a_shopper_exports_and_erases_their_own_assistant_data_over_the_api(orders):
    mine = Chat(orders.shopper).start()
    mine.say("where is my order?")
    Chat(orders.other).start().say("my secret question about returns")
    export = orders.shopper.get("/me/assistant-data")
    assert export.status_code == 200
    assert [c["id"] for c in export.body["conversations"]] == [mine.id]
    assert "my secret question" not in str(export.body)
    erased = orders.shopper.delete("/me/assistant-data")
    assert erased.status_code == 200 and erased.body["conversations"] == 1
    assert orders.shopper.get("/me/assistant-data").body == {"conversations": [], "actions": []}
    assert Conversation.objects.filter(owner_user_id__isnull=False).count() == 1  # the other customer's stays
    assert orders.shopper.get(f"/assistant/conversations/{mine.id}").status_code == 404


def test_assistant_data_needs_a_signed_in_shopper(orders):
    from conftest import Api

    assert Api().get("/me/assistant-data").status_code == 401
    assert Api().delete("/me/assistant-data").status_code == 401


@override_settings(MERCATO_ASSISTANT_RETENTION_DAYS=30)
def test_the_expiry_job_deletes_conversations_idle_past_the_retention_period(orders):
    old, recent = Chat(orders.shopper).start(), Chat(orders.shopper).start()
    old.say("hello")
    recent.say("hello")
    Conversation.objects.filter(pk=old.id).update(last_message_at=clock.now() - timedelta(days=31))
    Conversation.objects.filter(pk=recent.id).update(last_message_at=clock.now() - timedelta(days=29))
    assert jobs.run_job("assistant-transcripts-expire") == 1
    assert list(Conversation.objects.values_list("id", flat=True)) == [recent.id]
    assert jobs.run_job("assistant-transcripts-expire", as_of=clock.now() + timedelta(days=2)) == 1
