"""`mercato search ...` commands: rebuild the index, evaluate ranking quality on a judged query set, try a query."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any


def cmd_rebuild(_: argparse.Namespace) -> int:
    from mercato.contexts.search import public as search
    from mercato.contexts.search.evaluation import engine_name

    started = time.perf_counter()
    count = search.index_rebuild()
    print(f"indexed {count} products with {engine_name()} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mercato.contexts.search import public as search
    from mercato.contexts.search.evaluation import DEV_SET, TEST_SET, engine_name, evaluate, summary

    if search.index_ensure():
        print("the index was empty: rebuilt it from the catalogue")
    path = Path(args.queries) if args.queries else (DEV_SET if args.dev else TEST_SET)
    scores, unjudgeable = evaluate(path, k=args.k)
    print(f"engine: {engine_name()}   queries: {path}")
    if args.verbose:
        for s in sorted(scores, key=lambda s: s.ndcg):
            print(f"  {s.query.id:5} {s.ndcg:6.3f} {s.recall:6.3f}  relevant {s.relevant:3}  found {s.returned:4}  "
                  f"{s.query.text}")
    print(f"{'language':10} {'queries':>8} {f'NDCG@{args.k}':>9} {f'recall@{args.k}':>10}")
    for language, (n, ndcg, recall) in summary(scores).items():
        print(f"{language:10} {n:8d} {ndcg:9.3f} {recall:10.3f}")
    if unjudgeable:
        print(f"not scored (no relevant product in this catalogue): {', '.join(q.text for q in unjudgeable)}")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from mercato.contexts.search import public as search

    search.index_ensure()
    result = search.search(search.SearchQuery(text=args.text, limit=args.limit, sort=args.sort, language="en"))
    print(f"{result.total} results ({result.engine})"
          + (f"; did you mean: {result.did_you_mean}" if result.did_you_mean else "")
          + (f"; relaxed to: {result.relaxed}" if result.relaxed else ""))
    for hit in result.hits:
        titles = f"{hit.title.get('zh-Hans', '')}  |  {hit.title.get('en', '')}"
        print(f"  {hit.score:8.3f}  {hit.price.amount:>10}  {titles}")
    return 0


def add_commands(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("search", help="search commands")
    commands = parser.add_subparsers(dest="search_command", required=True)
    commands.add_parser("rebuild", help="rebuild the whole search index from the catalogue").set_defaults(
        fn=cmd_rebuild)
    evaluate = commands.add_parser("evaluate", help="NDCG@10 and recall@10 on a judged query set")
    evaluate.add_argument("--queries", help="a judged query file (default: the context's test set)")
    evaluate.add_argument("--dev", action="store_true", help="use the development set (the one to tune on)")
    evaluate.add_argument("--k", type=int, default=10)
    evaluate.add_argument("--verbose", "-v", action="store_true", help="one line per query, worst first")
    evaluate.set_defaults(fn=cmd_evaluate)
    query = commands.add_parser("query", help="run one query and print the ranked results")
    query.add_argument("text")
    query.add_argument("--limit", type=int, default=10)
    query.add_argument("--sort", default="relevance")
    query.set_defaults(fn=cmd_query)
