#!/usr/bin/env python
"""Customer-service assistant: latency per message and containment, on PostgreSQL. Prints numbers only.

    .venv/bin/python bench/assistant_conversation_bench.py [--rounds 3] [--keep]

Creates the scratch database `mercato_bench_assistant` (dropped first; dropped at the end unless --keep), builds
the small marketplace of the assistant's tests through the API (two shops, a shopper with orders awaiting payment,
paid, shipped, delivered, perishable and refunded, another customer), trains the understanding model once (timed
apart: it happens once per process), then replays the containment suite's 106 scripted conversations `--rounds`
times through `message_post` (the service behind POST /api/v1/assistant/conversations/{id}/messages: understanding,
order look-ups, knowledge-base retrieval, actions, two inserts and an update, in one transaction; each
conversation rolled back) and prints the latency per message (p50, p95, p99, max) and the containment figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench_machine import machine
from scratch_database import ADMIN_URL, percentile, recreate_database, setup_django

DB_NAME = "mercato_bench_assistant"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="replays of the whole suite (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    print(" · ".join(f"{k} {v}" for k, v in machine(ADMIN_URL).items()))
    recreate_database(DB_NAME)
    try:
        os.environ.pop("MERCATO_ASSISTANT_LLM_URL", None)  # the offline path is what is measured
        setup_django(DB_NAME, purpose="assistant bench")
        run(args.rounds)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_database(DB_NAME, drop_only=True)


def run(rounds: int) -> None:
    from mercato.contexts.assistant import public as assistant
    from mercato.contexts.assistant.tests.conftest import build_orders
    from mercato.contexts.assistant.understanding import understand

    started = time.perf_counter()
    world = build_orders()
    user_id = world.shopper.get("/me").body["id"]
    print(f"world built through the API in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    understand("warm up")
    print(f"understanding model trained in {time.perf_counter() - started:.1f} s (once per process)")
    latencies: list[float] = []
    by_step: dict[str, list[float]] = {}
    report = None
    for _ in range(rounds):
        report = assistant.containment_report(user_id=user_id, other_order_number=world.numbers["others"])
        latencies.extend(report.latencies_ms)
        for step, ms in zip(report.steps, report.latencies_ms, strict=True):
            by_step.setdefault(step, []).append(ms)
    assert report is not None
    print(f"\n{len(latencies)} messages over {rounds} rounds, ms per message: "
          f"p50 {percentile(latencies, 50):.1f} · p95 {percentile(latencies, 95):.1f} · "
          f"p99 {percentile(latencies, 99):.1f} · max {max(latencies):.1f} · mean {statistics.fmean(latencies):.1f}")
    for step, values in sorted(by_step.items(), key=lambda kv: -percentile(kv[1], 95)):
        print(f"  {step:18} n={len(values):4}  p50 {percentile(values, 50):6.1f}  p95 {percentile(values, 95):6.1f}")
    only_understanding = []
    for text in ("where is my order 202611260000000001", "我要退货", "how long does delivery take", "转人工"):
        for _ in range(50):
            t0 = time.perf_counter()
            understand(text)
            only_understanding.append((time.perf_counter() - t0) * 1000)
    print(f"of which understanding alone: p50 {percentile(only_understanding, 50):.2f} ms · "
          f"p95 {percentile(only_understanding, 95):.2f} ms")
    print("\ncontainment (last round):\n" + report.table())


if __name__ == "__main__":
    main()
