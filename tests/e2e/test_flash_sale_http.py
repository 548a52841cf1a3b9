"""A flash sale over HTTP against a real `mercato serve` (2 worker processes): 30 shoppers double-tap for 10 units.

With REDIS_URL set (CI) the server admits through the Redis gate and places admitted purchases in groups;
without it, through the database path. Either way exactly 10 distinct shoppers win and gate and database agree.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from .conftest import World
from .live_server import SHIPPING_ADDRESS, ApiClient

pytestmark = pytest.mark.e2e
SHOPPERS, UNITS = 30, 10


def test_thirty_shoppers_double_tap_for_ten_units(world: World) -> None:
    variant = world.new_variant(world.merchant_a, "299.00", stock=40, title="Flash earbuds")
    starts = datetime.now(UTC)
    sale = world.merchant_a.staff.call("POST", "/flash-sales", 201, json={
        "title": {"zh-Hans": "限时秒杀", "en": "Flash sale"}, "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "items": [{"variant_id": variant.id, "sale_price": "99.00", "units": UNITS, "per_buyer_limit": 1}]})
    assert sale["status"] == "live" and sale["items"][0]["remaining"] == UNITS
    shoppers = [world.new_shopper() for _ in range(SHOPPERS)]
    body = {"item_id": sale["items"][0]["id"], "shipping_address": dict(SHIPPING_ADDRESS)}

    def tap(shopper: ApiClient) -> tuple[int, dict[str, object]]:
        response = shopper.request("POST", f"/flash-sales/{sale['id']}/purchases", json=body)
        return response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(tap, [s for s in shoppers for _ in range(2)]))
    won = [(i // 2, a) for i, (code, a) in enumerate(answers) if code == 201]
    refused = {str(a["type"]).rsplit("/", 1)[1] for code, a in answers if code != 201}
    assert len(won) == UNITS and len({who for who, _ in won}) == UNITS, answers
    assert refused <= {"sold-out", "buyer-limit"}, answers
    assert {a["order"]["total"]["amount"] for _, a in won} == {"99.00"}  # type: ignore[index]
    expected_path = "gate" if os.environ.get("REDIS_URL") else "database"
    assert {a["admitted_by"] for _, a in won} == {expected_path}
    report = world.merchant_a.staff.call("GET", f"/flash-sales/{sale['id']}/reconciliation")
    assert report["agree"] and report["items"][0]["sold"] == UNITS and report["items"][0]["left_in_database"] == 0
    stock = world.merchant_a.staff.call("GET", f"/variants/{variant.id}/stock")
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (40, UNITS, 40 - UNITS)  # held for the orders
