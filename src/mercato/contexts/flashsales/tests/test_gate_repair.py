"""The Redis gate is a copy the database can always rebuild: after a restart, a wrong count, a dead request."""

from __future__ import annotations

import pytest
from django.conf import settings

from conftest import World
from mercato.contexts.flashsales import gate as gate_module
from mercato.contexts.flashsales.models import SaleChange
from mercato.contexts.flashsales.reconciliation import item_load_gate, reconcile_live
from mercato.shared.actor import system_actor

from .conftest import attempt, schedule, shoppers

pytestmark = pytest.mark.django_db


@pytest.fixture
def gate(path: str) -> gate_module.Gate:
    if path != "gate":
        pytest.skip("about the Redis gate")
    g = gate_module.gate()
    assert g is not None
    return g


def _flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def test_after_redis_lost_everything_the_next_attempt_reloads_the_gate(world: World, gate: gate_module.Gate) -> None:
    sale = schedule(world, units=3)
    item = sale["items"][0]["id"]
    fans = shoppers(3)
    assert attempt(fans[0], sale).status_code == 201
    _flush(settings.MERCATO_FLASH_GATE_URL)  # what a restart without persistence looks like
    assert gate.state(item) == (None, 0)
    assert attempt(fans[0], sale).body["type"].endswith("/buyer-limit")  # the tallies came back too
    assert attempt(fans[1], sale).status_code == 201
    assert gate.state(item) == (1, 0)


def test_reconcile_repairs_a_wrong_count_and_records_it(world: World, gate: gate_module.Gate) -> None:
    sale = schedule(world, units=3)
    item = sale["items"][0]["id"]
    (fan,) = shoppers(1)
    assert attempt(fan, sale).status_code == 201
    gate._client.set(f"fs:{{{item}}}:left", 40)  # a gate that drifted upwards would admit too many
    assert reconcile_live(system_actor("test")) == 1
    assert gate.state(item) == (2, 0)
    change = SaleChange.objects.get(kind="gate_repaired")
    assert change.detail["gate_before"] == 40 and change.detail["gate_after"] == 2


def test_units_of_a_request_that_died_after_admission_come_back(world: World, gate: gate_module.Gate,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sale = schedule(world, units=2)
    item = sale["items"][0]["id"]
    item_load_gate(gate, item)  # (the sale's opening loads it after commit; tests run inside one transaction)
    monkeypatch.setattr(gate_module, "TOKEN_SECONDS", -1)  # its deadline has already passed
    verdict = gate.admit(item_id=item, buyer="usr_ghost", quantity=1, limit=1, token="t-dead", idempotency_key="",
                         ip="10.0.0.1", ip_limit=100, account_limit=100, window=10)
    assert verdict.outcome == "admitted" and gate.state(item) == (1, 1)
    reconcile_live(system_actor("test"))
    assert gate.state(item) == (2, 0)


def test_a_live_request_keeps_its_units_through_a_reconcile(world: World, gate: gate_module.Gate) -> None:
    sale = schedule(world, units=2)
    item = sale["items"][0]["id"]
    item_load_gate(gate, item)
    verdict = gate.admit(item_id=item, buyer="usr_slow", quantity=1, limit=1, token="t-live", idempotency_key="",
                         ip="10.0.0.1", ip_limit=100, account_limit=100, window=10)
    assert verdict.outcome == "admitted"
    reconcile_live(system_actor("test"))
    assert gate.state(item) == (1, 1)  # still in flight: not given to anyone else
    again = gate.admit(item_id=item, buyer="usr_slow", quantity=1, limit=1, token="t-2", idempotency_key="",
                       ip="10.0.0.1", ip_limit=100, account_limit=100, window=10)
    assert again.outcome == "limit"


def test_a_key_the_gate_forgot_still_answers_with_the_first_purchase(world: World, gate: gate_module.Gate) -> None:
    sale = schedule(world, units=5, limit=3)
    item = sale["items"][0]["id"]
    (fan,) = shoppers(1)
    first = attempt(fan, sale, key="tap-1")
    assert first.status_code == 201
    _flush(settings.MERCATO_FLASH_GATE_URL)  # the gate's memory of the key is gone with the restart
    again = attempt(fan, sale, key="tap-1")
    assert again.status_code == 201 and again.body["purchase_id"] == first.body["purchase_id"]
    assert gate.state(item) == (4, 0)  # the repeat's admission gave its unit back
    assert fan.get(f"/flash-sales/{sale['id']}").body["items"][0]["sold"] == 1
