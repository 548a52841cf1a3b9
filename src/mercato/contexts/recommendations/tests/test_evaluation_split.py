"""The evaluation command's honesty: a time split that never leaks, baselines that do what they say, clear errors."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from mercato.contexts.recommendations.modeling import BlendParams, evaluation
from mercato.contexts.recommendations.modeling.baselines import BASELINES
from mercato.contexts.recommendations.modeling.files import BadInputFile, read_interactions
from mercato.contexts.recommendations.modeling.table import InteractionTable, epoch_days

SPLIT = datetime(2026, 4, 1)
TINY = BlendParams(factors=8, iterations=4)


def synthetic(seed: int = 3) -> InteractionTable:
    """60 shoppers over 120 days: each re-orders one staple and samples a taste group; item 'hit' sells to all."""
    rng = random.Random(seed)
    users, items, days = [], [], []
    start = SPLIT - timedelta(days=90)
    for u in range(60):
        group = u % 3
        for week in range(17):
            moment = start + timedelta(days=7 * week + rng.random() * 3)
            basket = {f"staple{u % 10}", f"g{group}-{rng.randrange(8)}"} | ({"hit"} if rng.random() < 0.3 else set())
            for item in sorted(basket):
                users.append(f"u{u}")
                items.append(item)
                days.append(epoch_days(moment))
    return InteractionTable.from_columns(users, items, days, np.ones(len(users), dtype=np.float32))


def test_the_split_keeps_every_test_row_out_of_training() -> None:
    table = synthetic()
    split_day = epoch_days(SPLIT)
    train, test = evaluation.split(table, split_day)
    assert len(train) + len(test) == len(table) and len(train) > 0 and len(test) > 0
    assert float(train.day.max()) < split_day <= float(test.day.min())
    train_rows = set(zip(np.asarray(train.user_ids)[train.user], np.asarray(train.item_ids)[train.item],
                         train.day.tolist(), strict=True))
    test_rows = set(zip(np.asarray(test.user_ids)[test.user], np.asarray(test.item_ids)[test.item],
                        test.day.tolist(), strict=True))
    assert not train_rows & test_rows


def test_the_models_only_know_the_training_items_and_shoppers() -> None:
    table = synthetic()
    train, _ = evaluation.split(table, epoch_days(SPLIT))
    for fit in BASELINES.values():
        assert fit(train, epoch_days(SPLIT)).item_ids == train.item_ids


def test_baselines_rank_as_their_names_say() -> None:
    train, _ = evaluation.split(synthetic(), epoch_days(SPLIT))
    split_day = epoch_days(SPLIT)
    ranked = {name: [train.item_ids[j] for j in np.argsort(-fit(train, split_day).scores(["u4"])[0], kind="stable")]
              for name, fit in BASELINES.items()}
    assert ranked["most popular"][0] == "hit"
    assert ranked["repeat + popular"][0] == "staple4"  # u4's own weekly staple comes before the best seller
    assert ranked["item-kNN"][0].startswith(("g1-", "staple4", "hit"))
    knn_groups = [item for item in ranked["item-kNN"][:8] if item.startswith("g")]
    assert knn_groups and all(item.startswith("g1-") for item in knn_groups[:3])  # u4 is in taste group 1


def test_the_report_has_every_model_in_both_views_and_the_blend_uses_the_repeat_signal() -> None:
    report = evaluation.evaluate(synthetic(), epoch_days(SPLIT), 5, seed=1, params=TINY)
    assert [r.model for r in report.results] == [*BASELINES, "blend"]
    blend, repeat = report.result("blend").views, report.result("repeat + popular").views
    assert blend["all items"].ndcg >= 0.9 * repeat["all items"].ndcg
    assert blend["new items only"].ndcg > report.result("most popular").views["new items only"].ndcg
    for result in report.results:
        for view in evaluation.VIEWS:
            scores = result.views[view]
            assert 0.0 <= scores.recall <= 1.0 and 0.0 <= scores.ndcg <= 1.0 and 0.0 < scores.coverage <= 1.0


def test_the_same_seed_gives_the_same_figures() -> None:
    first = evaluation.evaluate(synthetic(), epoch_days(SPLIT), 5, seed=2, params=TINY)
    again = evaluation.evaluate(synthetic(), epoch_days(SPLIT), 5, seed=2, params=TINY)
    assert [r.views for r in first.results] == [r.views for r in again.results]


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("user_id,product,timestamp\nu1,i1,2026-01-01\n", encoding="utf-8")
    with pytest.raises(BadInputFile, match="missing column 'item_id'"):
        read_interactions(path)


def test_dates_and_moments_and_extra_columns_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("user_id,item_id,timestamp,weight,note\nu1,i1,2026-01-01,0.5,x\n"
                    "u2,i1,2026-01-02T10:00:00+08:00,,y\n", encoding="utf-8")
    table = read_interactions(path)
    assert table.user_ids == ("u1", "u2") and sorted(table.weight.tolist()) == [0.5, 1.0]


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real `mercato` command in a child process (contexts do not import the entrypoints)."""
    return subprocess.run([sys.executable, "-m", "mercato.entrypoints.cli", "recommendations", *argv],
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_command_exits_2_naming_the_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("user_id,item_id,when\nu1,i1,2026-01-01\n", encoding="utf-8")
    finished = run_cli("evaluate", "--interactions", str(path), "--split-date", "2026-01-01")
    assert finished.returncode == 2
    assert "missing column 'timestamp'" in finished.stderr


def test_the_command_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    table = synthetic()
    path, out = tmp_path / "events.csv", tmp_path / "report.json"
    lines = ["user_id,item_id,timestamp"] + [
        f"{table.user_ids[u]},{table.item_ids[i]},{datetime.fromtimestamp(d * 86400).isoformat()}"
        for u, i, d in zip(table.user.tolist(), table.item.tolist(), table.day.tolist(), strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    finished = run_cli("evaluate", "--interactions", str(path), "--split-date", "2026-04-01", "--k", "5",
                       "--json", str(out), "--param", "factors=8", "--param", "iterations=4")
    assert finished.returncode == 0, finished.stderr
    printed = finished.stdout
    assert "repeat + popular" in printed and "new items only" in printed and "NDCG@5" in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["k"] == 5 and figures["params"]["factors"] == 8
    assert {r["model"] for r in figures["results"]} == {*BASELINES, "blend"}


def test_the_demo_data_path_always_runs() -> None:
    finished = run_cli("evaluate", "--demo-scale", "small", "--k", "10", "--param", "factors=8")
    assert finished.returncode == 0, finished.stderr
    printed = finished.stdout
    assert "the demo data (small)" in printed and "blend" in printed and "item-kNN" in printed
