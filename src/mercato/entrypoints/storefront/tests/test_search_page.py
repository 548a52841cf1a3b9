"""The /search page through the search context: facets with counts, "did you mean", the relaxed query,
zero-result recording, the SearchPerformed fact and the top box's autocomplete fragment."""

from __future__ import annotations

import re

from django.test import Client

import shared_world

from .shopping import text

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test


def test_facets_with_counts_link_to_narrower_results(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = text(client.get("/search", {"q": "product"}))
    assert "4 products" in page
    shop = re.search(r'<a href="(\?[^"]*merchant=[^"]+)">Alpha 数码</a> <span class="muted">\(2\)</span>', page)
    assert shop, page
    narrowed = text(client.get("/search" + shop.group(1).replace("&amp;", "&")))
    assert "Product A-PHONE" in narrowed and "Product B-LAMP" not in narrowed and "2 products" in narrowed
    assert re.search(r"Electronics</a> <span class=\"muted\">\(4\)</span>", page)


def test_a_misspelt_word_still_finds_and_offers_the_fix(world):
    page = text(Client(HTTP_ACCEPT_LANGUAGE="en").get("/search", {"q": "prodct lamp"}))
    assert "Product B-LAMP" in page
    assert "Did you mean:" in page and "<strong>product lamp</strong>" in page


def test_nothing_matching_every_word_falls_back_and_is_recorded(world):
    from mercato.contexts.search.models import ZeroResultQuery

    page = text(Client(HTTP_ACCEPT_LANGUAGE="en").get("/search", {"q": "lamp zeppelin"}))
    assert "Product B-LAMP" in page and "Nothing matched all of" in page
    assert ZeroResultQuery.objects.get(query="lamp zeppelin").times == 1


def test_a_search_is_announced_for_the_recommendations(world):
    from mercato.shared.models import OutboxMessage
    from mercato.shared.session_digest import session_digest

    client = Client()
    client.get("/")  # the visitor has a session before searching
    client.session.save()
    client.get("/search", {"q": "lamp"})
    message = OutboxMessage.objects.filter(topic="search.performed").latest("id")
    assert message.payload["query"] == "lamp" and message.payload["result_count"] == 1
    assert message.payload["shopper_id"] is None
    raw = client.cookies["sessionid"].value
    assert message.payload["session_digest"] == session_digest(raw) != ""  # never the live session key
    assert raw not in str(message.payload)


def test_autocomplete_fragment_lists_links_to_searches(world):
    r = Client(HTTP_ACCEPT_LANGUAGE="en").get("/search", {"q": "lam", "suggest": "1"}, HTTP_HX_REQUEST="true")
    fragment = text(r)
    assert r.status_code == 200 and "<html" not in fragment
    assert 'href="/search?q=lamp"' in fragment and "Product B-LAMP" in fragment


def test_the_top_box_asks_for_suggestions_and_works_without_javascript(world):
    page = text(Client().get("/"))
    assert 'hx-get="/search"' in page and 'action="/search"' in page and 'id="q-suggestions"' in page


def test_chinese_page_shows_translated_facets(world):
    page = text(Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/search", {"q": "商品"}))
    assert "共 4 件商品" in page and "综合排序" in page
