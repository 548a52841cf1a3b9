"""The optional OpenAI-compatible adapter (off by default; a second opinion only, numbers kept verbatim) against a
local endpoint speaking that protocol, and the knowledge base: shop articles, edits, idempotent seeding."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from mercato.contexts.assistant import llm_adapter
from mercato.contexts.assistant import public as assistant
from mercato.contexts.assistant.knowledge import knowledge_answer
from mercato.contexts.assistant.models import KnowledgeEntry
from mercato.shared import clock

from .conftest import Chat


class Endpoint(BaseHTTPRequestHandler):
    answer = ""
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (the protocol's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Endpoint.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": Endpoint.answer}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Endpoint]]:
    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    Endpoint.seen = []
    monkeypatch.setenv("MERCATO_ASSISTANT_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("MERCATO_ASSISTANT_LLM_MODEL", "local-model")
    monkeypatch.setenv("MERCATO_ASSISTANT_LLM_KEY", "sk-test")
    yield Endpoint
    server.shutdown()


def test_the_adapter_is_off_by_default(monkeypatch):
    monkeypatch.delenv("MERCATO_ASSISTANT_LLM_URL", raising=False)
    assert not llm_adapter.enabled()
    assert llm_adapter.phrase("Order 1 ships", lang="en") == "Order 1 ships"


def test_a_second_opinion_must_name_one_of_the_candidates(endpoint):
    endpoint.answer = "track_order"
    assert llm_adapter.classify("wheres my stuff", candidates=["track_order", "review"]) == "track_order"
    sent = endpoint.seen[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sk-test"
    assert sent["body"]["model"] == "local-model"
    endpoint.answer = "delete_everything"
    assert llm_adapter.classify("wheres my stuff", candidates=["track_order", "review"]) is None


def test_rephrasing_that_changes_a_number_is_thrown_away(endpoint, monkeypatch):
    monkeypatch.setenv("MERCATO_ASSISTANT_LLM_PHRASING", "1")
    original = "Order 202611260000000001 has shipped. Tracking SF1234567890."
    endpoint.answer = "Good news! Order 202611260000000001 is on its way (tracking SF1234567890)."
    assert llm_adapter.phrase(original, lang="en") == endpoint.answer
    endpoint.answer = "Good news! Order 202611260000000009 is on its way."
    assert llm_adapter.phrase(original, lang="en") == original


def test_a_dead_endpoint_falls_back_to_the_offline_path(monkeypatch):
    monkeypatch.setenv("MERCATO_ASSISTANT_LLM_URL", "http://127.0.0.1:9/v1")
    assert llm_adapter.classify("hello", candidates=["greeting"]) is None


def test_a_shops_own_article_answers_only_about_that_shops_orders(orders):
    KnowledgeEntry.objects.create(merchant_id=orders.world.b.merchant_id, lang="en", intent="delivery_period",
                                  title="Beta ships lamps by freight", question="how long does delivery take lamp",
                                  answer="Beta ships lamps by freight within 3 days.", updated_at=clock.now())
    chat = Chat(orders.shopper).start()
    chat.say(f"where is my order {orders.numbers['shipped']}")  # a Beta order is now under discussion
    reply = chat.say("how long does delivery take for a lamp?")
    assert reply["sources"][0]["merchant_id"] == orders.world.b.merchant_id and "freight" in reply["text"]
    other = Chat(orders.shopper).start()
    assert "freight" not in other.say("how long does delivery take for a lamp?")["text"]


def test_edited_articles_are_used_at_once_and_seeding_is_idempotent(db):
    entry = KnowledgeEntry.objects.get(lang="en", title="Payment methods")
    assert "cash on delivery" in knowledge_answer(text="how can I pay", intent="check_payment_methods",
                                                  lang="en").answer
    entry.answer, entry.updated_at = "Only bank cards for now.", clock.now()
    entry.save()
    assert knowledge_answer(text="how can I pay", intent="check_payment_methods", lang="en").answer == (
        "Only bank cards for now.")
    assert assistant.knowledge_seed_defaults() == 0
    entry.delete()
    assert assistant.knowledge_seed_defaults() == 1
