#!/usr/bin/env python
"""Flash-sale load harness against PostgreSQL and Redis. It prints numbers; it never asserts timings.

    .venv/bin/python bench/flash_sale_bench.py [--clients N] [--seconds S] [--units U] [--workers W] [--threads T]

Re-creates the scratch database `mercato_flash_bench`, builds an operator, an approved merchant with one variant
and a warehouse holding its stock, starts `mercato serve` with the bench endpoints on a free loopback port and
measures, in one run: (a) GET /bench/ping, the framework's ceiling; (b) POST /bench/hot-row, one conditional
UPDATE of the hot stock row per request, what a naive "lock the stock row" sale tops out at; (c) pgbench running
that same UPDATE on the same row; (d) a flash sale of U units, per-buyer limit 1, bought by N concurrent clients
until sold out, then the sold-out sale hammered; (e) oversold units, orders in the database against 201
answers, and the sale's reconciliation endpoint. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import redis
from api_bench import (
    ADDRESS,
    BenchError,
    Failures,
    Http,
    _stop,
    _wait_ready,
    free_port,
    load_average,
    mercato_cli,
    register_many,
)
from bench_machine import machine, machine_cpu_seconds
from load_client import Outcome, Phase, http_request, run_phase
from psycopg import sql

DB_NAME = "mercato_flash_bench"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/9"  # flushed at the start of every run
HOT_STOCK = 10_000_000  # the API's maximum: neither (b) nor (c) can run the row out of stock
PASSWORD = "flash-bench-password-2025"
HOT_ROW_SQL = ("UPDATE inventory_stocklevel SET reserved = reserved + 1 "
               "WHERE id = :id AND on_hand > reserved + allocated;\n")


@dataclass
class World:
    merchant_token: str
    variant_id: str
    level_id: int
    shoppers: list[str] = field(default_factory=list)  # bearer tokens, registered through the API
    buyers: list[str] = field(default_factory=list)  # bearer tokens, one per buyer of the sale


@dataclass(frozen=True)
class Server:
    port: int
    group: int  # its process group: gunicorn's master and workers


@dataclass
class Results:
    phases: dict[str, Outcome] = field(default_factory=dict)
    pgbench_tps: float = float("nan")
    pgbench_latency_ms: float = float("nan")
    pgbench_cost: str = ""
    sale: dict[str, str] = field(default_factory=dict)  # id, item
    checks: list[str] = field(default_factory=list)
    loud: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- database, server, world


def server_env(secret: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}", REDIS_URL=REDIS_URL,
               MERCATO_SECRET_KEY=secret, MERCATO_HOME=tempfile.gettempdir(), MERCATO_BENCH_ENDPOINTS="1",
               MERCATO_FLASH_RATE_PER_IP="1000000", MERCATO_FLASH_RATE_PER_ACCOUNT="1000000")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def prepare_database(env: dict[str, str]) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    redis.Redis.from_url(REDIS_URL).flushdb()
    done = subprocess.run([mercato_cli(), "migrate"], env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise BenchError(f"`mercato migrate` failed ({done.returncode}):\n{done.stderr[-3000:]}")


@contextmanager
def running_server(env: dict[str, str], workers: int, threads: int, log_path: Path) -> Iterator[Server]:
    """`mercato serve` in its own process group; stopped on the way out (errors, Ctrl-C)."""
    port = free_port()
    args = [mercato_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--threads", str(threads)]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_ready(proc, f"http://127.0.0.1:{port}", log_path)
        yield Server(port, proc.pid)
    finally:
        _stop(proc)


def group_cpu_seconds(group: int) -> float:
    """CPU-seconds used so far by the processes of a process group (the server: gunicorn and its workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:
            total += sum(int(f) for f in fields[11:15])  # utime, stime and those of waited-for children
    return total / os.sysconf("SC_CLK_TCK")


def django_in_process(env: dict[str, str]) -> None:
    """This process speaks to the bench database through the project's own code (operator, buyer pool)."""
    os.environ.update(env, DJANGO_SETTINGS_MODULE="mercato.config.settings.production")
    import django

    django.setup()


def build_world(http: Http, *, clients: int, stock: int) -> World:
    """An operator, an approved merchant with one stocked variant (as conftest's world), N shoppers."""
    from mercato.contexts.identity import public as identity

    identity.user_register(email="ops@flash.bench", password=PASSWORD, name="Bench Operator", is_operator=True)
    ops = http.must("POST", "/auth/token", body={"email": "ops@flash.bench", "password": PASSWORD})["token"]
    category = http.must("POST", "/categories", token=ops,
                         body={"name": {"zh-Hans": "数码", "en": "Electronics"}, "slug": "flash"})["id"]
    owner = http.must("POST", "/auth/register", body={"email": "owner@flash.bench", "password": PASSWORD,
                                                      "name": "Flash Owner"})["token"]
    merchant = http.must("POST", "/merchants", token=owner, body={
        "name": "双十一 旗舰店", "contact_email": "owner@flash.bench", "business_license": "91310000MA1KFLASH"})
    http.must("POST", f"/merchants/{merchant['id']}/approve", token=ops)
    warehouse = http.must("POST", "/warehouses", token=owner,
                          body={"code": "SH1", "name": "上海仓", "country": "CN", "city": "上海"})
    product = http.must("POST", "/products", token=owner, body={
        "title": {"zh-Hans": "秒杀 耳机", "en": "Flash earbuds"}, "description": "秒杀 flash sale",
        "category": category,
        "variants": [{"sku": "FLASH-1", "price": {"amount": "199.00", "currency": "CNY"}}]})
    variant = product["variants"][0]["id"]
    http.must("PUT", f"/variants/{variant}/stock/{warehouse['id']}", token=owner, body={"on_hand": stock})
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        row = conn.execute("SELECT id FROM inventory_stocklevel WHERE variant_id = %s", (variant,)).fetchone()
    if row is None:
        raise BenchError("the hot variant has no stock level row")
    shoppers = [a.token for a in register_many(http, "shopper", clients)]
    return World(merchant_token=owner, variant_id=variant, level_id=int(row[0]), shoppers=shoppers)


def mint_buyers(count: int) -> list[str]:
    """Buyer accounts beyond the N registered shoppers, each with a fresh 15-minute access token. Registering
    thousands through the API would spend minutes hashing passwords (argon2); these have no usable password."""
    from mercato.contexts.identity.models import User
    from mercato.shared import tokens

    users = [User(email=f"buyer-{i}@flash.bench", name=f"买家 {i}", password="!") for i in range(count)]
    User.objects.bulk_create(users, batch_size=1000)
    return [tokens.issue({"sub": u.id, "op": False}, ttl=timedelta(minutes=15), kind="access")[0] for u in users]


def hot_row_reserved(level_id: int, reset_to: int | None = None) -> int:
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if reset_to is not None:
            conn.execute("UPDATE inventory_stocklevel SET reserved = %s WHERE id = %s", (reset_to, level_id))
        row = conn.execute("SELECT reserved FROM inventory_stocklevel WHERE id = %s", (level_id,)).fetchone()
    return int(row[0]) if row else -1


# --------------------------------------------------------------------------- phases


def measured(results: Results, key: str, phase: Phase, server: Server) -> Outcome:
    """Run one phase and keep it with the CPU it took: the load client's, the server's, the whole machine's (the
    rest is PostgreSQL, Redis and whatever else runs on the machine, which skews every number)."""
    print(f"  {phase.name}: {len(phase.requests)} clients, ≤{phase.seconds:.0f}s, ≤{phase.max_requests} requests…",
          flush=True)
    busy, served = machine_cpu_seconds()[0], group_cpu_seconds(server.group)
    try:
        outcome = run_phase(phase)
    except RuntimeError as exc:
        raise BenchError(str(exc)) from exc
    outcome.server_cpu, outcome.machine_cpu = group_cpu_seconds(server.group) - served, machine_cpu_seconds()[0] - busy
    results.phases[key] = outcome
    for (status, tag), n in outcome.counts.items():
        if status >= 500 or status == 0:
            body = outcome.samples.get((status, tag), b"")[:600].decode(errors="replace")
            results.loud.append(f"!!! {phase.name}: {n} × {status or 'transport error'} {tag}: {body}")
    return outcome


def reference_phases(args: argparse.Namespace, server: Server, world: World, results: Results) -> None:
    port = server.port

    def phase(name: str, request: bytes) -> Phase:
        return Phase(name, "127.0.0.1", port, [[request] for _ in range(args.clients)], args.seconds,
                     args.max_requests, warmup=[request], warmup_seconds=args.warmup, processes=args.client_processes)

    print("Measuring the reference endpoints…", flush=True)
    measured(results, "ping", phase("GET /bench/ping", http_request("GET", "/api/v1/bench/ping", port=port)), server)
    before = hot_row_reserved(world.level_id)
    measured(results, "hot-row", phase("POST /bench/hot-row", http_request(
        "POST", f"/api/v1/bench/hot-row?level_id={world.level_id}", port=port)), server)
    results.checks.append(f"hot row: {hot_row_reserved(world.level_id) - before} units reserved by (b) and its "
                          f"warm-up, reset to {hot_row_reserved(world.level_id, reset_to=before)}")
    run_pgbench(args, world, results)
    hot_row_reserved(world.level_id, reset_to=before)


def run_pgbench(args: argparse.Namespace, world: World, results: Results) -> None:
    """The same conditional UPDATE straight on PostgreSQL: the row lock's ceiling without Python in the way."""
    clients = min(args.clients, args.pgbench_max_clients, free_connections() - 4)  # the server's pool stays open
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(HOT_ROW_SQL)
    print(f"  pgbench: {clients} clients, {args.seconds:.0f}s…", flush=True)
    busy = machine_cpu_seconds()[0]
    done = subprocess.run(["pgbench", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-n", "-c", str(clients),
                           "-j", "2", "-T", str(max(1, round(args.seconds))), "-D", f"id={world.level_id}",
                           "-f", script.name, DB_NAME], capture_output=True, text=True, timeout=args.seconds + 120)
    os.unlink(script.name)
    results.pgbench_cost = f"– / – / {machine_cpu_seconds()[0] - busy:.1f}"
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    if done.returncode != 0 or tps is None:
        results.loud.append(f"!!! pgbench failed ({done.returncode}): {(done.stderr or done.stdout)[-800:]}")
        return
    results.pgbench_tps = float(tps.group(1))
    results.pgbench_latency_ms = float(latency.group(1)) if latency else float("nan")


def free_connections() -> int:
    """Connections PostgreSQL would still accept (max_connections minus those open, the server's included)."""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        row = conn.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
                           ).fetchone()
    return int(row[0]) if row else 0


def create_sale(http: Http, world: World, units: int) -> dict[str, Any] | None:
    """The merchant's flash sale, live now; None while the flash-sale API is not there (404)."""
    now = datetime.now(UTC)
    body = {"title": "Double 11", "starts_at": now.isoformat(), "ends_at": (now + timedelta(hours=2)).isoformat(),
            "payment_minutes": 10, "items": [{"variant_id": world.variant_id, "sale_price": "9.90", "units": units,
                                              "per_buyer_limit": 1}]}
    reply = http.call("POST", "/flash-sales", token=world.merchant_token, body=body)
    if reply.status == 404:
        return None
    if not reply.ok:
        raise BenchError(f"POST /flash-sales answered {reply.status}: {reply.text[:800]}")
    sale: dict[str, Any] = reply.json()
    return sale


def sale_phases(args: argparse.Namespace, server: Server, http: Http, world: World, results: Results) -> None:
    port = server.port
    sale = create_sale(http, world, args.units)
    if sale is None:
        results.loud.append("!!! POST /api/v1/flash-sales answered 404: the flash-sale API is not there yet; "
                            "phases (d) and (e) skipped")
        return
    results.sale = {"id": sale["id"], "status": sale["status"], "item": sale["items"][0]["id"]}
    purchase = json.dumps({"item_id": results.sale["item"], "quantity": 1, "shipping_address": ADDRESS,
                           "shipping_method": "standard"}, ensure_ascii=False).encode()
    path = f"/api/v1/flash-sales/{sale['id']}/purchases"
    buyers = world.shoppers + world.buyers
    requests = [[http_request("POST", path, port=port, token=t, body=purchase) for t in buyers[i::args.clients]]
                for i in range(args.clients)]
    latecomers = [list(reversed(r)) for r in requests]  # when sold out, the buyers who had not bought come first
    look = [http_request("GET", f"/api/v1/flash-sales/{sale['id']}", port=port)]
    print(f"Flash sale {sale['id']} ({sale['status']}): {args.units} units, {len(buyers)} buyers…", flush=True)
    selling = measured(results, "selling", Phase(
        "flash sale: buying until sold out", "127.0.0.1", port, requests, args.sale_seconds, 4 * len(buyers),
        warmup=look, warmup_seconds=args.warmup, stop_on_tag="sold-out", cycle=False,
        processes=args.client_processes), server)
    if not selling.count(tag="sold-out"):
        results.loud.append(f"!!! the sale did not sell out within {args.sale_seconds:.0f} s: the sold-out phase "
                            "below measured a live sale (raise --sale-seconds or lower --units)")
    measured(results, "sold-out", Phase("flash sale: sold out", "127.0.0.1", port, latecomers, args.seconds,
                                        args.max_requests, warmup=look, warmup_seconds=args.warmup,
                                        processes=args.client_processes), server)
    check_sale(http, world, results, units=args.units)


def check_sale(http: Http, world: World, results: Results, *, units: int) -> None:
    """(e) Nothing oversold; one order in the database per 201; the gate and the database agree."""
    accepted = sum(o.count(status=201) for k, o in results.phases.items() if k in ("selling", "sold-out"))
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        row = conn.execute("SELECT count(DISTINCT order_id), coalesce(sum(quantity), 0) FROM orders_orderline "
                           "WHERE variant_id = %s", (world.variant_id,)).fetchone()
    orders, db_units = (int(row[0]), int(row[1])) if row else (-1, -1)
    now = http.must("GET", f"/flash-sales/{results.sale['id']}")
    recon = http.must("GET", f"/flash-sales/{results.sale['id']}/reconciliation", token=world.merchant_token)
    results.checks += [
        f"oversold: {max(0, accepted - units)} (accepted {accepted} of {units} units offered)",
        f"orders in the database for the variant: {orders} ({db_units} units) vs {accepted} answers 201"
        f" → {'agree' if orders == accepted else 'DISAGREE'}",
        f"sale after the run: status {now['status']}, remaining {now['items'][0]['remaining']}",
        *[f"reconciliation item {i.get('item_id')}: units {i.get('units')}, sold {i.get('sold')}, held by orders "
          f"{i.get('held_by_orders')}, left in database {i.get('left_in_database')}, left in gate "
          f"{i.get('left_in_gate')} → {'agree' if i.get('agree') else 'DISAGREE'}" for i in recon["items"]]]
    if max(0, accepted - units) or orders != accepted or not all(i.get("agree") for i in recon["items"]):
        results.loud.append("!!! correctness: " + "; ".join(results.checks[-3 - len(recon["items"]):]))


# --------------------------------------------------------------------------- report


def _row(name: str, outcome: Outcome, n: int, latencies: list[float], unit: str, cost: bool = True) -> str:
    return f"| {name} | {outcome.cells(n, latencies, unit)} | {outcome.cost() if cost else ' | '} |"


def render(args: argparse.Namespace, results: Results, info: dict[str, str]) -> str:
    p = results.phases
    out = [f"### Flash sales, run of {info['date']}", "",
           f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM; PostgreSQL {info['postgres']}; "
           f"Python {info['python']}; commit {info['commit']}; 1-minute load {info['load_start']} before the run",
           f"- Server: `mercato serve --workers {args.workers} --threads {args.threads}` (gunicorn gthread, "
           f"production settings, Redis); client: {args.client_processes} process(es) of asyncio keep-alive "
           f"connections on the same machine, {args.clients} clients; each phase ≤ {args.seconds:.0f} s "
           f"(selling ≤ {args.sale_seconds:.0f} s) after {args.warmup:.0f} s of warm-up", "",
           "| measurement | answers | p50 ms | p95 ms | p99 ms | throughput | CPU-s client / server / machine "
           "| server CPU ms per request |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, name in (("ping", "(a) GET /bench/ping"), ("hot-row", "(b) POST /bench/hot-row")):
        if key in p:
            out.append(_row(name, p[key], p[key].count(status=200), p[key].latencies_of(status=200), "req/s"))
    out.append(f"| (c) pgbench, same UPDATE, {min(args.clients, args.pgbench_max_clients)} clients | – | "
               f"{results.pgbench_latency_ms:.1f} (mean) | – | – | {results.pgbench_tps:,.0f} TPS | "
               f"{results.pgbench_cost} | |")
    if "selling" in p:
        s, o = p["selling"], p["sold-out"]
        out += [_row("(d) flash sale: all attempts", s, s.total, s.latencies_of(), "attempts/s"),
                _row("&nbsp;&nbsp;· accepted (201)", s, s.count(status=201), s.latencies_of(status=201), "orders/s",
                     cost=False),
                _row("&nbsp;&nbsp;· rejected (409)", s, s.count(status=409), s.latencies_of(status=409), "/s",
                     cost=False),
                _row("(d) sold out: rejections (409)", o, o.count(status=409), o.latencies_of(status=409), "/s")]
    out += ["", "Answers by status: " + "; ".join(f"{k}: {o.mix()}" for k, o in p.items())]
    ratios = ratio_lines(results)
    if ratios:
        out += ["", *ratios]
    if results.checks:
        out += ["", *[f"- {c}" for c in results.checks]]
    return "\n".join(out) + "\n"


def ratio_lines(results: Results) -> list[str]:
    p = results.phases
    if "ping" not in p or "hot-row" not in p:
        return []
    ping, hot = p["ping"].rate(p["ping"].count(status=200)), p["hot-row"].rate(p["hot-row"].count(status=200))
    lines = [f"- pgbench TPS ÷ hot-row endpoint req/s: {results.pgbench_tps / hot:.2f} (context)"]
    if "selling" in p:
        sold_out = p["sold-out"].rate(p["sold-out"].count(status=409))
        accepted = p["selling"].rate(p["selling"].count(status=201))
        lines = [f"- sold-out rejections/s ÷ trivial req/s: {sold_out / ping:.2f} (target ≥ 0.70)",
                 f"- accepted purchases/s ÷ bare hot-row req/s: {accepted / hot:.2f} (target ≥ 1.0)", *lines]
    return lines


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    p.add_argument("--clients", type=int, default=64, help="concurrent clients (connections) per phase")
    p.add_argument("--seconds", type=float, default=10.0, help="time bound of each phase (default 10)")
    p.add_argument("--sale-seconds", type=float, default=120.0, help="time bound of the selling phase (default 120)")
    p.add_argument("--max-requests", type=int, default=300_000, help="request bound of each phase")
    p.add_argument("--units", type=int, default=5000, help="units on sale (default 5000)")
    p.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    p.add_argument("--threads", type=int, default=8, help="threads per server worker (default 8)")
    p.add_argument("--client-processes", type=int, default=1, help="load client processes (default 1)")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds before each phase")
    p.add_argument("--pgbench-max-clients", type=int, default=64, help="cap on pgbench -c (max_connections)")
    args = p.parse_args(argv)
    if min(args.clients, args.units, args.workers, args.threads, args.client_processes, args.max_requests) < 1 \
            or args.seconds <= 0 or args.sale_seconds <= 0:
        p.error("every count and bound must be positive")
    return args


def run(args: argparse.Namespace, log_path: Path) -> tuple[Results, dict[str, str]]:
    info = machine(PG_ADMIN_URL) | {"load_start": load_average()}
    env = server_env(secrets.token_urlsafe(30))
    print(f"Preparing database {DB_NAME} (dropped and re-created), Redis db 9 (flushed)…", flush=True)
    prepare_database(env)
    django_in_process(env)
    results = Results()
    with running_server(env, args.workers, args.threads, log_path) as server:
        http = Http(f"http://127.0.0.1:{server.port}", Failures())
        try:
            print(f"Server on 127.0.0.1:{server.port}; building the world and {args.clients} shoppers…", flush=True)
            world = build_world(http, clients=args.clients, stock=HOT_STOCK)
            reference_phases(args, server, world, results)
            world.buyers = mint_buyers(max(0, 2 * args.units + args.clients - len(world.shoppers)))
            sale_phases(args, server, http, world, results)
        finally:
            http.close()
    return results, info


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM: leave through the same clean-up path as Ctrl-C


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started with SIGINT ignored (`cmd &`)
    log_path = Path(tempfile.mkdtemp(prefix="mercato-flash-bench-")) / "server.log"
    print(f"Server log: {log_path}", flush=True)
    started = time.monotonic()
    try:
        results, info = run(args, log_path)
    except (KeyboardInterrupt, BenchError) as exc:  # the server was stopped on the way out
        stopped = isinstance(exc, KeyboardInterrupt)
        print("\ninterrupted" if stopped else f"\nbench failed: {exc}\n(server log: {log_path})", file=sys.stderr)
        return 130 if stopped else 1
    print("\n" + render(args, results, info))
    for line in results.loud:
        print(line)
    if results.loud:
        print(f"(server log, with any tracebacks: {log_path})")
    print(f"finished in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
