#!/usr/bin/env python
"""Recommendation serving at catalogue scale: latency of each placement. Prints numbers; asserts nothing.

    .venv/bin/python bench/recommendations_serving_bench.py [--items 100000] [--requests 1000] [--keep] [--reuse]

Re-creates the scratch PostgreSQL database `mercato_bench_recs` (dropped at the end unless --keep) and fills it
the way the training job would leave it at scale, without training (serving never trains): `--items` variants
(one per product, 10% out of stock) of 50 merchants in 200 categories; a candidate list of 20 similar and 20
bought-together items for every variant, 50 items for each of 2,000 shoppers, 100 popular items; 5 recent views
for each shopper and 3 for each of 5,000 anonymous sessions. It then times, per placement, `--requests` calls
of `recommend()` (the service the API and the pages call: the switch, recent views, candidate lists, the
catalogue's summaries, re-ranking, reasons) for random viewers and variants, and the same through the HTTP
stack in-process (Django test client: middleware, routing, auth, JSON), reporting p50/p95/p99 in milliseconds
the CPU milliseconds of this process per request and the SQL queries per request, next to the floor of one
`SELECT 1` round trip (the machine's load shows there first). `--keep` leaves the database for `--reuse`.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from scratch_database import percentile, recreate_database, setup_django

DB_NAME = "mercato_bench_recs"
MERCHANTS, CATEGORIES, USERS, SESSIONS = 50, 200, 2000, 5000
NOW = datetime.now(UTC)


def seed_catalogue(items: int, rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """Variants (one per product) and each variant's category."""
    from mercato.contexts.catalog.models import Category, Product, Variant
    from mercato.contexts.merchants.models import Merchant

    merchants = [Merchant(name=f"Shop {m}", contact_email=f"shop{m}@example.com", business_license=f"LIC{m:04d}",
                          status="active", created_at=NOW, status_changed_at=NOW) for m in range(MERCHANTS)]
    Merchant.objects.bulk_create(merchants)
    categories = [Category(slug=f"cat-{c}", name={"zh-Hans": f"类目 {c}", "en": f"Category {c}"}, position=c)
                  for c in range(CATEGORIES)]
    Category.objects.bulk_create(categories)
    variant_ids, category_of = [], {}
    for start in range(0, items, 5000):
        products, variants = [], []
        for n in range(start, min(items, start + 5000)):
            category, merchant = categories[rng.randrange(CATEGORIES)], merchants[rng.randrange(MERCHANTS)]
            price = Decimal(rng.randrange(100, 100_000)) / 100
            product = Product(merchant=merchant, category=category, title={"zh-Hans": f"商品 {n}", "en": f"Item {n}"},
                              description={"zh-Hans": "", "en": ""}, merchant_active=True, min_price=price,
                              created_at=NOW, updated_at=NOW)
            products.append(product)
            variants.append(Variant(product=product, merchant=merchant, sku=f"SKU-{n}", price_amount=price,
                                    currency="CNY", available=0 if rng.random() < 0.1 else rng.randrange(1, 500)))
        Product.objects.bulk_create(products)
        Variant.objects.bulk_create(variants)
        for v, p in zip(variants, products, strict=True):
            variant_ids.append(v.id)
            category_of[v.id] = p.category_id
    return variant_ids, category_of


def _neighbours(item: str, by_category: dict[str, list[str]], category_of: dict[str, str], variant_ids: list[str],
                rng: random.Random, reason: str) -> list[list[object]]:
    """20 neighbours, most from the item's own category (as real similarity lists are)."""
    same = by_category[category_of[item]]
    chosen = {rng.choice(same) for _ in range(14)} | {rng.choice(variant_ids) for _ in range(6)}
    chosen.discard(item)
    return [[other, round(1 - k / 40, 4), reason, item] for k, other in enumerate(sorted(chosen))]


def seed_candidates(variant_ids: list[str], category_of: dict[str, str], rng: random.Random) -> list[str]:
    from mercato.contexts.recommendations.models import Candidate, TrainingRun

    run = TrainingRun.objects.create(started_at=NOW, finished_at=NOW, as_of=NOW)
    by_category: dict[str, list[str]] = {}
    for vid, cid in category_of.items():
        by_category.setdefault(cid, []).append(vid)
    rows = [Candidate(kind="popular", key="", run=run, items=[[v, 1 - k / 200, "popular", None] for k, v in
                                                              enumerate(rng.sample(variant_ids, 100))])]
    users = [f"usr_bench{u:06d}" for u in range(USERS)]
    rows += [Candidate(kind="user", key=u, run=run, items=[[v, 1 - k / 100, rng.choice(
        ["bought_before", "similar_shoppers", "also_chosen", "trending"]), None] for k, v in
        enumerate(rng.sample(variant_ids, 50))]) for u in users]
    for start in range(0, len(variant_ids), 2000):
        chunk = rows + [Candidate(kind=kind, key=v, run=run, items=_neighbours(v, by_category, category_of,
                                                                             variant_ids, rng, reason))
                        for v in variant_ids[start:start + 2000]
                        for kind, reason in (("similar", "also_chosen"), ("together", "bought_together"))]
        Candidate.objects.bulk_create(chunk, batch_size=1000)
        rows = []
    return users


def seed_behaviour(variant_ids: list[str], users: list[str], rng: random.Random) -> list[str]:
    from mercato.contexts.recommendations.domain.viewers import session_digest
    from mercato.contexts.recommendations.models import BehaviourEvent

    sessions = [f"bench-session-{s:08d}" for s in range(SESSIONS)]
    events = [BehaviourEvent(kind="view", user_id=u, variant_id=rng.choice(variant_ids),
                             at=NOW - timedelta(minutes=rng.randrange(1, 600))) for u in users for _ in range(5)]
    events += [BehaviourEvent(kind="view", session_key=session_digest(s), variant_id=rng.choice(variant_ids),
                              at=NOW - timedelta(minutes=rng.randrange(1, 60))) for s in sessions for _ in range(3)]
    BehaviourEvent.objects.bulk_create(events, batch_size=5000)
    return sessions


def timed(calls: int, one: Callable[[int], object]) -> tuple[list[float], float, float]:
    """Milliseconds per call, the SQL queries of a call (the mean over the first 20) and this process's CPU
    milliseconds per call (the database server's work is not in it: that is the rest of the wall time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for n in range(20):
            one(n)
    queries = len(captured) / 20
    durations = []
    cpu_started = time.process_time()
    for n in range(calls):
        started = time.perf_counter()
        one(n)
        durations.append((time.perf_counter() - started) * 1000)
    return durations, queries, (time.process_time() - cpu_started) * 1000 / calls


def report(label: str, durations: list[float], queries: float, cpu_ms: float) -> None:
    print(f"| {label} | {len(durations)} | {percentile(durations, 50):.2f} | {percentile(durations, 95):.2f} | "
          f"{percentile(durations, 99):.2f} | {cpu_ms:.2f} | {queries:.1f} |")


def round_trip(n: int) -> None:
    """The floor: one trivial query, what any request pays per round trip on this machine right now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def measure(variant_ids: list[str], users: list[str], sessions: list[str], requests: int,
            rng: random.Random) -> None:
    from django.test import Client

    from mercato.contexts.recommendations.domain.viewers import session_digest
    from mercato.contexts.recommendations.public import PlacementRequest, Viewer, recommend

    page_items = [rng.choice(variant_ids) for _ in range(requests + 20)]
    people = [Viewer(user_id=rng.choice(users)) for _ in range(requests + 20)]
    visitors = [rng.choice(sessions) for _ in range(requests + 20)]
    cases: list[tuple[str, Callable[[int], object]]] = [
        ("(floor) one SELECT 1 round trip", round_trip),
        ("for-you, signed-in shopper", lambda n: recommend([PlacementRequest("for-you")], people[n])),
        ("for-you, anonymous session", lambda n: recommend([PlacementRequest("for-you")],
                                                           Viewer(session=session_digest(visitors[n])))),
        ("daily-picks, signed-in shopper", lambda n: recommend([PlacementRequest("daily-picks")], people[n])),
        ("similar", lambda n: recommend([PlacementRequest("similar", variant_ids=(page_items[n],))], Viewer())),
        ("bought-together", lambda n: recommend([PlacementRequest("bought-together",
                                                                  variant_ids=(page_items[n],))], Viewer())),
        ("home page rows (for-you + daily-picks)", lambda n: recommend(
            [PlacementRequest("for-you", n=8), PlacementRequest("daily-picks", n=8)], people[n])),
    ]
    client = Client()
    cases += [
        ("HTTP GET for-you, anonymous session", lambda n: client.get(
            "/api/v1/recommendations/for-you", headers={"X-Session-Key": visitors[n]})),
        ("HTTP GET similar?variant_id=", lambda n: client.get(
            f"/api/v1/recommendations/similar?variant_id={page_items[n]}")),
    ]
    print(f"load average before measuring: {os.getloadavg()[0]:.2f}")
    print("| placement | requests | p50 ms | p95 ms | p99 ms | CPU ms / request (Python) | SQL queries / request |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, one in cases:
        report(label, *timed(requests, one))


def existing() -> tuple[list[str], list[str], list[str]]:
    """The variants, shoppers and sessions of a database an earlier run kept (--keep)."""
    from mercato.contexts.catalog.models import Variant
    from mercato.contexts.recommendations.models import Candidate

    users = list(Candidate.objects.filter(kind="user").values_list("key", flat=True))
    return (list(Variant.objects.values_list("id", flat=True)), users,
            [f"bench-session-{s:08d}" for s in range(SESSIONS)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the database a --keep run left")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if not args.reuse:
        recreate_database(DB_NAME)
    try:
        setup_django(DB_NAME, purpose="recommendations bench")
        from django.db import connection

        from mercato.contexts.recommendations.models import Candidate

        started = time.perf_counter()
        if args.reuse:
            variant_ids, users, sessions = existing()
        else:
            variant_ids, category_of = seed_catalogue(args.items, rng)
            users = seed_candidates(variant_ids, category_of, rng)
            sessions = seed_behaviour(variant_ids, users, rng)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{'reused' if args.reuse else 'seeded'} {len(variant_ids):,} items, "
              f"{Candidate.objects.count():,} candidate lists, {len(users):,} shoppers, {len(sessions):,} sessions "
              f"in {time.perf_counter() - started:.0f} s "
              f"(PostgreSQL {connection.cursor().connection.info.server_version}, {os.cpu_count()} CPUs)")
        measure(variant_ids, users, sessions, args.requests, rng)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_database(DB_NAME, drop_only=True)


if __name__ == "__main__":
    main()
