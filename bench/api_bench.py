#!/usr/bin/env python
"""Mercato API benchmark against PostgreSQL. It prints numbers; it never asserts timings.

    .venv/bin/python bench/api_bench.py [--small] [--no-seed] [--reuse] [--requests N] [--write-docs]

Prepares the scratch database `mercato_bench` (dropped and re-created unless --reuse), loads the demo
catalogue with `mercato seed-demo` (or, with --no-seed, a small catalogue built through the HTTP API),
starts `mercato serve` on a free loopback port and measures catalogue reads, checkout + payment under
1/8/32 concurrent shoppers, and the SQL query count of one checkout and one payment (in-process).
See docs/benchmarks.md for what each number means.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from bench_machine import machine as _machine_of
from bench_machine import machine_cpu_seconds
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
DB_NAME = "mercato_bench"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_URL = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SECRET_KEY = "mercato-bench-only-secret-key-never-use-in-production-0123456789"
PASSWORD = "bench-password-2025"
ADDRESS = {"name": "王小明", "phone": "13800138000", "country": "CN", "region": "上海市", "city": "上海市",
           "district": "浦东新区", "line1": "世纪大道 100 号", "postal_code": "200120"}
CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": datetime.now().year + 3, "cvc": "123"}
RESULTS_START, RESULTS_END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
BARRIER_SECONDS = 300
HTTP_TIMEOUT = 60.0


class BenchError(RuntimeError):
    """The bench could not prepare or run a step (not a measurement result)."""


# --------------------------------------------------------------------------- HTTP plumbing


@dataclass
class Reply:
    status: int | None  # None: the request never got an answer (connection error, timeout)
    text: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def json(self) -> Any:
        return json.loads(self.text)


class Failures:
    """Every non-2xx answer (and transport error), kept for the report; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.items: list[tuple[str, int | None, str]] = []

    def add(self, label: str, status: int | None, body: str) -> None:
        with self._lock:
            self.items.append((label, status, body[:2000]))

    def since(self, mark: int) -> list[tuple[str, int | None, str]]:
        with self._lock:
            return self.items[mark:]

    def grouped(self, items: list[tuple[str, int | None, str]] | None = None) -> list[tuple[int, str, str]]:
        groups: Counter[tuple[str, int | None, str]] = Counter()
        sample: dict[tuple[str, int | None, str], str] = {}
        for label, status, body in self.items if items is None else items:
            key = (label, status, _problem_summary(body))
            groups[key] += 1
            sample.setdefault(key, body)
        return [(n, f"{label} → {status}: {summary}", sample[(label, status, summary)])
                for (label, status, summary), n in groups.most_common()]


def _problem_summary(body: str) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:160].replace("\n", " ")
    if isinstance(data, dict):
        parts = [str(data.get(k)) for k in ("title", "detail") if data.get(k)]
        errors = data.get("errors")
        if errors:
            parts.append(json.dumps(errors, ensure_ascii=False)[:160])
        return " | ".join(parts)[:300] or body[:160]
    return body[:160]


class Http:
    """One keep-alive httpx client per thread against the server under test."""

    def __init__(self, base_url: str, failures: Failures) -> None:
        self.base_url = base_url
        self.failures = failures
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(base_url=self.base_url + "/api/v1", timeout=HTTP_TIMEOUT)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def call(self, method: str, path: str, *, label: str | None = None, token: str | None = None,
             body: Any = None, params: dict[str, Any] | None = None, idempotent: bool = False) -> Reply:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if idempotent:
            headers["Idempotency-Key"] = uuid.uuid4().hex
        started = time.perf_counter()
        try:
            response = self._client().request(method, path, json=body, params=params, headers=headers)
            reply = Reply(response.status_code, response.text, time.perf_counter() - started)
        except httpx.HTTPError as exc:
            reply = Reply(None, f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
        if not reply.ok:
            self.failures.add(label or f"{method} {path}", reply.status, reply.text)
        return reply

    def must(self, method: str, path: str, **kwargs: Any) -> Any:
        """A set-up call that has to succeed; its JSON answer."""
        reply = self.call(method, path, **kwargs)
        if not reply.ok:
            raise BenchError(f"{method} {path} answered {reply.status}: {reply.text[:800]}")
        return reply.json() if reply.text else None

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.close()
            self._clients.clear()


# --------------------------------------------------------------------------- database and server


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=DATABASE_URL, MERCATO_SECRET_KEY=SECRET_KEY, MERCATO_HOME=str(tempfile.gettempdir()))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def mercato_cli() -> str:
    candidate = Path(sys.executable).parent / "mercato"
    if not candidate.exists():
        raise BenchError(f"no `mercato` command next to {sys.executable}; install the package (pip install -e .)")
    return str(candidate)


def run_cli(*args: str, timeout: float = 3600) -> str:
    started = time.perf_counter()
    done = subprocess.run([mercato_cli(), *args], env=bench_env(), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise BenchError(f"`mercato {' '.join(args)}` failed ({done.returncode}):\n{done.stderr[-3000:]}")
    print(f"  mercato {' '.join(args)}: {time.perf_counter() - started:.1f}s", flush=True)
    return done.stdout


def database_exists() -> bool:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone() is not None


def recreate_database() -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))


def table_counts() -> dict[str, int]:
    tables = {"products": "catalog_product", "variants": "catalog_variant", "categories": "catalog_category",
              "merchants": "merchants_merchant", "users": "identity_user", "orders": "orders_order"}
    counts: dict[str, int] = {}
    with psycopg.connect(PG_BENCH_URL, autocommit=True) as conn:
        for name, table in tables.items():
            try:
                row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
                counts[name] = int(row[0]) if row else 0
            except psycopg.Error:
                counts[name] = -1
    return counts


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(workers: int, threads: int, log_path: Path, access_log: bool) -> Iterator[str]:
    """`mercato serve` in its own process group; always stopped on the way out (errors, Ctrl-C)."""
    port = free_port()
    args = [mercato_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--threads", str(threads)] + (["--access-log"] if access_log else [])
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(args, env=bench_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log_path)
        yield base
    finally:
        _stop(proc)


def _wait_ready(proc: subprocess.Popen[bytes], base: str, log_path: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"the server exited with {proc.returncode}; see {log_path}")
        try:
            if httpx.get(base + "/api/v1/openapi.json", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise BenchError(f"the server did not answer /api/v1/openapi.json within {seconds:.0f}s; see {log_path}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)  # the group we created for this server (start_new_session)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --------------------------------------------------------------------------- accounts and catalogue


@dataclass(frozen=True)
class Account:
    email: str
    user_id: str
    token: str


def register(http: Http, email: str, name: str = "Bench Shopper") -> Account:
    data = http.must("POST", "/auth/register", label="POST /auth/register",
                     body={"email": email, "password": PASSWORD, "name": name})
    return Account(email=email, user_id=data["id"], token=data["token"])


def register_many(http: Http, prefix: str, count: int) -> list[Account]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda i: register(http, f"{prefix}-{i}@bench.mercato.cn"), range(count)))


def operator_token(http: Http) -> str:
    email = "bench-operator@bench.mercato.cn"
    try:
        run_cli("create-operator", "--email", email, "--password", PASSWORD, "--name", "Bench Operator", timeout=120)
    except BenchError as exc:
        if "exist" not in str(exc).lower() and "taken" not in str(exc).lower():
            raise
    return str(http.must("POST", "/auth/token", body={"email": email, "password": PASSWORD})["token"])


BENCH_CATEGORIES = {
    ("bench-food", "Food", "食品"): [("bench-tea", "Tea", "茶叶"), ("bench-snacks", "Snacks", "零食")],
    ("bench-home", "Home", "家居"): [("bench-kitchen", "Kitchen", "厨房"), ("bench-textiles", "Textiles", "家纺")],
    ("bench-fashion", "Fashion", "服饰"): [("bench-shoes", "Shoes", "鞋"),
                                          ("bench-accessories", "Accessories", "配饰")],
}
BENCH_GOODS = [("Green tea", "绿茶"), ("Oolong tea", "乌龙茶"), ("Dried mango", "芒果干"), ("Walnut cake", "核桃酥"),
               ("Ceramic mug", "陶瓷杯"), ("Bamboo steamer", "竹蒸笼"), ("Silk pillowcase", "真丝枕套"),
               ("Cotton towel", "纯棉毛巾"), ("Running shoes", "跑鞋"), ("Canvas sneakers", "帆布鞋"),
               ("Silk scarf", "丝巾"), ("Leather wallet", "皮夹")]


def ensure_categories(http: Http, ops_token: str) -> list[str]:
    """The bench's small category tree (created once); returns the leaf slugs."""
    existing = {c["slug"] for c in walk_categories(http.must("GET", "/categories")["items"])}
    leaves = []
    for (slug, en, zh), children in BENCH_CATEGORIES.items():
        if slug not in existing:
            http.must("POST", "/categories", token=ops_token, body={"name": {"en": en, "zh-Hans": zh}, "slug": slug})
        for child, child_en, child_zh in children:
            if child not in existing:
                http.must("POST", "/categories", token=ops_token,
                          body={"name": {"en": child_en, "zh-Hans": child_zh}, "slug": child, "parent_id": slug})
            leaves.append(child)
    return leaves


def walk_categories(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from walk_categories(node.get("children") or [])


def create_stocked_merchant(http: Http, ops_token: str, *, tag: str, index: int, categories: list[str],
                            products: int, stock: int) -> dict[str, list[str]]:
    """A merchant (owner, approval, warehouse) with `products` products of 2 variants each, all stocked."""
    owner = register(http, f"bench-owner-{tag}-{index}@bench.mercato.cn", name=f"Bench Owner {index}")
    merchant = http.must("POST", "/merchants", token=owner.token, body={
        "name": f"Bench 商店 {tag}-{index}", "contact_email": owner.email, "business_license": f"BL-{tag}-{index:04d}"})
    http.must("POST", f"/merchants/{merchant['id']}/approve", token=ops_token)
    warehouse = http.must("POST", "/warehouses", token=owner.token,
                          body={"code": "MAIN", "name": "主仓库", "country": "CN", "city": "杭州"})
    variants: list[str] = []
    for p in range(products):
        en, zh = BENCH_GOODS[(index * 7 + p) % len(BENCH_GOODS)]
        price = 9 + (p * 37 + index * 11) % 480
        product = http.must("POST", "/products", token=owner.token, body={
            "title": {"en": f"{en} no. {p}", "zh-Hans": f"{zh} {p} 号"},
            "description": {"en": f"{en} from bench merchant {index}.", "zh-Hans": f"{zh}，基准测试商品。"},
            "category": categories[(index + p) % len(categories)],
            "variants": [{"sku": f"BN-{tag}-{index}-{p}-{size}", "price": {"amount": f"{price + k * 5}.50",
                                                                          "currency": "CNY"},
                          "attributes": {"size": size}, "weight_grams": 300} for k, size in enumerate(("S", "L"))],
        })
        for variant in product["variants"]:
            http.must("PUT", f"/variants/{variant['id']}/stock/{warehouse['id']}", token=owner.token,
                      body={"on_hand": stock})
            variants.append(variant["id"])
    return {merchant["id"]: variants}


def build_bench_catalogue(http: Http, ops_token: str, *, tag: str, merchants: int, products: int,
                          stock: int) -> dict[str, list[str]]:
    categories = ensure_categories(http, ops_token)
    made: dict[str, list[str]] = {}
    for i in range(merchants):
        made.update(create_stocked_merchant(http, ops_token, tag=tag, index=i, categories=categories,
                                            products=products, stock=stock))
    return made


@dataclass
class Catalogue:
    """What the storefront shows, discovered through the public API before measuring."""

    product_ids: list[str] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    leaves: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    stock: dict[str, dict[str, int]] = field(default_factory=dict)  # merchant → variant → available


def discover(http: Http, max_pages: int = 60) -> Catalogue:
    tree = list(walk_categories(http.must("GET", "/categories")["items"]))
    cat = Catalogue(categories=[c["slug"] for c in tree], leaves=[c["slug"] for c in tree if not c.get("children")])
    terms: Counter[str] = Counter()
    cursor: str | None = None
    for _ in range(max_pages):
        page = http.must("GET", "/products", params={"limit": 100, **({"cursor": cursor} if cursor else {})})
        for p in page["items"]:
            cat.product_ids.append(p["id"])
            for v in p["variants"]:
                cat.stock.setdefault(p["merchant_id"], {})[v["id"]] = int(v["available"])
            for title in (p.get("translations", {}).get("title") or {"": p["title"]}).values():
                terms.update(_terms(title))
        cursor = page["next_cursor"]
        if not cursor:
            break
    cat.terms = [t for t, _ in terms.most_common(60)]
    cursor = None
    for _ in range(30):  # cursors of the default page size, for "next page" requests
        page = http.must("GET", "/products", params={"limit": 20, **({"cursor": cursor} if cursor else {})})
        cursor = page["next_cursor"]
        if not cursor:
            break
        cat.cursors.append(cursor)
    return cat


def _terms(title: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", title)]
    han = re.findall(r"[\u4e00-\u9fff]{2,}", title)
    return words + [h[:2] for h in han]


# --------------------------------------------------------------------------- statistics


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, math.ceil(q / 100 * len(sorted_values)) - 1)
    return sorted_values[min(k, len(sorted_values) - 1)]


@dataclass
class Sample:
    name: str
    requests: int
    errors: int
    latencies: list[float]  # seconds, successful requests only
    wall: float
    unit: str = "req/s"

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall if self.wall > 0 else float("nan")

    def ms(self, q: float) -> float:
        return percentile(sorted(self.latencies), q) * 1000


# --------------------------------------------------------------------------- (a), (b) catalogue reads


LIST_KINDS = ("no filter", "category", "q", "in_stock=true", "next page (cursor)")


def list_params(kind: str, cat: Catalogue, rng: random.Random) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": 20}
    if kind == "category" and cat.categories:
        params["category"] = rng.choice(cat.categories)
    elif kind == "q" and cat.terms:
        params["q"] = rng.choice(cat.terms)
    elif kind == "in_stock=true":
        params["in_stock"] = "true"
    elif kind == "next page (cursor)" and cat.cursors:
        params["cursor"] = rng.choice(cat.cursors)
    return params


def timed_gets(http: Http, pool: ThreadPoolExecutor, jobs: list[tuple[str, str, dict[str, Any]]]
               ) -> tuple[list[tuple[str, Reply]], float]:
    """Run (kind, path, params) GETs on the pool's threads; returns (kind, reply) pairs and the wall time."""
    def one(job: tuple[str, str, dict[str, Any]]) -> tuple[str, Reply]:
        kind, path, params = job
        return kind, http.call("GET", path, params=params, label=f"GET {kind}")

    started = time.perf_counter()
    results = list(pool.map(one, jobs))
    return results, time.perf_counter() - started


def measure_reads(http: Http, cat: Catalogue, *, requests: int, warmup: int, concurrency: int,
                  rng: random.Random) -> list[Sample]:
    if not cat.product_ids:
        raise BenchError("the storefront lists no products: nothing to measure")
    list_jobs = [(f"/products?limit=20 [{kind}]", "/products", list_params(kind, cat, rng))
                 for kind in (LIST_KINDS[i % len(LIST_KINDS)] for i in range(requests))]
    rng.shuffle(list_jobs)
    detail_jobs = [("/products/{id}", f"/products/{rng.choice(cat.product_ids)}", {}) for _ in range(requests)]
    samples = []
    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        timed_gets(http, pool, list_jobs[:warmup] + detail_jobs[:warmup])  # warm-up, not measured
        for name, jobs in (("GET /products?limit=20 (mixed filters)", list_jobs),
                           ("GET /products/{id} (random ids)", detail_jobs)):
            results, wall = timed_gets(http, pool, jobs)
            samples.append(Sample(name, len(results), sum(1 for _, r in results if not r.ok),
                                  [r.seconds for _, r in results if r.ok], wall))
            if jobs is list_jobs:
                samples += _per_kind(results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Ctrl-C, drop the queued requests
    return samples


def _per_kind(results: list[tuple[str, Reply]]) -> list[Sample]:
    """One row per filter kind of the mixed list run (latency only: the kinds ran interleaved)."""
    by_kind: dict[str, list[Reply]] = defaultdict(list)
    for label, reply in results:
        by_kind[label.partition("[")[2].rstrip("]")].append(reply)
    return [Sample(f"&nbsp;&nbsp;· {kind}", len(by_kind[kind]), sum(1 for r in by_kind[kind] if not r.ok),
                   [r.seconds for r in by_kind[kind] if r.ok], float("nan")) for kind in LIST_KINDS]


# --------------------------------------------------------------------------- (c) checkout + payment


class LinePlanner:
    """Hands out 3 cart lines from 2 merchants, never more units of a variant than it has available."""

    def __init__(self, stock: dict[str, dict[str, int]], margin: int, rng: random.Random) -> None:
        self._left = {m: {v: n - margin for v, n in vs.items() if n - margin > 0} for m, vs in stock.items()}
        self._lock = threading.Lock()
        self._rng = rng

    def units_left(self) -> int:
        return sum(sum(vs.values()) for vs in self._left.values())

    def can_pick(self) -> bool:
        rich = [m for m, vs in self._left.items() if len(vs) >= 2]
        return bool(rich) and sum(1 for vs in self._left.values() if vs) >= 2

    def pick(self) -> list[str]:
        with self._lock:
            rich = [m for m, vs in self._left.items() if len(vs) >= 2]
            if not rich:
                raise BenchError("no merchant has 2 variants with stock left")
            first = self._rng.choice(rich)
            others = [m for m, vs in self._left.items() if vs and m != first]
            if not others:
                raise BenchError("no second merchant with stock left")
            second = self._rng.choice(others)
            chosen = self._rng.sample(sorted(self._left[first]), 2) + [self._rng.choice(sorted(self._left[second]))]
            for merchant, variant in zip((first, first, second), chosen, strict=True):
                self._left[merchant][variant] -= 1
                if self._left[merchant][variant] <= 0:
                    del self._left[merchant][variant]
            return chosen


def build_cart(http: Http, shopper: Account, planner: LinePlanner) -> str | None:
    """An open cart holding exactly 3 fresh lines (untimed); None when the set-up failed."""
    reply = http.call("POST", "/carts", label="POST /carts", token=shopper.token)
    if not reply.ok:
        return None
    cart = reply.json()
    for line in cart["lines"]:  # leftovers of an earlier failed checkout
        http.call("DELETE", f"/carts/{cart['id']}/lines/{line['id']}", label="DELETE /carts/{id}/lines/{id}",
                  token=shopper.token)
    try:
        variants = planner.pick()
    except BenchError as exc:
        http.failures.add("plan cart lines", None, str(exc))
        return None
    for variant in variants:
        added = http.call("POST", f"/carts/{cart['id']}/lines", label="POST /carts/{id}/lines", token=shopper.token,
                          body={"variant_id": variant, "quantity": 1})
        if not added.ok:
            return None
    return str(cart["id"])


def checkout_and_pay(http: Http, shopper: Account, cart_id: str) -> bool:
    """The timed part: POST /carts/{id}/checkout then POST /payments/{id}/confirm with the good card."""
    placed = http.call("POST", f"/carts/{cart_id}/checkout", label="POST /carts/{id}/checkout", token=shopper.token,
                       idempotent=True, body={"shipping_address": ADDRESS, "shipping_method": "standard"})
    if not placed.ok:
        return False
    payment_id = placed.json()["payment"]["id"]
    paid = http.call("POST", f"/payments/{payment_id}/confirm", label="POST /payments/{id}/confirm",
                     token=shopper.token, idempotent=True, body={"method": "card", "card": CARD})
    if not paid.ok:
        return False
    status = paid.json().get("status")
    if status != "succeeded":
        http.failures.add(f"POST /payments/{{id}}/confirm answered status {status!r}", paid.status, paid.text)
        return False
    return True


def checkout_level(http: Http, planner: LinePlanner, shoppers: list[Account], rounds: int) -> Sample:
    """Each shopper thread: build a cart; all meet; all check out and pay at once; all meet; next round."""
    gate = threading.Barrier(len(shoppers), timeout=BARRIER_SECONDS)
    timings: list[list[tuple[float, float, bool]]] = [[] for _ in range(rounds)]
    lock = threading.Lock()

    def shopper_thread(shopper: Account) -> None:
        try:
            for r in range(rounds):
                cart_id = build_cart(http, shopper, planner)
                gate.wait()
                if cart_id is not None:
                    started = time.perf_counter()
                    ok = checkout_and_pay(http, shopper, cart_id)
                    with lock:
                        timings[r].append((started, time.perf_counter(), ok))
                else:
                    with lock:
                        timings[r].append((math.nan, math.nan, False))
                gate.wait()
        except threading.BrokenBarrierError:
            pass
        except Exception as exc:  # an unexpected client-side error must not hang the other shoppers
            http.failures.add("bench client", None, repr(exc))
            gate.abort()

    threads = [threading.Thread(target=shopper_thread, args=(s,), daemon=True) for s in shoppers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=BARRIER_SECONDS * 2 * rounds)
    latencies = [end - start for rnd in timings for start, end, ok in rnd if ok]
    wall = sum(max(e for _, e, _ in rnd if not math.isnan(e)) - min(s for s, _, _ in rnd if not math.isnan(s))
               for rnd in timings if any(not math.isnan(s) for s, _, _ in rnd))
    attempts = len(shoppers) * rounds
    return Sample(f"checkout + payment, {len(shoppers)} concurrent shopper{'s' if len(shoppers) > 1 else ''}",
                  attempts, attempts - len(latencies), latencies, wall, unit="checkouts/s")


def checkout_planner(http: Http, cat: Catalogue, ops: Callable[[], str], *, units: int, tag: str,
                     rng: random.Random) -> tuple[LinePlanner, str]:
    """Lines come from the catalogue's well-stocked variants; if those cannot cover the run, from 2 bench
    merchants created (and stocked) through the merchant API."""
    planner = LinePlanner(cat.stock, margin=5, rng=rng)
    if planner.can_pick() and planner.units_left() >= units * 2:
        return planner, f"catalogue variants ({planner.units_left()} units available)"
    categories = cat.leaves[:4] or ensure_categories(http, ops())
    stock: dict[str, dict[str, int]] = {}
    for i in range(2):
        made = create_stocked_merchant(http, ops(), tag=f"{tag}s", index=i, categories=categories,
                                       products=6, stock=max(1000, units * 2))
        stock.update({m: dict.fromkeys(vs, max(1000, units * 2)) for m, vs in made.items()})
    return LinePlanner(stock, margin=5, rng=rng), "2 stocked bench merchants (catalogue stock was too thin)"


def measure_checkouts(http: Http, planner: LinePlanner, *, levels: list[int], checkouts: int,
                      tag: str) -> list[Sample]:
    warm = register(http, f"bench-warm-{tag}@bench.mercato.cn")
    checkout_level(http, planner, [warm], rounds=3)  # warm-up, not measured
    samples = []
    for level in levels:
        shoppers = register_many(http, f"bench-shopper-{tag}-c{level}", level)  # outside the timed part
        rounds = max(1, math.ceil(checkouts / level))
        print(f"  {level} concurrent shopper(s) × {rounds} round(s)…", flush=True)
        samples.append(checkout_level(http, planner, shoppers, rounds))
    return samples


# --------------------------------------------------------------------------- (d) SQL queries, in-process


TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


@dataclass
class QueryCount:
    name: str
    count: int
    breakdown: str
    statements: list[str]

    @property
    def data_statements(self) -> int:
        return sum(1 for s in self.statements if s.lstrip().split(" ", 1)[0].upper() not in TRANSACTION_CONTROL)


def _breakdown(statements: list[str]) -> str:
    kinds: Counter[str] = Counter()
    for s in statements:
        word = s.lstrip().split(" ", 1)[0].upper()
        kinds[word] += 1
    return ", ".join(f"{n} {k}" for k, n in kinds.most_common())


def count_queries(planner: LinePlanner, shopper: Account) -> list[QueryCount]:
    """Query counts of one checkout (3 lines, 2 merchants) and its card payment, in this process."""
    os.environ.update(bench_env(), DJANGO_SETTINGS_MODULE="mercato.config.settings.production")
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not served here
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mercato.contexts.checkout import services as checkout
    from mercato.contexts.identity.contracts import AddressData
    from mercato.contexts.payments.contracts import CardDetails
    from mercato.contexts.payments.services import payment_confirm_card
    from mercato.shared.actor import Actor

    actor = Actor(user_id=shopper.user_id)
    cart = checkout.cart_create(actor=actor)
    for variant in planner.pick():
        checkout.cart_add_line(cart_id=cart.id, variant_id=variant, quantity=1, actor=actor)
    with CaptureQueriesContext(connection) as submit_q:
        result = checkout.checkout_submit(cart_id=cart.id, address=AddressData(**ADDRESS), shipping_method="standard",
                                          email=None, actor=actor)
    card = CardDetails(number=CARD["number"], exp_month=CARD["exp_month"], exp_year=CARD["exp_year"], cvc=CARD["cvc"])
    with CaptureQueriesContext(connection) as pay_q:
        view = payment_confirm_card(payment_id=result.payment_id, card=card, actor=actor)
    if view.status != "succeeded":
        raise BenchError(f"in-process payment ended {view.status}: {view.failure_reason}")
    counts = [_count("checkout_submit (3 lines, 2 merchants)", submit_q),
              _count("payment_confirm_card, incl. after-commit event handlers", pay_q)]
    counts += _count_full_requests(planner, shopper, card_body=CARD)
    connection.close()
    return counts


def _count(name: str, captured: Any) -> QueryCount:
    statements = [q["sql"] for q in captured.captured_queries]
    return QueryCount(name, len(statements), _breakdown(statements), statements)


def _count_full_requests(planner: LinePlanner, shopper: Account, card_body: dict[str, Any]) -> list[QueryCount]:
    """The same two steps as whole HTTP requests (auth, idempotency record, middleware) via Django's client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mercato.contexts.checkout import services as checkout
    from mercato.shared.actor import Actor

    actor = Actor(user_id=shopper.user_id)
    cart = checkout.cart_create(actor=actor)
    for variant in planner.pick():
        checkout.cart_add_line(cart_id=cart.id, variant_id=variant, quantity=1, actor=actor)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {shopper.token}")

    def post(path: str, body: dict[str, Any]) -> tuple[Any, Any]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(path, data=json.dumps(body), content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        if response.status_code >= 300:
            raise BenchError(f"in-process POST {path} answered {response.status_code}: {response.content[:500]!r}")
        return response.json(), captured

    placed, checkout_q = post(f"/api/v1/carts/{cart.id}/checkout",
                              {"shipping_address": ADDRESS, "shipping_method": "standard"})
    _, pay_q = post(f"/api/v1/payments/{placed['payment']['id']}/confirm", {"method": "card", "card": card_body})
    return [_count("POST /carts/{id}/checkout, whole request with Idempotency-Key", checkout_q),
            _count("POST /payments/{id}/confirm, whole request with Idempotency-Key", pay_q)]


# --------------------------------------------------------------------------- report


@dataclass
class CpuMeter:
    """Who used the CPUs during the run: this process and the server it started, versus everything else
    (PostgreSQL, and other people's jobs on the machine, which skew the numbers)."""

    busy: float = 0.0
    total: float = 0.0
    own: float = 0.0

    @staticmethod
    def _machine() -> tuple[float, float]:
        return machine_cpu_seconds()

    @staticmethod
    def _own() -> float:  # waited-for children include the server's master and, through it, its workers
        return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                      resource.getrusage(resource.RUSAGE_CHILDREN)))

    def start(self) -> None:
        (self.busy, self.total), self.own = self._machine(), self._own()

    def stop(self) -> None:
        busy, total = self._machine()
        self.busy, self.total, self.own = busy - self.busy, total - self.total, self._own() - self.own

    def summary(self) -> str:
        return (f"{self.busy:.0f} of {self.total:.0f} CPU-seconds busy while the server ran: bench client and "
                f"server {self.own:.0f} s, PostgreSQL and all other processes {self.busy - self.own:.0f} s")


def load_average() -> str:
    """1-minute load: other processes on the machine (tests, builds) skew every number."""
    return Path("/proc/loadavg").read_text().split()[0]


@dataclass
class Report:
    settings: dict[str, str]
    machine: dict[str, str]
    data_set: str
    counts: dict[str, int]
    reads: list[Sample] = field(default_factory=list)
    checkouts: list[Sample] = field(default_factory=list)
    queries: list[QueryCount] = field(default_factory=list)
    failures: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fmt(value: float, digits: int = 1) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def render(report: Report) -> str:
    m, s = report.machine, report.settings
    counts = ", ".join(f"{n} {k}" for k, n in report.counts.items())
    out = [f"### Run of {m['date']}", "",
           f"- Machine: {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM; PostgreSQL {m['postgres']}; "
           f"Python {m['python']}; commit {m['commit']}",
           f"- Other load: 1-minute load average {m.get('load_start', '?')} before the run; {m.get('cpu_use', '?')}",
           f"- Data set: {report.data_set} — before the run: {counts}",
           f"- Server: `mercato serve --workers {s['workers']} --threads {s['threads']}` (gunicorn gthread, "
           f"production settings, no Redis); client: httpx on the same machine, {s['read_concurrency']} threads for "
           f"reads; {s['requests']} requests per read row; {s['checkouts']} checkouts per concurrency level",
           f"- Checkout lines from: {s['lines_from']}", "",
           "| measurement | requests | errors | p50 ms | p95 ms | p99 ms | throughput |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for sample in report.reads + report.checkouts:
        throughput = "" if math.isnan(sample.wall) else f"{_fmt(sample.throughput)} {sample.unit}"
        out.append(f"| {sample.name} | {sample.requests} | {sample.errors} | {_fmt(sample.ms(50))} | "
                   f"{_fmt(sample.ms(95))} | {_fmt(sample.ms(99))} | {throughput} |")
    out += ["", "| SQL queries (in-process, CaptureQueriesContext) | all | without BEGIN/COMMIT/SAVEPOINT "
                "| by statement |", "| --- | ---: | ---: | --- |"]
    out += [f"| {q.name} | {q.count} | {q.data_statements} | {q.breakdown} |" for q in report.queries]
    if report.failures:
        out += ["", f"Errors ({sum(n for n, _, _ in report.failures)} non-2xx answers or transport errors):", ""]
        out += [f"- {n} × {summary}" for n, summary, _ in report.failures[:20]]
    if report.notes:
        out += ["", *[f"- {note}" for note in report.notes]]
    return "\n".join(out) + "\n"


def write_docs(markdown: str) -> None:
    """Replace what lies between the result markers of docs/benchmarks.md (the intro stays as written)."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n\n## Results\n"
    block = f"{RESULTS_START}\n{markdown}{RESULTS_END}"
    if RESULTS_START in text and RESULTS_END in text:
        head, rest = text.split(RESULTS_START, 1)
        text = head + block + rest.split(RESULTS_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--small", action="store_true", help="seed the small demo catalogue (mercato seed-demo --small)")
    p.add_argument("--no-seed", action="store_true", help="build a small catalogue through the HTTP API instead")
    p.add_argument("--reuse", action="store_true", help="keep the existing mercato_bench database and its data")
    p.add_argument("--requests", type=int, default=500, help="requests per read measurement (default 500)")
    p.add_argument("--warmup", type=int, default=50, help="warm-up requests per read measurement")
    p.add_argument("--read-concurrency", type=int, default=8, help="client threads for the reads (default 8)")
    p.add_argument("--checkouts", type=int, default=96, help="checkouts per concurrency level (default 96)")
    p.add_argument("--concurrency", default="1,8,32", help="concurrent shoppers per level (default 1,8,32)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--access-log", action="store_true", help="let the server log every request")
    p.add_argument("--show-sql", action="store_true", help="print the SQL of the counted checkout and payment")
    p.add_argument("--seed", type=int, default=20251126, help="random seed of the request mix")
    p.add_argument("--write-docs", action="store_true", help="replace the results section of docs/benchmarks.md")
    args = p.parse_args(argv)
    args.levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    if args.requests < 1 or args.checkouts < 1 or not args.levels or min(args.levels) < 1:
        p.error("--requests, --checkouts and --concurrency must be positive")
    return args


def prepare(args: argparse.Namespace) -> tuple[str, bool]:
    """The database, migrated and loaded; returns (data set description, whether to build via the API)."""
    reused = args.reuse and database_exists()
    print("Preparing database " + DB_NAME + (" (reused)" if reused else " (dropped and re-created)"), flush=True)
    if not reused:
        recreate_database()
    run_cli("migrate", timeout=600)
    loaded = reused and table_counts().get("products", 0) > 0
    if args.no_seed:
        return "bench catalogue built through the HTTP API (--no-seed)", not loaded
    if not loaded:
        run_cli("seed-demo", *(["--small"] if args.small else []), timeout=3 * 3600)
    return ("small demo catalogue (`mercato seed-demo --small`)" if args.small
            else "full demo catalogue (`mercato seed-demo`)"), False


def run(args: argparse.Namespace, log_path: Path) -> Report:
    load_start = load_average()
    rng = random.Random(args.seed)
    tag = format(int(time.time() * 1000) % 36**6, "x")
    data_set, build_via_api = prepare(args)
    failures, cpu = Failures(), CpuMeter()
    cpu.start()
    with running_server(args.workers, args.threads, log_path, args.access_log) as base:
        http = Http(base, failures)
        try:
            report = measure(args, http, rng, tag=tag, data_set=data_set, build_via_api=build_via_api)
        finally:
            http.close()
    cpu.stop()
    report.machine.update(load_start=load_start, cpu_use=cpu.summary())
    return report


def measure(args: argparse.Namespace, http: Http, rng: random.Random, *, tag: str, data_set: str,
            build_via_api: bool) -> Report:
    ops_cache: list[str] = []

    def ops() -> str:
        if not ops_cache:
            ops_cache.append(operator_token(http))
        return ops_cache[0]

    if build_via_api:
        print("Building the bench catalogue through the API…", flush=True)
        build_bench_catalogue(http, ops(), tag=tag, merchants=4, products=25, stock=100_000)
    counts = table_counts()
    print(f"Data set: {data_set}: {counts}", flush=True)
    cat = discover(http)
    print(f"Discovered {len(cat.product_ids)} listed products, {len(cat.categories)} categories, "
          f"{len(cat.terms)} search words, {len(cat.cursors)} page cursors", flush=True)
    units = 3 * (3 + args.checkouts * len(args.levels) + sum(args.levels) + 4)
    planner, lines_from = checkout_planner(http, cat, ops, units=units, tag=tag, rng=rng)
    settings = {"workers": str(args.workers), "threads": str(args.threads), "requests": str(args.requests),
                "read_concurrency": str(args.read_concurrency), "checkouts": str(args.checkouts),
                "lines_from": lines_from}
    report = Report(settings=settings, machine=_machine_of(PG_ADMIN_URL), data_set=data_set, counts=counts)
    mark = len(http.failures.since(0))  # set-up errors abort the run; the report lists the measured part's
    print("Measuring catalogue reads…", flush=True)
    report.reads = measure_reads(http, cat, requests=args.requests, warmup=args.warmup,
                                 concurrency=args.read_concurrency, rng=rng)
    print("Measuring checkout + payment…", flush=True)
    report.checkouts = measure_checkouts(http, planner, levels=args.levels, checkouts=args.checkouts, tag=tag)
    print("Counting SQL queries in-process…", flush=True)
    report.queries = count_queries(planner, register(http, f"bench-sql-{tag}@bench.mercato.cn"))
    if args.show_sql:
        for q in report.queries:
            print(f"\n-- {q.name}: {q.count} queries\n" + "\n".join(f"{i + 1:3}. {s}" for i, s in
                                                                     enumerate(q.statements)))
    report.failures = http.failures.grouped(http.failures.since(mark))
    return report


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM: leave through the same clean-up path as Ctrl-C


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    log_path = Path(tempfile.mkdtemp(prefix="mercato-bench-")) / "server.log"
    print(f"Server log: {log_path}", flush=True)
    try:
        report = run(args, log_path)
    except KeyboardInterrupt:
        print("\ninterrupted; the server was stopped", file=sys.stderr)
        return 130
    except BenchError as exc:
        print(f"\nbench failed: {exc}\n(server log: {log_path})", file=sys.stderr)
        return 1
    markdown = render(report)
    print("\n" + markdown)
    for n, summary, body in report.failures[:20]:
        print(f"{n} × {summary}\n    sample body: {body[:1000]}\n")
    if report.failures:
        print(f"(server log, with any tracebacks: {log_path})")
    if args.write_docs:
        write_docs(markdown)
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
