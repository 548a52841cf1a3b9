"""Flash sale fixtures: a sale on the world's A-PHONE, and a switch between the gate and the database path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings

from conftest import ADDRESS, Api, World, register
from mercato.contexts.flashsales import gate as gate_module
from mercato.contexts.flashsales import local_limits, snapshots
from mercato.shared import clock


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    gate_module.reset_for_tests()
    snapshots.forget_all()
    local_limits.reset_for_tests()
    yield
    gate_module.reset_for_tests()
    snapshots.forget_all()
    local_limits.reset_for_tests()


@pytest.fixture(params=["database", "gate"])
def path(request: Any) -> Iterator[str]:
    """Run a test on the database path and (when Redis is configured) through the Redis gate."""
    if request.param == "gate":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("the Redis gate needs REDIS_URL (CI runs these on the PostgreSQL + Redis step)")
        with override_settings(MERCATO_FLASH_GATE_URL=url):
            gate_module.reset_for_tests()
            yield "gate"
    else:
        with override_settings(MERCATO_FLASH_GATE_URL=""):
            gate_module.reset_for_tests()
            yield "database"
    gate_module.reset_for_tests()


def schedule(world: World, *, units: int = 3, limit: int = 1, price: str = "999.00", sku: str = "A-PHONE",
             starts_in: timedelta = timedelta(0), lasts: timedelta = timedelta(hours=1),
             payment_minutes: int = 10) -> dict[str, Any]:
    starts = clock.now() + starts_in
    r = world.a.api.post("/flash-sales", {
        "title": {"zh-Hans": "双十一秒杀", "en": "Singles' Day flash sale"},
        "starts_at": starts.isoformat(), "ends_at": (starts + lasts).isoformat(),
        "payment_minutes": payment_minutes,
        "items": [{"variant_id": world.a.variants[sku], "sale_price": price, "units": units,
                   "per_buyer_limit": limit}]})
    assert r.status_code == 201, r.body
    return dict(r.body)


def attempt(shopper: Api, sale: dict[str, Any], *, quantity: int = 1, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else None
    return shopper.post(f"/flash-sales/{sale['id']}/purchases",
                        {"item_id": sale["items"][0]["id"], "quantity": quantity, "shipping_address": ADDRESS},
                        headers=headers)


def shoppers(n: int, prefix: str = "fan") -> list[Api]:
    return [register(f"{prefix}{i}@example.com", name=f"Fan {i}") for i in range(n)]
