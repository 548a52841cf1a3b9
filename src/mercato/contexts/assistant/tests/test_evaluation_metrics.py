"""The evaluator: metrics checked by hand, the JSONL contract, the command's errors, answer-selection ranks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mercato.contexts.assistant.understanding.answer_selection import (
    RankingCase,
    first_correct_rank,
    random_ranking_expectation,
    ranking_scores,
    read_ecd,
)
from mercato.contexts.assistant.understanding.benchmark import LabelledSet, evaluate_set
from mercato.contexts.assistant.understanding.corpus import Utterance, UtteranceFileError, read_utterances
from mercato.contexts.assistant.understanding.evaluation import score_intents, worst_intents


def test_accuracy_and_macro_f1_on_a_case_computed_by_hand():
    gold = ["a", "a", "b", "b", "c"]
    predicted = ["a", "b", "b", "b", "a"]
    scores = score_intents(gold, predicted)
    # a: tp 1, 2 gold, 2 predicted → F1 0.5; b: tp 2, 2 gold, 3 predicted → 0.8; c: tp 0 → 0
    assert scores.accuracy == pytest.approx(3 / 5)
    assert scores.f1_by_intent == pytest.approx({"a": 0.5, "b": 0.8, "c": 0.0})
    assert scores.macro_f1 == pytest.approx(1.3 / 3)
    assert scores.confusions == {("a", "b"): 1, ("c", "a"): 1}
    worst = worst_intents(scores)
    assert [w.intent for w in worst] == ["c", "a", "b"]
    assert worst[0].mistaken_for == (("a", 1),)


def test_an_intent_only_the_model_invents_counts_in_macro_f1():
    scores = score_intents(["a", "a"], ["a", "z"])
    assert scores.f1_by_intent == pytest.approx({"a": 2 / 3, "z": 0.0})
    assert scores.macro_f1 == pytest.approx(1 / 3)


def test_a_row_without_intent_is_refused_with_the_field_named(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text('{"text": "hi", "intent": "greeting"}\n{"text": "where is it"}\n', encoding="utf-8")
    with pytest.raises(UtteranceFileError, match=r'u.jsonl:2: missing field "intent"'):
        read_utterances(path)


def test_extra_fields_are_ignored_and_the_language_is_detected_when_absent(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text('{"text": "退款", "intent": "get_refund", "source": "x"}\n', encoding="utf-8")
    assert [(u.text, u.intent, u.lang) for u in read_utterances(path)] == [("退款", "get_refund", "zh")]


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    """The real `mercato` command in a child process (contexts do not import the entrypoints)."""
    return subprocess.run([sys.executable, "-m", "mercato.entrypoints.cli", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_command_exits_2_naming_the_missing_field(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text('{"intent": "greeting"}\n', encoding="utf-8")
    finished = run_command("assistant", "evaluate", "--utterances", str(path))
    assert finished.returncode == 2
    assert 'missing field "text"' in finished.stderr


def test_convert_bitext_refuses_a_csv_without_the_instruction_column(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("text,intent\nhi,greeting\n", encoding="utf-8")
    finished = run_command("assistant", "convert-bitext", "--input", str(path), "--output-dir", str(tmp_path))
    assert finished.returncode == 2
    assert "instruction" in finished.stderr


def test_the_correct_candidates_rank_counts_ties_against_the_ranker():
    assert first_correct_rank([0.1, 0.9, 0.5], frozenset({1})) == 1
    assert first_correct_rank([0.5, 0.9, 0.5], frozenset({2})) == 3
    assert first_correct_rank([0.2, 0.2], frozenset({0, 1})) == 1


def test_ranking_metrics_on_a_case_computed_by_hand():
    scores = ranking_scores([1, 2, 4, 10], resamples=50)
    assert scores.recall_at == pytest.approx({1: 0.25, 2: 0.5, 5: 0.75})
    assert scores.mrr == pytest.approx((1 + 0.5 + 0.25 + 0.1) / 4)
    low, high = scores.intervals["MRR"]
    assert low <= scores.mrr <= high
    assert random_ranking_expectation()["MRR"] == pytest.approx(0.2929, abs=1e-4)


def test_ecd_rows_group_into_contexts(tmp_path):
    path = tmp_path / "ecd.tsv"
    path.write_text("1\t在 吗\t亲 在 的\n0\t在 吗\t发 顺丰\n1\t好 的\t谢谢\n0\t好 的\t不 客气\n", encoding="utf-8")
    cases = read_ecd(path)
    assert cases == [
        RankingCase(context=(("在", "吗"),), candidates=(("亲", "在", "的"), ("发", "顺丰")), correct=frozenset({0})),
        RankingCase(context=(("好", "的"),), candidates=(("谢谢",), ("不", "客气")), correct=frozenset({0})),
    ]


def test_a_set_is_reported_overall_per_language_and_on_unseen_texts():
    rows = (Utterance("cancel my order", "cancel_order", "en"), Utterance("我要退款", "get_refund", "zh"),
            Utterance("where is it", "track_order", "en"))
    models = {"echo": lambda texts: ["cancel_order" if "cancel" in t else "get_refund" for t in texts]}
    result = evaluate_set(LabelledSet("tiny", rows), models, trained_texts={"我要退款"})
    entry = result["models"]["echo"]
    assert (result["count"], result["unseen_count"]) == (3, 2)
    assert entry["all"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert entry["en"]["accuracy"] == 0.5 and entry["zh"]["accuracy"] == 1.0
    assert entry["unseen_text"]["accuracy"] == 0.5
    assert entry["worst_intents"][0]["intent"] == "track_order"
