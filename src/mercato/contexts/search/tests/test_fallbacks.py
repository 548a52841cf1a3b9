"""Typos, synonyms operators add, relaxed queries and zero-result records; the engine matches the database."""

from __future__ import annotations

from django.db import connection

from conftest import Api
from mercato.contexts.search import public as search
from mercato.contexts.search.models import Synonym, ZeroResultQuery
from mercato.contexts.search.read_cache import synonyms_changed


def body(q: str) -> dict:
    r = Api().get(f"/search?q={q}")
    assert r.status_code == 200, r.body
    return r.body


def test_the_engine_is_the_one_of_the_database(db):
    expected = {"sqlite": "sqlite-fts5", "postgresql": "postgresql-fts+pg_trgm"}[connection.vendor]
    assert search.search(search.SearchQuery(text="")).engine == expected


def test_a_typo_is_corrected_and_suggested(world):
    result = body("lammp")
    assert [i["translations"]["en"] for i in result["items"]] == ["Product B-LAMP"]
    assert result["did_you_mean"] == "lamp"
    assert not ZeroResultQuery.objects.exists()


def test_a_synonym_added_by_an_operator_applies_at_once(world):
    assert body("lantern")["total"] == 0
    Synonym.objects.create(terms="lamp, lantern, 灯")
    synonyms_changed()
    assert [i["translations"]["en"] for i in body("lantern")["items"]] == ["Product B-LAMP"]


def test_no_match_for_every_word_relaxes_the_query(world):
    result = body("lamp%20zeppelin")
    assert result["relaxed_query"] == "lamp" and result["total"] == 1
    record = ZeroResultQuery.objects.get()
    assert record.query == "lamp zeppelin" and record.times == 1
    body("lamp%20zeppelin")
    record.refresh_from_db()
    assert record.times == 2


def test_nothing_at_all_is_an_empty_answer_not_an_error(world):
    result = body("zeppelin")
    assert result["items"] == [] and result["total"] == 0 and result["facets"]["merchant"] == []
    assert ZeroResultQuery.objects.filter(query="zeppelin").exists()


def test_chinese_and_prefix_autocomplete(world):
    assert body("商品")["total"] == 4
    r = Api().get("/search/suggest?q=produ")
    assert r.status_code == 200 and {"kind": "word", "text": "product", "product_id": None} in r.body["items"]


def test_operators_and_merchants_see_what_was_not_found(world):
    from conftest import register

    Api().get(f"/search?q=zeppelin&merchant={world.a.merchant_id}")
    Api().get(f"/search?q=airship&merchant={world.b.merchant_id}")
    Api().get("/search?q=blimp")
    everything = world.operator.get("/search/zero-result-queries").body["items"]
    assert {z["query"] for z in everything} == {"zeppelin", "airship", "blimp"}
    mine = world.a.api.get("/search/zero-result-queries").body["items"]
    assert {(z["query"], z["in_shop"]) for z in mine} == {("zeppelin", True), ("blimp", False)}
    assert register("nobody@example.com").get("/search/zero-result-queries").status_code == 403
    assert Api().get("/search/zero-result-queries").status_code == 401
