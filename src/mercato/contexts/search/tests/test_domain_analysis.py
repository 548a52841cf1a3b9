"""Text analysis without a database: segmentation with the catalogue dictionary, stemming, normalisation,
query plans in both engines' syntax, spelling, ranking metrics."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.search.domain.analysis import (
    Segmenter,
    bigrams,
    dictionary_terms,
    index_tokens,
    normalise,
    prefix_token,
    query_words,
)
from mercato.contexts.search.domain.metrics import ndcg_at, recall_at
from mercato.contexts.search.domain.query_plan import QueryPlan, TermGroup, as_fts5, as_tsquery, relaxations
from mercato.contexts.search.domain.spelling import best_correction, edit_distance, similarity

SEGMENTER = Segmenter()
SEGMENTER.add_words(["漫步者", "真无线降噪耳机"])


def test_full_width_and_case_fold_to_plain_lower_case():
    assert normalise("ＡＢＣ１２３ Xiaomi") == "abc123 xiaomi"


def test_english_words_are_stemmed_and_model_names_kept_whole():
    assert index_tokens("Running shoes, WH-1000XM5 5G", SEGMENTER) == ["run", "shoe", "wh", "1000xm5", "5g"]


def test_a_dictionary_term_stays_whole_and_its_parts_and_bigrams_are_indexed_too():
    tokens = index_tokens("漫步者真无线降噪耳机", SEGMENTER)
    assert "漫步者" in tokens and "真无线降噪耳机" in tokens
    assert {"降噪", "耳机"} <= set(tokens)


def test_unknown_chinese_falls_back_to_characters_joined_again():
    assert query_words("白茶", SEGMENTER) == ["白茶"]
    assert bigrams("男子连帽卫衣")[-1] == "卫衣" and bigrams("卫衣") == []


def test_dictionary_terms_come_from_space_separated_chinese_chunks():
    terms = dictionary_terms(["漫步者 W820NB 头戴式蓝牙耳机 套装", "华为"])
    assert terms == {"漫步者", "头戴式蓝牙耳机", "套装", "华为"}


def test_a_half_typed_word_is_a_prefix_of_its_stem():
    assert prefix_token("batter") == "batter" and prefix_token("cancell") == "cancel"


PLAN = QueryPlan((TermGroup("phone", (("phone",), ("mobil", "phone"))), TermGroup("xiao", (("xiao",),), prefix=True)))


def test_plans_in_fts5_and_tsquery_syntax():
    assert as_fts5(PLAN) == '("phone" OR ("mobil" AND "phone")) AND "xiao" *'
    assert as_tsquery(PLAN) == "('phone' | ('mobil' & 'phone')) & 'xiao':*"


def test_quotes_cannot_break_out_of_a_token():
    evil = QueryPlan((TermGroup('a"b', (('a"b',),)), TermGroup("c'd", (("c'd",),))))
    assert as_fts5(evil) == '"a""b" AND "c\'d"' and as_tsquery(evil) == "'a\"b' & 'c''d'"


def test_relaxing_drops_a_word_then_accepts_any_word():
    looser = relaxations(PLAN)
    assert [p.words() for p in looser] == [["phone"], ["xiao"], ["phone", "xiao"]]
    assert looser[-1].require_all is False and relaxations(QueryPlan(PLAN.groups[:1])) == []


def test_spelling_prefers_the_closest_frequent_word():
    assert best_correction("headphnes", [("headphones", 10), ("headband", 50)]) == "headphones"
    assert best_correction("laptp", [("lamp", 99), ("laptop", 3)]) == "laptop"
    assert best_correction("zzzz", [("laptop", 3)]) is None
    assert edit_distance("keybaord", "keyboard") == 1 and similarity("abc", "abc") == 1.0


@given(st.text(alphabet="abcdefgh", min_size=1, max_size=8), st.text(alphabet="abcdefgh", min_size=1, max_size=8))
def test_edit_distance_is_a_symmetric_measure(a, b):
    assert edit_distance(a, b) == edit_distance(b, a) and (edit_distance(a, b) == 0) == (a == b)


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    judged = {"a": 3, "b": 1}
    assert ndcg_at(10, ["a", "b"], judged) == 1.0
    assert 0 < ndcg_at(10, ["x", "b", "a"], judged) < 1
    assert recall_at(10, ["a", "x"], judged) == 0.5 and ndcg_at(10, ["a"], {}) == 0.0
