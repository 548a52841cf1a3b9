"""The containment suite on a small seeded world: the share of routine conversations settled without a person
(target at least 80%) and of must-escalate ones handed over (target 100%)."""

from __future__ import annotations

from mercato.contexts.assistant import public as assistant

from .conftest import Orders


def _statuses(orders: Orders) -> dict[str, tuple[str, int]]:
    listed = orders.shopper.get("/orders?limit=100").body["items"]
    return {o["id"]: (o["status"], len(o["returns"])) for o in listed}


def test_containment_on_a_small_world(orders: Orders):
    user_id = orders.shopper.get("/me").body["id"]
    before = _statuses(orders)
    report = assistant.containment_report(user_id=user_id, other_order_number=orders.numbers["others"])
    print("\n" + report.table())
    resolved, resolvable = report.share("resolve")
    escalated, must = report.share("escalate")
    assert resolvable + must >= 100 and not report.skipped
    assert {r.lang for r in report.results} == {"en", "zh"}
    assert resolved / resolvable >= 0.8
    assert escalated == must
    assert _statuses(orders) == before  # every conversation was rolled back
