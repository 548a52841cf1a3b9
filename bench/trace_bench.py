#!/usr/bin/env python
"""Provenance benchmark on PostgreSQL: EPCIS capture throughput and full trace lookups. Prints numbers only.

    .venv/bin/python bench/trace_bench.py [--batches 200] [--lookups 300] [--keep]

Creates the scratch database `mercato_bench_trace` (dropped first; dropped at the end unless --keep), captures
`--batches` lots of tea with 20 EPCIS events each (harvest, processing, inspections, packing into cases and a
pallet, shipping legs, receiving, storing) through `epcis_capture` (validation, CBV 2.0 hashing, log entry),
publishes them into the transparency log, then times `trace_of` (the service the trace page and API use:
event graph walk, proof bundle with inclusion proofs, verification) and the HTTP API end to end.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from scratch_database import percentile, recreate_database, setup_django

DB_NAME = "mercato_bench_trace"
CST = timezone(timedelta(hours=8))
START = datetime(2026, 3, 1, 8, 0, tzinfo=CST)


def gs1(body: str) -> str:
    from mercato.contexts.provenance.domain.check_digits import mod10_check_digit

    return body + mod10_check_digit(body)


def batch_document(number: int) -> tuple[dict[str, Any], str]:
    """Twenty events of one tea lot; returns the document and the lot's Digital Link."""
    from mercato.contexts.provenance.domain import epcis_builder as b

    tea, leaf = gs1("069012345678"[:12] + "9"), gs1("0690123456780")
    lot, harvest = f"L{number:05d}", f"H{number:05d}"
    farm, factory, hub, store = (b.location_id(gs1(f"69012340{n:04d}")) for n in (1, 2, 3, 4))
    cases = [b.sscc_id(gs1(f"0690123{number:05d}{c:05d}")) for c in range(4)]
    pallet = b.sscc_id(gs1(f"1690123{number:05d}00000"))
    t = START + timedelta(hours=number)
    tea_lot, leaf_lot = b.lot_id(tea, lot), b.lot_id(leaf, harvest)
    events = [
        b.object_event(t, action="ADD", biz_step="commissioning", location=farm,
                       quantities=[b.quantity(leaf_lot, 500, "KGM")], disposition="active"),
        b.transformation_event(t + timedelta(days=1), location=factory, inputs=[b.quantity(leaf_lot, 500, "KGM")],
                               outputs=[b.quantity(tea_lot, 1600)]),
        *[b.object_event(t + timedelta(days=1, hours=h), action="OBSERVE", biz_step="inspecting", location=factory,
                         quantities=[b.quantity(tea_lot, 1600)], disposition="conformant") for h in (2, 4, 6)],
        *[b.aggregation_event(t + timedelta(days=2, minutes=10 * c), action="ADD", parent=case,
                              child_quantities=[b.quantity(tea_lot, 400)], location=factory)
          for c, case in enumerate(cases)],
        b.aggregation_event(t + timedelta(days=2, hours=2), action="ADD", parent=pallet, children=cases,
                            location=factory),
        b.object_event(t + timedelta(days=2, hours=3), action="OBSERVE", biz_step="loading", epcs=[pallet],
                       location=factory, disposition="in_progress"),
        b.object_event(t + timedelta(days=2, hours=4), action="OBSERVE", biz_step="shipping", epcs=[pallet],
                       location=factory, disposition="in_transit"),
        *[b.object_event(t + timedelta(days=3, hours=h), action="OBSERVE", biz_step=step, epcs=[pallet],
                         location=hub, disposition="in_transit") for h, step in ((1, "arriving"), (5, "departing"))],
        b.object_event(t + timedelta(days=3, hours=9), action="OBSERVE", biz_step="arriving", epcs=[pallet],
                       location=store, disposition="in_transit"),
        b.object_event(t + timedelta(days=4), action="OBSERVE", biz_step="receiving", epcs=[pallet], location=store,
                       disposition="in_progress"),
        b.aggregation_event(t + timedelta(days=4, hours=1), action="DELETE", parent=pallet, children=cases,
                            biz_step="unpacking", location=store),
        b.object_event(t + timedelta(days=4, hours=2), action="OBSERVE", biz_step="storing", epcs=cases,
                       location=store, disposition="sellable_not_accessible"),
        b.object_event(t + timedelta(days=5), action="OBSERVE", biz_step="stocking",
                       quantities=[b.quantity(tea_lot, 400)], location=store, disposition="sellable_accessible"),
        b.object_event(t + timedelta(days=6), action="OBSERVE", biz_step="retail_selling",
                       quantities=[b.quantity(tea_lot, 12)], location=store, disposition="retail_sold"),
    ]
    assert len(events) == 20, len(events)
    return b.document(events, created=t + timedelta(days=7)), tea_lot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    recreate_database(DB_NAME)
    try:
        run(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_database(DB_NAME, drop_only=True)


def run(args: argparse.Namespace) -> None:
    setup_django(DB_NAME, purpose="trace bench")
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mercato.contexts.provenance.public import epcis_capture, trace_of
    from mercato.contexts.transparency.public import log_publish
    from mercato.shared.actor import system_actor

    actor = system_actor("bench")
    lots: list[str] = []
    capture_seconds = 0.0
    for number in range(args.batches):
        document, lot = batch_document(number)
        started = time.perf_counter()
        epcis_capture(payload=document, actor=actor)
        capture_seconds += time.perf_counter() - started
        lots.append(lot)
    events = 20 * args.batches
    started = time.perf_counter()
    appended = log_publish()
    publish_seconds = time.perf_counter() - started

    rng = random.Random(7)
    service, api = [], []
    client = Client()
    steps = verified = 0
    for _ in range(args.lookups):
        lot = rng.choice(lots)
        started = time.perf_counter()
        trace = trace_of(lot)
        service.append(time.perf_counter() - started)
        steps, verified = len(trace.steps), sum(s.verified for s in trace.steps)
        started = time.perf_counter()
        response = client.get("/api/v1/provenance/trace", {"id": lot})
        api.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        trace_of(lots[0])

    print(f"PostgreSQL, {os.cpu_count()} cores; {args.batches} lots x 20 events = {events} events")
    print(f"capture (validate + hash + store + queue), 20-event documents: {events / capture_seconds:,.0f} events/s "
          f"({capture_seconds / args.batches * 1000:.1f} ms per document)")
    print(f"log_publish of {appended} queued events: {publish_seconds * 1000:.0f} ms "
          f"({appended / publish_seconds:,.0f} appends/s)")
    print(f"trace of a lot: {steps} steps, {verified} verified, {len(queries.captured_queries)} SQL queries")
    for name, values in (("trace_of (service)", service), ("GET /api/v1/provenance/trace", api)):
        print(f"  {name:30} p50 {percentile(values, 50) * 1000:6.1f} ms   p95 {percentile(values, 95) * 1000:6.1f} ms"
              f"   ({len(values)} lookups)")


if __name__ == "__main__":
    main()
