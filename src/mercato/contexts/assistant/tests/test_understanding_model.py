"""The intent model: the intents list, the shipped model's interface, determinism and an accuracy floor."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from mercato.contexts.assistant.understanding import BITEXT_INTENTS, INTENTS, Understanding, shipped_model, understand
from mercato.contexts.assistant.understanding.corpus import (
    DATA_DIR,
    OWN_DEV,
    OWN_TEST,
    OWN_TRAINING,
    bitext_split,
    own_utterances,
    read_bitext_csv,
)
from mercato.contexts.assistant.understanding.intents import OUT_OF_SCOPE
from mercato.contexts.assistant.understanding.model import IntentModel

BITEXT_CSV = (Path(__file__).resolve().parents[5] / ".." / "shared" / "data" / "bitext_customer_support_en"
              / "Bitext_Sample_Customer_Support_Training_Dataset.csv")


def test_the_intents_are_bitexts_27_as_listed_in_the_shared_csv():
    if not BITEXT_CSV.exists():
        pytest.skip(f"{BITEXT_CSV} is absent (fresh clone without ../shared)")
    with BITEXT_CSV.open(encoding="utf-8") as handle:
        names = {row["intent"] for row in csv.DictReader(handle)}
    assert set(BITEXT_INTENTS) == names and len(BITEXT_INTENTS) == 27


def test_the_shipped_bitext_copy_is_the_shared_one():
    if not BITEXT_CSV.exists():
        pytest.skip(f"{BITEXT_CSV} is absent (fresh clone without ../shared)")
    with BITEXT_CSV.open(encoding="utf-8") as handle:
        shared = [(r["instruction"].strip(), r["intent"]) for r in csv.DictReader(handle)]
    assert [(u.text, u.intent) for u in read_bitext_csv()] == shared


def test_every_shipped_corpus_uses_only_known_intents_and_covers_them_all():
    for name in (*OWN_DEV, *OWN_TEST):
        assert {u.intent for u in own_utterances([name])} == set(INTENTS), name
    assert {u.intent for u in own_utterances(OWN_TRAINING)} == {*INTENTS, OUT_OF_SCOPE}
    assert OUT_OF_SCOPE not in INTENTS


def test_no_training_text_is_a_test_or_development_text_bar_closed_class_dialogue_words():
    held_out = {u.text.lower(): u.intent for u in own_utterances((*OWN_DEV, *OWN_TEST))}
    shared = {u.text.lower() for u in own_utterances(OWN_TRAINING) if u.text.lower() in held_out}
    assert {held_out[text] for text in shared} <= {"affirm", "deny", "greeting", "thanks"}


@pytest.mark.parametrize("text", ["tell me a joke", "今天天气怎么样呀", "who won the game last night", "你们老板是谁"])
def test_chit_chat_gets_a_low_confidence_instead_of_a_confident_guess(text):
    result = understand(text)
    assert result.intent in INTENTS and result.confidence < 0.2


def test_a_bare_order_number_is_an_entity_not_an_intent():
    result = understand("202603061234567890")
    assert result.confidence < 0.2
    assert [(e.kind, e.value) for e in result.entities] == [("order_number", "202603061234567890")]


def test_the_bitext_split_is_fixed_deduplicated_and_disjoint():
    split = bitext_split(read_bitext_csv())
    parts = [{u.text.lower() for u in part} for part in (split.train, split.dev, split.test)]
    assert (len(split.train), len(split.dev), len(split.test)) == (3114, 668, 666)
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    assert bitext_split(read_bitext_csv()) == split


def test_training_is_deterministic():
    train = bitext_split(read_bitext_csv()).train
    rows = [u for u in train if u.intent == "cancel_order"][:40] + [u for u in train if u.intent == "track_order"][:40]
    first, second = IntentModel(rows), IntentModel(rows)
    texts = ["cancel my order", "where is my parcel", "hmm"]
    assert [first.rank(t) for t in texts] == [second.rank(t) for t in texts]


def test_understand_answers_with_the_agreed_shape():
    result = understand("我要取消订单202603061234567890")
    assert isinstance(result, Understanding)
    assert result.intent == "cancel_order" and result.lang == "zh"
    assert 0.0 < result.confidence <= 1.0
    assert len(result.alternatives) == 3
    assert all(result.confidence >= p for _, p in result.alternatives)
    assert [e.kind for e in result.entities] == ["order_number"]
    assert understand("我要取消订单202603061234567890") == result


@pytest.mark.parametrize(("text", "intent"), [
    ("yes please", "affirm"), ("不用了", "deny"), ("hi", "greeting"), ("谢谢", "thanks"),
    ("I want to return these shoes", "start_return"), ("这款耳机防水吗", "product_question"),
])
def test_dialogue_and_mercato_intents_are_recognised(text, intent):
    assert understand(text).intent == intent


def test_a_slice_of_the_development_sets_stays_above_a_floor():
    """A smoke floor, not the benchmark: every third development row (never a test row)."""
    rows = own_utterances(OWN_DEV)[::3]
    hits = sum(understand(u.text).intent == u.intent for u in rows)
    assert hits / len(rows) >= 0.85, hits / len(rows)


def test_data_files_sit_in_the_package():
    assert (DATA_DIR / "bitext_customer_support.csv.xz").exists()
    assert (DATA_DIR / "LICENSE_CDLA-Sharing-1.0.txt").exists()


def test_the_single_message_path_gives_scikit_learns_margins():
    model = shipped_model()
    texts = [u.text for u in own_utterances(OWN_DEV)[::7]] + ["", "!!!", "qzxv"]
    batch = model.margins(texts)
    single = np.array([model._single.margins(t) for t in texts])
    assert np.allclose(batch, single, atol=1e-5)
