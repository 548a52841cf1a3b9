"""200 buyers race for 50 flash-sale units on PostgreSQL: through the Redis gate, on the database path, and with
Redis killed in the middle of the sale (a private redis-server this test starts and kills).

Each buyer sends two attempts at once (a double tap), so the per-buyer limit is raced too. Attempts run on a
bounded pool of threads, each with its own database connection (PostgreSQL allows 100 by default).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.test import override_settings

from conftest import ADDRESS, World, build_world
from mercato.contexts.flashsales import gate as gate_module
from mercato.contexts.flashsales import local_limits, snapshots
from mercato.contexts.flashsales.purchase import PurchaseRequest, purchase
from mercato.contexts.flashsales.reconciliation import reconcile_live, sale_reconciliation
from mercato.contexts.flashsales.selectors import sale_get
from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.inventory.public import available_totals, consistency_problems
from mercato.contexts.orders.models import OrderLine
from mercato.shared import clock
from mercato.shared.actor import Actor, system_actor
from mercato.shared.errors import MercatoError

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
BUYERS, UNITS, WORKERS = 200, 50, 32


@pytest.fixture(autouse=True)
def _postgres_only() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL (set DATABASE_URL)")
    gate_module.reset_for_tests()
    snapshots.forget_all()
    local_limits.reset_for_tests()
    with override_settings(MERCATO_FLASH_RATE_PER_IP=1_000_000):  # every buyer shares 127.0.0.1 here
        yield
    gate_module.reset_for_tests()


def _sale(world: World) -> tuple[str, str, str]:
    variant = world.a.variants["A-CASE"]
    starts = clock.now()
    r = world.a.api.post("/flash-sales", {
        "title": "秒杀", "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "items": [{"variant_id": variant, "sale_price": "9.90", "units": UNITS, "per_buyer_limit": 1}]})
    assert r.status_code == 201, r.body
    return r.body["id"], r.body["items"][0]["id"], variant


def _buyers() -> list[str]:
    return [identity.user_register(email=f"rush{i}@example.com", password="Passw0rd!x", name=f"Rush {i}").id
            for i in range(BUYERS)]


def _race(sale_id: str, item_id: str, buyers: list[str], *, during: Callable[[int], None] | None = None
          ) -> list[tuple[str, Any]]:
    """Every buyer taps twice; returns (buyer, PurchaseResult or the refusal) for each attempt."""
    accepted = 0
    lock = threading.Lock()

    def one(buyer: str) -> tuple[str, Any]:
        nonlocal accepted
        try:
            request = PurchaseRequest(sale_id=sale_id, item_id=item_id, quantity=1, address=AddressData(**ADDRESS),
                                      shipping_method="standard", idempotency_key="", ip="127.0.0.1")
            result: Any = purchase(request=request, actor=Actor(user_id=buyer))
            with lock:
                accepted += 1
                count = accepted
            if during is not None:
                during(count)
        except MercatoError as exc:
            result = exc
        except Exception as exc:  # surfaced by the assertions: no attempt may fail with anything else
            result = exc
        finally:
            connections.close_all()
        return buyer, result

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, [b for b in buyers for _ in range(2)]))


def _assert_exactly_sold(outcomes: list[tuple[str, Any]], sale_id: str, variant: str, before: int) -> None:
    winners = [buyer for buyer, result in outcomes if hasattr(result, "order_id")]
    refusals = Counter(type(result).__name__ for _, result in outcomes if not hasattr(result, "order_id"))
    assert len(winners) == UNITS, refusals
    assert len(set(winners)) == UNITS  # 50 distinct buyers: no double tap won twice
    assert set(refusals) <= {"SoldOut", "BuyerLimitReached"}, refusals
    assert OrderLine.objects.filter(variant_id=variant, order__placed_at__isnull=False).count() == UNITS
    assert available_totals([variant])[variant] == before - UNITS  # 0 oversold, none lost
    assert consistency_problems() == []


def test_gate_200_buyers_50_units(live_redis_url: str) -> None:
    with override_settings(MERCATO_FLASH_GATE_URL=live_redis_url):
        world = build_world()
        before = available_totals([world.a.variants["A-CASE"]])[world.a.variants["A-CASE"]]
        sale_id, item_id, variant = _sale(world)
        outcomes = _race(sale_id, item_id, _buyers())
        _assert_exactly_sold(outcomes, sale_id, variant, before)
        report = sale_reconciliation(sale_get(sale_id))
        assert all(r.agree for r in report), report
        assert report[0].left_in_gate == 0 and report[0].in_flight == 0


def test_database_path_200_buyers_50_units() -> None:
    with override_settings(MERCATO_FLASH_GATE_URL=""):
        world = build_world()
        before = available_totals([world.a.variants["A-CASE"]])[world.a.variants["A-CASE"]]
        sale_id, item_id, variant = _sale(world)
        outcomes = _race(sale_id, item_id, _buyers())
        _assert_exactly_sold(outcomes, sale_id, variant, before)
        assert all(r.agree for r in sale_reconciliation(sale_get(sale_id)))


def test_redis_killed_in_the_middle_of_the_sale_then_restarted() -> None:
    with private_redis() as server, override_settings(MERCATO_FLASH_GATE_URL=server.url):
        world = build_world()
        before = available_totals([world.a.variants["A-CASE"]])[world.a.variants["A-CASE"]]
        sale_id, item_id, variant = _sale(world)
        buyers = _buyers()

        def kill_at_15(accepted: int) -> None:
            if accepted == 15:
                server.kill()

        outcomes = _race(sale_id, item_id, buyers, during=kill_at_15)
        assert not server.running
        _assert_exactly_sold(outcomes, sale_id, variant, before)
        admitted_by = Counter(r.admitted_by for _, r in outcomes if hasattr(r, "order_id"))
        assert admitted_by["gate"] >= 15 and admitted_by["database"] >= 1, admitted_by
        # Redis comes back empty: the reconcile job rebuilds the gate from the database
        server.start()
        time.sleep(gate_module.BREAKER_SECONDS)
        assert reconcile_live(system_actor("test")) == 1
        report = sale_reconciliation(sale_get(sale_id))
        assert report[0].left_in_gate == 0 and all(r.agree for r in report), report
        late = identity.user_register(email="late@example.com", password="Passw0rd!x", name="Late").id
        (_, refusal), _ = _race(sale_id, item_id, [late])
        assert type(refusal).__name__ == "SoldOut"


@pytest.fixture
def live_redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL")
    return url


class PrivateRedis:
    """A redis-server of this test's own, on a free port, without persistence: killing it loses everything."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class private_redis:  # noqa: N801  (used as a context manager)
    def __enter__(self) -> PrivateRedis:
        if shutil.which("redis-server") is None:
            pytest.skip("needs redis-server on PATH")
        self.server = PrivateRedis()
        self.server.start()
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.kill()
