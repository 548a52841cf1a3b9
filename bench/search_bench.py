#!/usr/bin/env python
"""Search latency at 100k products, for each engine. It prints numbers; it never asserts timings.

    .venv/bin/python bench/search_bench.py [--products 100000] [--rounds 10] [--rebuild]

SQLite (FTS5) always runs, on a scratch file under $TMPDIR; PostgreSQL (tsvector + pg_trgm) runs too when
DATABASE_URL points at PostgreSQL (use a scratch database: the bench writes its products into the search
tables there). Synthetic products (brands, product nouns, models, editions and features in zh and en, 40
categories, 60 shops, log-normal prices) go straight into the index tables through the same text analysis the
indexer uses, not through the catalogue. A fixed mix of queries (Chinese, English, two words, typos, filters,
price sort, a zero-result query, autocomplete) then runs `rounds` times through the search selector (planner,
engine match, page with total, facet counts: what GET /api/v1/search does apart from HTTP).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRANDS = [("华为", "HUAWEI"), ("小米", "Xiaomi"), ("联想", "Lenovo"), ("索尼", "Sony"), ("美的", "Midea"),
          ("李宁", "Li-Ning"), ("安踏", "ANTA"), ("优衣库", "UNIQLO"), ("苏泊尔", "SUPOR"), ("戴森", "Dyson"),
          ("漫步者", "Edifier"), ("九阳", "Joyoung"), ("罗技", "Logitech"), ("乐高", "LEGO"), ("迪卡侬", "Decathlon"),
          ("珀莱雅", "PROYA"), ("三只松鼠", "Three Squirrels"), ("波司登", "Bosideng"), ("格力", "Gree"),
          ("雅马哈", "YAMAHA")]
NOUNS = [("手机", "phone"), ("降噪耳机", "ANC headphones"), ("蓝牙音箱", "Bluetooth speaker"),
         ("智能手表", "smartwatch"), ("笔记本电脑", "laptop"), ("机械键盘", "mechanical keyboard"),
         ("无线鼠标", "wireless mouse"), ("空气炸锅", "air fryer"), ("电饭煲", "rice cooker"),
         ("吸尘器", "vacuum cleaner"), ("吹风机", "hair dryer"), ("保温杯", "vacuum flask"), ("炒锅", "wok"),
         ("跑步鞋", "running shoes"), ("羽绒服", "down jacket"), ("连帽卫衣", "hoodie"), ("牛仔裤", "jeans"),
         ("精华液", "serum"), ("口红", "lipstick"), ("坚果礼盒", "nut gift box"), ("积木", "building blocks"),
         ("瑜伽垫", "yoga mat"), ("帐篷", "tent"), ("落地扇", "standing fan"), ("尤克里里", "ukulele")]
EDITIONS = [("", ""), ("2025款", "2025 model"), ("旗舰版", "flagship edition"), ("套装", "bundle"),
            ("限定版", "limited edition"), ("升级款", "upgraded model")]
FEATURES = [("轻薄便携", "light and portable"), ("长续航", "long battery life"), ("静音设计", "quiet design"),
            ("两年质保", "two-year warranty"), ("快充", "fast charging"), ("防水", "waterproof"),
            ("纯棉", "pure cotton"), ("食品级材质", "food-grade materials"), ("智能控制", "smart control")]
COLOURS = ["曜石黑 / Obsidian Black", "星沙白 / Star White", "冰川蓝 / Glacier Blue", "松柏绿 / Pine Green"]
MIX = [  # (label, query text, filters)
    ("zh one word", "手机", {}), ("zh one word", "耳机", {}), ("zh two words", "华为 手机", {}),
    ("zh brand+noun", "小米空气炸锅", {}), ("zh bigram fallback", "卫衣", {}),
    ("en one word", "laptop", {}), ("en one word", "headphones", {}), ("en two words", "wireless mouse", {}),
    ("en brand+noun", "sony speaker", {}), ("typo", "headphnes", {}), ("typo", "keybord", {}),
    ("filters", "phone", {"min_price": Decimal(1000), "max_price": Decimal(3000), "in_stock": True}),
    ("category browse", "", {"category": "bench-cat-03"}), ("price sort", "running shoes", {"sort": "price_asc"}),
    ("sales sort", "jacket", {"sort": "sales"}), ("zero result", "zeppelin airship", {}),
]
SUGGEST = ["hea", "华为", "lapt", "小米 空"]


def setup(database_url: str) -> None:
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="mercato.config.settings.test",
                      MERCATO_SECRET_KEY="search-bench-secret-key-0123456789abcdef")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _analysed_parts() -> dict[str, object]:
    """Each vocabulary piece analysed once (a title's tokens are its pieces' tokens)."""
    from mercato.contexts.search.segmentation import dictionary_add, segmenter

    dictionary_add({zh for zh, _ in BRANDS} | {zh for zh, _ in NOUNS})
    seg = segmenter()
    from mercato.contexts.search.domain.analysis import words

    pieces = [*BRANDS, *NOUNS, *EDITIONS, *FEATURES, *((c, "") for c in COLOURS)]
    return {f"{zh}|{en}": words(f"{zh} {en}", seg) for zh, en in pieces}


def build(count: int) -> None:
    from django.db import connection, transaction

    from mercato.contexts.search.domain.analysis import bigrams, token_of
    from mercato.contexts.search.engines import TokenRow, engine
    from mercato.contexts.search.models import IndexedCategory, IndexedProduct, SearchTerm
    from mercato.contexts.search.read_cache import forget_all

    def tokens(surface: list[str]) -> str:
        return " ".join([token_of(w) for w in surface] + [b for w in surface for b in bigrams(w)])

    rng = random.Random(20261107)
    parts = _analysed_parts()
    started = time.perf_counter()
    with transaction.atomic():
        engine().clear()
        IndexedProduct.objects.all().delete()
        IndexedCategory.objects.all().delete()
        SearchTerm.objects.all().delete()
        IndexedCategory.objects.bulk_create(
            [IndexedCategory(id=f"bench_root{r}", slug=f"bench-root-{r}", name={"en": f"Root {r}"}) for r in range(8)]
            + [IndexedCategory(id=f"bench_cat{c:02d}", slug=f"bench-cat-{c:02d}", name={"en": f"Category {c}"},
                               parent_id=f"bench_root{c % 8}") for c in range(40)])
        vocabulary: Counter[str] = Counter()
        now = datetime.now(UTC)
        for start in range(0, count, 5000):
            rows, texts = [], []
            for i in range(start, min(start + 5000, count)):
                brand, noun, edition = rng.choice(BRANDS), rng.choice(NOUNS), rng.choice(EDITIONS)
                model = f"{rng.choice('ABCDEFGHKMPSTX')}{rng.randint(1, 99)}"
                price = Decimal(str(round(rng.lognormvariate(5.5, 1.2), 0) or 1)) - Decimal("0.10")
                category = NOUNS.index(noun) % 40
                title_words = parts[f"{brand[0]}|{brand[1]}"] + [model.lower()] + parts[f"{noun[0]}|{noun[1]}"] \
                    + parts[f"{edition[0]}|{edition[1]}"]
                body_words = [w for f in rng.sample(FEATURES, 3) for w in parts[f"{f[0]}|{f[1]}"]] \
                    + parts[f"{rng.choice(COLOURS)}|"]
                shop = f"Shop {i % 60}"
                rows.append(IndexedProduct(
                    product_id=f"bench_{i:07d}", merchant_id=f"mer_bench{i % 60:02d}", merchant_name=shop,
                    category_id=f"bench_cat{category:02d}",
                    category_path=f"/bench_root{category % 8}/bench_cat{category:02d}/",
                    title={"zh-Hans": f"{brand[0]} {model} {noun[0]} {edition[0]}".strip(),
                           "en": f"{brand[1]} {model} {noun[1]} {edition[1]}".strip()},
                    cheapest_variant_id=f"var_bench{i:07d}", min_price=price, max_price=price * 2, currency="CNY",
                    in_stock=rng.random() < 0.85, sales=int(rng.paretovariate(1.2)) - 1,
                    created_at=now - timedelta(minutes=i), visible=True, indexed_at=now))
                texts.append((title_words, ["shop", str(i % 60)], body_words))
                vocabulary.update(set(title_words + body_words))
            IndexedProduct.objects.bulk_create(rows, batch_size=1000)
            ids = dict(IndexedProduct.objects.filter(product_id__in=[r.product_id for r in rows])
                       .values_list("product_id", "doc_id"))
            engine().write([TokenRow(doc_id=ids[r.product_id], title=tokens(t), labels=tokens(lab), body=tokens(b))
                            for r, (t, lab, b) in zip(rows, texts, strict=True)])
        SearchTerm.objects.bulk_create([SearchTerm(term=t, documents=n) for t, n in vocabulary.items()
                                        if len(t) <= 64], batch_size=2000)
        engine().add_vocabulary([t for t in vocabulary if len(t) <= 64])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_indexedproduct")
            cursor.execute("ANALYZE search_searchterm")
    forget_all()
    print(f"  built {count:,} products in {time.perf_counter() - started:.1f} s")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def measure(rounds: int) -> None:
    from mercato.contexts.search import public as search
    from mercato.contexts.search.models import IndexedProduct

    print(f"  index: {IndexedProduct.objects.count():,} products, engine {search.search(search.SearchQuery()).engine}")
    for _label, text, filters in MIX:  # warm: the segmenter, the caches, the database's pages
        search.search(search.SearchQuery(text=text, **filters))
    by_label: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for _ in range(rounds):
        for label, text, filters in MIX:
            started = time.perf_counter()
            result = search.search(search.SearchQuery(text=text, **filters))
            by_label.setdefault(label, []).append((time.perf_counter() - started) * 1000)
            totals[text] = result.total
        for text in SUGGEST:
            started = time.perf_counter()
            search.suggest(text)
            by_label.setdefault("autocomplete", []).append((time.perf_counter() - started) * 1000)
    every = [ms for label, samples in by_label.items() if label != "autocomplete" for ms in samples]
    print(f"  {'query class':22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for label, samples in [*by_label.items(), ("ALL SEARCHES", every)]:
        print(f"  {label:22} {len(samples):5d} {statistics.median(samples):8.1f} {percentile(samples, 95):8.1f} "
              f"{percentile(samples, 99):8.1f}")
    print("  matches per query: " + ", ".join(f"{t or '(browse)'}={n}" for t, n in totals.items()))


def child(args: argparse.Namespace) -> int:
    setup(args.database_url)
    from mercato.contexts.search.models import IndexedProduct

    have = IndexedProduct.objects.filter(product_id__startswith="bench_").count()
    if args.rebuild or have != args.products or IndexedProduct.objects.count() != have:
        build(args.products)
    else:
        print(f"  reusing the index of {have:,} bench products (--rebuild to build again)")
    measure(args.rounds)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # set by the parent for each engine
    args = parser.parse_args()
    if args.database_url:
        return child(args)
    targets = [("SQLite FTS5", f"sqlite:///{Path(tempfile.gettempdir()) / 'mercato_search_bench.sqlite3'}")]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        targets.append(("PostgreSQL full-text + pg_trgm", os.environ["DATABASE_URL"]))
    for name, url in targets:
        print(f"{name} ({url.split('@')[-1]})")
        command = [sys.executable, __file__, "--database-url", url, "--products", str(args.products),
                   "--rounds", str(args.rounds)] + (["--rebuild"] if args.rebuild else [])
        done = subprocess.run(command, check=False)
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
