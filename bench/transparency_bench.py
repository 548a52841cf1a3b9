#!/usr/bin/env python
"""Transparency log benchmark against PostgreSQL. It prints numbers; it never asserts timings.

    .venv/bin/python bench/transparency_bench.py [--sizes 10000,100000,1000000] [--quick] [--keep]

Prepares the scratch database `mercato_bench_tlog` (dropped and re-created; dropped again at the end unless
--keep), migrates it in-process with the production settings, and measures through the transparency services and
selectors (never raw SQL for the log itself):

1. append throughput on a fresh log: `leaves_append` in batches of 1, 1,000 and 10,000 leaves, then the platform's
   path: `entry_record` for N facts, each in its own transaction as the outbox handlers do, and
   `entries_append_pending` draining them in batches;
2. on a fresh database again (dropped, re-created, migrated: the log refuses DELETE and TRUNCATE), growth to each
   size with `leaves_append` batches, a signed head, then inclusion and consistency proofs p50/p95 from the
   selectors, each proof checked with the domain verifiers against roots the bench computes itself from the inputs
   it appended;
3. `root_at`, `tree_head_sign`, a 1,000-leaf page, `log_tampering()` and the storage used, per size.

See docs/benchmarks.md for what each number means.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import math
import os
import random
import resource
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from bench_machine import machine as _machine_of
from bench_machine import machine_cpu_seconds
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "mercato_bench_tlog"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SECRET_KEY = "mercato-bench-only-secret-key-never-use-in-production-0123456789"
# A fixed Ed25519 private key (raw 32 bytes, base64) so no key file is written: bench only, never a real log's key.
SIGNING_KEY = base64.b64encode(hashlib.sha256(b"mercato transparency bench key").digest()).decode()
BASE_MS = 1_795_651_200_000  # 2026-11-26T00:00:00Z: the timestamps inside the synthetic leaf inputs
FACT_KINDS = ("order.placed", "order.paid", "order.shipped", "order.delivered", "order.completed")


class BenchError(RuntimeError):
    """The bench could not prepare or run a step (not a measurement result)."""


# --------------------------------------------------------------------------- statistics and records


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (as bench/api_bench.py)."""
    if not sorted_values:
        return float("nan")
    k = max(0, math.ceil(q / 100 * len(sorted_values)) - 1)
    return sorted_values[min(k, len(sorted_values) - 1)]


@dataclass
class Timings:
    """Seconds per call of one measurement."""

    seconds: list[float] = field(default_factory=list)

    def ms(self, q: float) -> float:
        return percentile(sorted(self.seconds), q) * 1000

    @property
    def total(self) -> float:
        return sum(self.seconds)

    def timed(self, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = fn()
        self.seconds.append(time.perf_counter() - started)
        return result


@dataclass
class AppendRow:
    name: str
    log_before: int
    calls: int
    items: int
    timings: Timings

    @property
    def rate(self) -> float:
        return self.items / self.timings.total if self.timings.total > 0 else float("nan")


@dataclass
class ProofRow:
    size: int
    kind: str
    timings: Timings
    failures: int
    statements: int
    mean_length: float
    first_error: str = ""


@dataclass
class OtherRow:
    name: str
    size: int
    timings: Timings
    note: str = ""


@dataclass
class Report:
    machine: dict[str, str]
    options: str
    appends: list[AppendRow] = field(default_factory=list)
    loads: list[AppendRow] = field(default_factory=list)
    proofs: list[ProofRow] = field(default_factory=list)
    others: list[OtherRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cpu: str = "?"


# --------------------------------------------------------------------------- inputs and the reference tree


def leaf_input(index: int) -> bytes:
    """~120 bytes of canonical JSON, as a commerce fact's leaf (sorted keys, no whitespace); unique per index."""
    digest = hashlib.sha256(index.to_bytes(8, "big")).hexdigest()
    kind = FACT_KINDS[index % len(FACT_KINDS)]
    return f'{{"at":{BASE_MS + index},"digest":"{digest}","fact":"{kind}","v":1}}'.encode()


def leaf_inputs(start: int, count: int) -> list[bytes]:
    return [leaf_input(i) for i in range(start, start + count)]


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class ReferenceTree:
    """RFC 6962 hashes of everything the bench appended, computed here from the inputs with hashlib (nothing read
    back from the database, no service code): the roots every proof is verified against."""

    def __init__(self) -> None:
        self.levels: list[list[bytes]] = [[]]

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def extend(self, inputs: list[bytes]) -> None:
        self.levels[0].extend(_leaf(data) for data in inputs)
        level = 1
        while len(self.levels[level - 1]) >= 2:
            if len(self.levels) == level:
                self.levels.append([])
            below, here = self.levels[level - 1], self.levels[level]
            here.extend(_node(below[2 * i], below[2 * i + 1]) for i in range(len(here), len(below) // 2))
            level += 1

    def leaf_hash(self, index: int) -> bytes:
        return self.levels[0][index]

    def root(self, size: int) -> bytes:
        """MTH of the first `size` leaves: the perfect subtrees covering them, largest first, folded from the right."""
        if size == 0:
            return hashlib.sha256(b"").digest()
        pieces, offset = [], 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                pieces.append(self.levels[level][offset >> level])
                offset += 1 << level
        folded = pieces[-1]
        for piece in reversed(pieces[:-1]):
            folded = _node(piece, folded)
        return folded


# --------------------------------------------------------------------------- database and Django


def recreate_database() -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))


def drop_database() -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))


def setup_django() -> None:
    os.environ.update(DATABASE_URL=DATABASE_URL, MERCATO_SECRET_KEY=SECRET_KEY,
                      MERCATO_HOME=str(tempfile.gettempdir()), MERCATO_TRANSPARENCY_KEY=SIGNING_KEY,
                      DJANGO_SETTINGS_MODULE="mercato.config.settings.production")
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not served here
    import django

    django.setup()
    migrate()


def migrate() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.1f}s", flush=True)


def fresh_database() -> None:
    """Drop, re-create and migrate the bench database: the log's tables refuse UPDATE, DELETE and TRUNCATE, so a new
    database is the honest way to start a log from zero."""
    from django.db import connections

    connections.close_all()
    recreate_database()
    migrate()


def analyze_log() -> None:
    """Fresh planner statistics, as autovacuum would have them on a log that grew over days."""
    from django.db import connection

    from mercato.contexts.transparency.models import Entry, Leaf, PerfectSubtree

    with connection.cursor() as cursor:
        for model in (Leaf, PerfectSubtree, Entry):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def storage_mb() -> str:
    from django.db import connection

    from mercato.contexts.transparency.models import Leaf, PerfectSubtree

    parts = []
    with connection.cursor() as cursor:
        for label, model in (("leaves", Leaf), ("subtrees", PerfectSubtree)):
            cursor.execute("SELECT pg_total_relation_size(%s)", [model._meta.db_table])
            parts.append(f"{label} {cursor.fetchone()[0] / 1024 / 1024:.1f} MB")
    return ", ".join(parts)


def statements_of(fn: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


# --------------------------------------------------------------------------- 1. append throughput


def measure_leaves_append(report: Report, ref: ReferenceTree, *, batches: list[tuple[int, int]]) -> None:
    from mercato.contexts.transparency.services import leaves_append

    for batch, calls in batches:
        row = AppendRow(f"leaves_append, batches of {batch:,}", ref.size, calls, batch * calls, Timings())
        for _ in range(calls):
            inputs = leaf_inputs(ref.size, batch)
            size = row.timings.timed(lambda inputs=inputs: leaves_append(inputs=inputs))
            ref.extend(inputs)
            if size != ref.size:
                raise BenchError(f"leaves_append returned size {size}, expected {ref.size}")
        report.appends.append(row)
        print(f"  {row.name}: {row.rate:,.0f} appends/s (p50 {row.timings.ms(50):.1f} ms per call)", flush=True)


def synthetic_facts(start: int, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Arguments of `entry_record` as the order handlers build them (handlers.log_order_fact), for made-up orders."""
    from mercato.contexts.transparency.domain.commerce_fact import SALT_SIZE, fact_leaf_input

    facts = []
    base = datetime(2026, 11, 26, tzinfo=UTC)
    for i in range(start, start + count):
        order_id = f"ord_{i:026d}"
        kind = FACT_KINDS[i % len(FACT_KINDS)]
        at = (base + timedelta(milliseconds=i)).isoformat()
        order = {"order_id": order_id, "number": f"M{20261126000000 + i}", "merchant_id": "mer_" + "0" * 26,
                 "status": kind.split(".", 1)[1], "currency": "CNY", "payment_method": "card", "subtotal": "199.00",
                 "discount": "0.00", "shipping": "10.00", "tax": "0.00", "total": "209.00", "refunded_total": "0.00",
                 "placed_at": base.isoformat(),
                 "lines": [{"line_id": f"oln_{i:024d}{n:02d}", "variant_id": f"var_{n:026d}", "sku": f"SKU-{n}",
                            "quantity": 1, "unit_price": "99.50", "amount_paid": "99.50", "refunded_quantity": 0,
                            "refunded_amount": "0.00"} for n in range(2)],
                 "shipments": []}
        record = {"fact": kind, "at": at, "event": {"status": order["status"]}, "order": order}
        salt = rng.randbytes(SALT_SIZE)
        facts.append({"key": f"{kind}:{order_id}:{at}", "kind": kind, "subject": order_id, "record": record,
                      "salt": salt, "leaf_input": fact_leaf_input(fact=kind, subject=order_id, at=at, salt=salt,
                                                                  record=record)})
    return facts


def measure_entry_path(report: Report, ref: ReferenceTree, *, facts: int, rng: random.Random) -> None:
    from django.db import transaction

    from mercato.contexts.transparency.models import Entry
    from mercato.contexts.transparency.services import entries_append_pending, entry_record

    queued = synthetic_facts(0, facts, rng)
    mean_input = sum(len(f["leaf_input"]) for f in queued) / len(queued)
    shared = min(1_000, facts // 5)  # the last ones share one transaction: entry_record's cost without a commit
    own = facts - shared
    row = AppendRow(f"entry_record, one transaction per fact ({mean_input:.0f}-byte inputs)", ref.size, own, own,
                    Timings())

    def record_one(fact: dict[str, Any]) -> bool:
        with transaction.atomic():
            return entry_record(**fact)

    for fact in queued[:own]:
        if not row.timings.timed(lambda fact=fact: record_one(fact)):
            raise BenchError(f"entry_record refused the new key {fact['key']}")
    report.appends.append(row)
    print(f"  {row.name}: {row.rate:,.0f} facts/s (p50 {row.timings.ms(50):.2f} ms)", flush=True)
    row = AppendRow(f"entry_record, {shared:,} in one transaction (cost without the commit)", ref.size, shared,
                    shared, Timings())
    with transaction.atomic():
        for fact in queued[own:]:
            if not row.timings.timed(lambda fact=fact: entry_record(**fact)):
                raise BenchError(f"entry_record refused the new key {fact['key']}")
    report.appends.append(row)
    print(f"  {row.name}: {row.rate:,.0f} facts/s (p50 {row.timings.ms(50):.2f} ms)", flush=True)
    small = min(10_000, facts // 2)
    cursor = 0
    for limit, count in ((1_000, small), (20_000, facts - small)):
        label = "default limit 20,000, as log_publish" if limit == 20_000 else f"limit {limit:,}"
        row = AppendRow(f"entries_append_pending ({label})", ref.size, 0, 0, Timings())
        while row.items < count:
            want = min(limit, count - row.items)
            appended = row.timings.timed(lambda want=want: entries_append_pending(limit=want))
            if appended != want:
                raise BenchError(f"entries_append_pending appended {appended}, expected {want}")
            ref.extend([f["leaf_input"] for f in queued[cursor:cursor + appended]])
            cursor += appended
            row.items += appended
            row.calls += 1
        report.appends.append(row)
        print(f"  {row.name}: {row.rate:,.0f} appends/s over {row.calls} call(s)", flush=True)
    if Entry.objects.filter(leaf_index__isnull=True).exists():
        raise BenchError("entries are still pending after draining")


# --------------------------------------------------------------------------- 2. proofs at each size


def grow(report: Report, ref: ReferenceTree, *, target: int, batch: int) -> None:
    from mercato.contexts.transparency.services import leaves_append

    if target <= ref.size:
        return
    row = AppendRow(f"grow {ref.size:,} → {target:,}, leaves_append batches of {batch:,}", ref.size, 0, 0, Timings())
    last_print = time.monotonic()
    while ref.size < target:
        inputs = leaf_inputs(ref.size, min(batch, target - ref.size))
        size = row.timings.timed(lambda inputs=inputs: leaves_append(inputs=inputs))
        ref.extend(inputs)
        row.calls += 1
        row.items += len(inputs)
        if size != ref.size:
            raise BenchError(f"leaves_append returned size {size}, expected {ref.size}")
        if time.monotonic() - last_print > 15:
            print(f"    … {ref.size:,} leaves, {row.rate:,.0f} appends/s so far", flush=True)
            last_print = time.monotonic()
    report.loads.append(row)
    print(f"  {row.name}: {row.timings.total:.1f}s, {row.rate:,.0f} appends/s", flush=True)


def measure_size(report: Report, ref: ReferenceTree, rng: random.Random, args: argparse.Namespace) -> None:
    from mercato.contexts.transparency import selectors
    from mercato.contexts.transparency.domain import verify_consistency, verify_inclusion
    from mercato.contexts.transparency.services import tree_head_sign

    size = ref.size
    if args.analyze:
        analyze_log()
    sign = Timings()
    head = sign.timed(tree_head_sign)
    if head.tree_size != size or bytes(head.root_hash) != ref.root(size):
        raise BenchError(f"the signed head at {head.tree_size} does not match the bench's own root at {size}")
    report.others.append(OtherRow("tree_head_sign (root from storage + Ed25519)", size, sign))
    signed_root = bytes(head.root_hash)

    def inclusion_args() -> tuple[int, int]:
        return rng.randrange(size), size

    def consistency_args() -> tuple[int, int]:
        return (rng.randrange(1, size) if size > 1 else 1), size

    for _ in range(args.warmup):
        selectors.inclusion_proof(*inclusion_args())
        selectors.consistency_proof(*consistency_args())

    inclusion = ProofRow(size, "inclusion (random leaf, latest signed size)", Timings(), 0, 0, 0.0)
    lengths = 0
    for _ in range(args.proofs):
        index, tree_size = inclusion_args()
        try:
            proof = inclusion.timings.timed(lambda i=index, t=tree_size: selectors.inclusion_proof(i, t))
        except Exception as exc:  # counted and reported; the run goes on
            inclusion.failures += 1
            inclusion.first_error = inclusion.first_error or f"{type(exc).__name__}: {exc}"
            continue
        lengths += len(proof)
        if not verify_inclusion(ref.leaf_hash(index), index, tree_size, proof, signed_root):
            inclusion.failures += 1
            inclusion.first_error = inclusion.first_error or f"inclusion proof of {index} in {tree_size} fails"
    inclusion.mean_length = lengths / max(1, args.proofs - inclusion.failures)
    inclusion.statements = statements_of(lambda: selectors.inclusion_proof(*inclusion_args()))
    report.proofs.append(inclusion)

    consistency = ProofRow(size, "consistency (random first → latest signed size)", Timings(), 0, 0, 0.0)
    lengths = 0
    for _ in range(args.proofs):
        first, second = consistency_args()
        try:
            proof = consistency.timings.timed(lambda f=first, s=second: selectors.consistency_proof(f, s))
        except Exception as exc:  # counted and reported; the run goes on
            consistency.failures += 1
            consistency.first_error = consistency.first_error or f"{type(exc).__name__}: {exc}"
            continue
        lengths += len(proof)
        if not verify_consistency(first, second, ref.root(first), signed_root, proof):
            consistency.failures += 1
            consistency.first_error = consistency.first_error or f"consistency proof {first} → {second} fails"
    consistency.mean_length = lengths / max(1, args.proofs - consistency.failures)
    consistency.statements = statements_of(lambda: selectors.consistency_proof(*consistency_args()))
    report.proofs.append(consistency)
    for row in (inclusion, consistency):
        print(f"  {size:,} {row.kind}: p50 {row.timings.ms(50):.2f} ms, p95 {row.timings.ms(95):.2f} ms, "
              f"{row.failures} failures{' — ' + row.first_error if row.first_error else ''}", flush=True)

    roots = Timings()
    wrong_roots = 0
    for _ in range(args.roots):
        at = rng.randint(1, size)
        if roots.timed(lambda at=at: selectors.root_at(at)) != ref.root(at):
            wrong_roots += 1
    report.others.append(OtherRow("root_at (random size)", size, roots, f"{wrong_roots} wrong roots"))

    pages = Timings()
    for _ in range(args.pages):
        start = rng.randrange(max(1, size - selectors.MAX_LEAVES_PER_CALL + 1))
        got = pages.timed(lambda s=start: selectors.leaves(s, s + selectors.MAX_LEAVES_PER_CALL - 1))
        if len(got) != min(selectors.MAX_LEAVES_PER_CALL, size - start):
            raise BenchError(f"selectors.leaves({start}, …) returned {len(got)} leaves")
    report.others.append(OtherRow(f"leaves page of {selectors.MAX_LEAVES_PER_CALL:,} (random start)", size, pages))

    if size <= args.tamper_max:
        tamper = Timings()
        findings = tamper.timed(selectors.log_tampering)
        report.others.append(OtherRow("log_tampering() full re-derivation", size, tamper,
                                      f"{len(findings)} findings"))
        print(f"  {size:,} log_tampering(): {tamper.total:.1f}s, {len(findings)} findings", flush=True)
    report.others.append(OtherRow("storage (pg_total_relation_size)", size, Timings(), storage_mb()))


# --------------------------------------------------------------------------- report


@dataclass
class CpuMeter:
    """Who used the CPUs during the measurements: this process and its PostgreSQL backend, versus everything else
    (autovacuum, other people's jobs on the machine, which skew the numbers)."""

    busy: float = 0.0
    total: float = 0.0
    own: float = 0.0
    backend: float = 0.0
    backend_pid: int = 0
    _marks: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    @staticmethod
    def _machine() -> tuple[float, float]:
        return machine_cpu_seconds()

    @staticmethod
    def _own() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def _backend(self) -> float:
        try:  # fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the ")" closing the name
            fields = Path(f"/proc/{self.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start(self, pid: int) -> None:
        """Start (or resume, after a new database connection) counting: the backend is PostgreSQL process `pid`."""
        self.backend_pid = pid
        self._marks = (*self._machine(), self._own(), self._backend())

    def stop(self) -> None:
        busy, total, own, backend = self._marks
        now_busy, now_total = self._machine()
        self.busy += now_busy - busy
        self.total += now_total - total
        self.own += self._own() - own
        self.backend += self._backend() - backend

    def summary(self) -> str:
        rest = self.busy - self.own - (0 if math.isnan(self.backend) else self.backend)
        return (f"{self.busy:.0f} of {self.total:.0f} CPU-seconds busy during the measurements: bench process "
                f"{self.own:.0f} s, its PostgreSQL backend {_f(self.backend, 0)} s, all other processes {rest:.0f} s")


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _f(value: float, digits: int = 2) -> str:
    return "–" if math.isnan(value) else f"{value:,.{digits}f}"


def render(report: Report, wall: float) -> str:
    m = report.machine
    out = [f"### Run of {m['date']}", "",
           f"- Machine: {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM; PostgreSQL {m['postgres']}; "
           f"Python {m['python']}; commit {m['commit']}; 1-minute load average {m['load']} before the run",
           f"- Options: {report.options}; whole run {wall:.0f} s",
           f"- Other load: {report.cpu}", "",
           "| append measurement | log size before | calls | leaves | p50 ms / call | p95 ms / call | appends/s |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in report.appends + report.loads:
        unit = "facts/s" if row.name.startswith("entry_record") else ""
        out.append(f"| {row.name} | {row.log_before:,} | {row.calls:,} | {row.items:,} | {_f(row.timings.ms(50))} | "
                   f"{_f(row.timings.ms(95))} | {_f(row.rate, 0)}{' ' + unit if unit else ''} |")
    out += ["", "| log size | proof (from the selectors, incl. DB reads) | proofs | verify failures | p50 ms | p95 ms "
                "| p99 ms | max ms | SQL statements | hashes / proof |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for p in report.proofs:
        out.append(f"| {p.size:,} | {p.kind} | {len(p.timings.seconds) + p.failures:,} | {p.failures} | "
                   f"{_f(p.timings.ms(50))} | {_f(p.timings.ms(95))} | {_f(p.timings.ms(99))} | "
                   f"{_f(p.timings.ms(100))} | {p.statements} | {p.mean_length:.1f} |")
    out += ["", "| log size | other measurement | samples | p50 ms | p95 ms | note |",
            "| ---: | --- | ---: | ---: | ---: | --- |"]
    for o in report.others:
        samples = len(o.timings.seconds)
        out.append(f"| {o.size:,} | {o.name} | {samples or ''} | {_f(o.timings.ms(50)) if samples else ''} | "
                   f"{_f(o.timings.ms(95)) if samples else ''} | {o.note} |")
    if report.notes:
        out += ["", *[f"- {note}" for note in report.notes]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    p.add_argument("--sizes", default="10000,100000,1000000", help="log sizes for the proof measurements")
    p.add_argument("--quick", action="store_true", help="smoke run: 10^4 leaves only, fewer appends and facts")
    p.add_argument("--keep", action="store_true", help=f"leave the database {DB_NAME} behind for inspection")
    p.add_argument("--proofs", type=int, default=500, help="inclusion and consistency proofs per size (default 500)")
    p.add_argument("--roots", type=int, default=200, help="root_at calls per size (default 200)")
    p.add_argument("--pages", type=int, default=50, help="1,000-leaf page reads per size (default 50)")
    p.add_argument("--warmup", type=int, default=20, help="untimed proofs of each kind per size (default 20)")
    p.add_argument("--facts", type=int, default=10_000, help="facts through entry_record (default 10,000)")
    p.add_argument("--load-batch", type=int, default=10_000, help="leaves_append batch when growing the log")
    p.add_argument("--tamper-max", type=int, default=1_000_000, help="largest size log_tampering() runs at")
    p.add_argument("--no-analyze", dest="analyze", action="store_false",
                   help="skip ANALYZE of the log tables before measuring each size")
    p.add_argument("--seed", type=int, default=20261126, help="random seed")
    args = p.parse_args(argv)
    args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    args.append_batches = [(1, 200), (1_000, 20), (10_000, 5)]
    if args.quick:
        args.sizes = [10_000]
        args.facts = min(args.facts, 5_000)
        args.append_batches = [(1, 100), (1_000, 5), (10_000, 2)]
    if not args.sizes or args.sizes[0] < 2 or min(args.proofs, args.facts, args.load_batch) < 1:
        p.error("--sizes must be at least 2; --proofs, --facts and --load-batch must be positive")
    return args


def run(args: argparse.Namespace) -> Report:
    rng = random.Random(args.seed)
    options = (f"sizes {', '.join(f'{s:,}' for s in args.sizes)}; {args.proofs} proofs of each kind per size "
               f"(after {args.warmup} untimed); {args.facts:,} facts; growth batches of {args.load_batch:,}; "
               f"ANALYZE before each size: {'yes' if args.analyze else 'no'}")
    print(f"Preparing database {DB_NAME} (dropped and re-created)", flush=True)
    recreate_database()
    setup_django()
    report = Report(machine=_machine_of(PG_ADMIN_URL), options=options)
    meter = CpuMeter()
    meter.start(backend_pid())
    print("1. Append throughput on a fresh log", flush=True)
    ref = ReferenceTree()
    measure_leaves_append(report, ref, batches=args.append_batches)
    measure_entry_path(report, ref, facts=args.facts, rng=rng)
    from mercato.contexts.transparency.services import tree_head_sign

    head = tree_head_sign()
    if head.tree_size != ref.size or bytes(head.root_hash) != ref.root(ref.size):
        raise BenchError(f"after the append measurements the signed root at {head.tree_size} is not the bench's own")
    report.notes.append(f"After the append measurements the log's signed root at {ref.size:,} leaves equals the "
                        "root the bench computed from its own inputs.")
    meter.stop()
    print("2. Proofs at each size (a fresh database, the log grown again through leaves_append)", flush=True)
    fresh_database()
    meter.start(backend_pid())
    ref = ReferenceTree()
    for size in args.sizes:
        grow(report, ref, target=size, batch=args.load_batch)
        measure_size(report, ref, rng, args)
    meter.stop()
    report.cpu = meter.summary()
    return report


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM: leave through the same clean-up path as Ctrl-C


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    status = 0
    try:
        report = run(args)
        print("\n" + render(report, time.perf_counter() - started))
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        status = 130
    except BenchError as exc:
        print(f"\nbench failed: {exc}", file=sys.stderr)
        status = 1
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"kept database {DB_NAME} ({DATABASE_URL})")
        else:
            drop_database()
            print(f"dropped database {DB_NAME}")
    print(f"wall time {time.perf_counter() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
