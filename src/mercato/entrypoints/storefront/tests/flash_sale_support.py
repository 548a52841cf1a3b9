"""Flash-sale page tests run the purchase on the database path (no Redis gate), each starting with this
process's rate limits, sold-out memos and item snapshots forgotten; and a live sale on the world's phone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings

from conftest import World
from mercato.contexts.flashsales import gate as gate_module
from mercato.contexts.flashsales import local_limits, snapshots
from mercato.shared import clock


@pytest.fixture(autouse=True)
def flash_sales_on_the_database_path() -> Iterator[None]:
    with override_settings(MERCATO_FLASH_GATE_URL=""):
        gate_module.reset_for_tests()
        snapshots.forget_all()
        local_limits.reset_for_tests()
        yield
    gate_module.reset_for_tests()


def schedule(world: World, *, units: int = 3, limit: int = 1, price: str = "999.00",
             starts_in: timedelta = timedelta(0)) -> dict[str, Any]:
    """A one-hour sale of A-PHONE scheduled through the API (live at once unless ``starts_in``)."""
    starts = clock.now() + starts_in
    r = world.a.api.post("/flash-sales", {
        "title": {"zh-Hans": "双十一秒杀", "en": "Singles' Day flash sale"},
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "payment_minutes": 10,
        "items": [{"variant_id": world.a.variants["A-PHONE"], "sale_price": price, "units": units,
                   "per_buyer_limit": limit}]})
    assert r.status_code == 201, r.body
    return dict(r.body)
