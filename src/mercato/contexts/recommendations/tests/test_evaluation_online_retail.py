"""The Online Retail converter's rules, and the whole evaluation on a slice of the real file when it is present."""

from __future__ import annotations

import csv
import lzma
from datetime import datetime
from pathlib import Path

import pytest

from mercato.contexts.recommendations.modeling import BlendParams, evaluation
from mercato.contexts.recommendations.modeling.files import read_interactions, read_item_texts
from mercato.contexts.recommendations.modeling.online_retail import convert
from mercato.contexts.recommendations.modeling.table import epoch_days

# repo root is parents[5]; the shared data sits beside it
ONLINE_RETAIL = Path(__file__).resolve().parents[5] / ".." / "shared" / "data" / "online_retail_uci" / \
    "online_retail.csv.xz"
HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


def test_only_kept_product_purchases_by_known_customers_are_converted(tmp_path: Path) -> None:
    source = tmp_path / "lines.csv"
    source.write_text(HEADER + "\n".join([
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-01 08:26:00,2.55,17850,United Kingdom",
        "536366,85123A,CREAM HANGING HEART T-LIGHT HOLDER,1,2010-12-02 09:00:00,2.55,17851,United Kingdom",
        "536367,22752,SET 7 BABUSHKA NESTING BOXES,2,2010-12-01 08:28:00,7.65,,United Kingdom",
        "C536379,22752,SET 7 BABUSHKA NESTING BOXES,-1,2010-12-01 09:41:00,7.65,17850,United Kingdom",
        "536368,22752,SET 7 BABUSHKA NESTING BOXES,-3,2010-12-01 09:45:00,7.65,17850,United Kingdom",
        "536369,POST,POSTAGE,1,2010-12-01 10:00:00,18.00,17850,France",
        "536369,BANK CHARGES,Bank Charges,1,2010-12-01 10:00:00,15.00,17850,France",
        "536369,gift_0001_20,Dotcomgiftshop Gift Voucher,1,2010-12-01 10:00:00,17.00,17850,France",
        "536370,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,2010-12-03 08:26:00,4.25,17850.0,United Kingdom",
    ]) + "\n", encoding="utf-8")
    out, items = tmp_path / "purchases.csv", tmp_path / "items.csv"
    done = convert(source, out, items)
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["user_id"], r["item_id"], r["timestamp"], r["weight"]) for r in rows] == [
        ("17850", "85123A", "2010-12-01T08:26:00", "1"),  # two lines of one invoice are one purchase
        ("17851", "85123A", "2010-12-02T09:00:00", "1"),
        ("17850", "21730", "2010-12-03T08:26:00", "1"),
    ]
    assert (done.purchases, done.customers, done.items) == (3, 2, 2)
    texts = read_item_texts(items)
    assert texts["85123A"] == "WHITE HANGING HEART T-LIGHT HOLDER"  # the commonest description
    assert "POST" not in texts and "22752" in texts  # a product's text is kept even if no usable purchase


def test_a_slice_of_the_real_data_beats_popularity_and_keeps_repeat_buyers_happy(tmp_path: Path) -> None:
    if not ONLINE_RETAIL.exists():
        pytest.skip(f"{ONLINE_RETAIL} is absent (fresh clone without ../shared)")
    sliced = tmp_path / "slice.csv"
    with lzma.open(ONLINE_RETAIL, "rt", encoding="utf-8") as source, sliced.open("w", encoding="utf-8") as out:
        out.write(source.readline())
        for line in source:  # customers whose id ends in 1: a tenth of the shop, every line they bought
            if line.rsplit(",", 2)[1].endswith("1"):
                out.write(line)
    purchases, items = tmp_path / "purchases.csv", tmp_path / "items.csv"
    done = convert(sliced, purchases, items)
    assert 300 < done.customers < 600
    table = read_interactions(purchases)
    table = table.before(epoch_days(datetime(2011, 11, 1)))
    report = evaluation.evaluate(table, epoch_days(datetime(2011, 9, 1)), 20, seed=0,
                                 item_texts=read_item_texts(items), params=BlendParams(factors=16, iterations=6))
    ndcg = {r.model: r.views for r in report.results}
    assert ndcg["repeat + popular"]["all items"].ndcg > ndcg["most popular"]["all items"].ndcg  # repeat-heavy shop
    assert ndcg["blend"]["all items"].ndcg > ndcg["repeat + popular"]["all items"].ndcg
    assert ndcg["blend"]["new items only"].ndcg > ndcg["most popular"]["new items only"].ndcg
