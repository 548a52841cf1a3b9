"""Paying: declines and retries, authentication, cash on delivery, idempotency, expiry, crash recovery."""

from datetime import datetime, timedelta

import pytest

from conftest import GOOD_CARD, Api, buy, register
from mercato.contexts.inventory.public import consistency_problems
from mercato.contexts.payments.public import journal_problems
from mercato.shared import clock, events, jobs

DECLINED = {**GOOD_CARD, "number": "4000000000000002"}
NO_FUNDS = {**GOOD_CARD, "number": "4000000000009995"}
NEEDS_AUTH = {**GOOD_CARD, "number": "4000000000003220"}


def _pending(world, email):
    shopper = register(email)
    return shopper, buy(shopper, [(world.a.variants["A-CASE"], 1)], card=None)


@pytest.mark.parametrize(("card", "reason"), [(DECLINED, "card_declined"), (NO_FUNDS, "insufficient_funds")])
def test_a_failed_attempt_is_recorded_and_another_card_can_pay(world, card, reason):
    shopper, result = _pending(world, f"p-{reason}@example.com")
    pid = result["payment"]["id"]
    failed = shopper.post(f"/payments/{pid}/confirm", {"method": "card", "card": card})
    assert failed.status_code == 200 and failed.body["status"] == "failed" and failed.body["failure_reason"] == reason
    assert shopper.get(f"/payments/{pid}").body["status"] == "requires_payment"
    ok = shopper.post(f"/payments/{pid}/confirm", {"method": "card", "card": GOOD_CARD})
    assert ok.body["status"] == "succeeded"
    detail = shopper.get(f"/payments/{pid}")
    assert [a["outcome"] for a in detail.body["attempts"]] == ["failed", "succeeded"]
    assert card["number"] not in detail.content.decode() and GOOD_CARD["number"] not in detail.content.decode()
    assert [a["card_last4"] for a in detail.body["attempts"]] == [card["number"][-4:], "4242"]


def test_authentication_step_with_wrong_then_right_code(world):
    shopper, result = _pending(world, "p-3ds@example.com")
    pid = result["payment"]["id"]
    assert shopper.post(f"/payments/{pid}/confirm", {"method": "card", "card": NEEDS_AUTH}).body["status"] == \
        "requires_action"
    wrong = shopper.post(f"/payments/{pid}/authenticate", {"code": "000000"}).body
    assert (wrong["status"], wrong["failure_reason"]) == ("failed", "authentication_failed")
    assert shopper.get(f"/payments/{pid}").body["status"] == "requires_payment"
    shopper.post(f"/payments/{pid}/confirm", {"method": "card", "card": NEEDS_AUTH})
    assert shopper.post(f"/payments/{pid}/authenticate", {"code": "123456"}).body["status"] == "succeeded"
    assert shopper.get(f"/orders/{result['orders'][0]['id']}").body["status"] == "paid"


def test_confirming_twice_is_a_conflict_and_the_same_idempotency_key_replays(world):
    shopper, result = _pending(world, "p-twice@example.com")
    pid, key = result["payment"]["id"], {"Idempotency-Key": "pay-once-1"}
    body = {"method": "card", "card": GOOD_CARD}
    first = shopper.post(f"/payments/{pid}/confirm", body, headers=key)
    replay = shopper.post(f"/payments/{pid}/confirm", body, headers=key)
    assert first.status_code == replay.status_code == 200 and first.body == replay.body
    other_body = shopper.post(f"/payments/{pid}/confirm", {"method": "cod"}, headers=key)
    assert other_body.status_code == 422
    again = shopper.post(f"/payments/{pid}/confirm", body)
    assert again.status_code == 409 and again.body["current_status"] == "succeeded"
    assert len(shopper.get(f"/payments/{pid}").body["attempts"]) == 1
    assert journal_problems() == []


def test_checkout_submitted_twice_creates_one_set_of_orders(world):
    shopper = register("p-dup@example.com")
    cart = shopper.post("/carts").body["id"]
    shopper.post(f"/carts/{cart}/lines", {"variant_id": world.a.variants["A-CASE"], "quantity": 1})
    from conftest import ADDRESS

    body, key = {"shipping_address": ADDRESS}, {"Idempotency-Key": "checkout-1"}
    first = shopper.post(f"/carts/{cart}/checkout", body, headers=key)
    replay = shopper.post(f"/carts/{cart}/checkout", body, headers=key)
    assert first.status_code == replay.status_code == 201 and first.body == replay.body
    no_key = shopper.post(f"/carts/{cart}/checkout", body)
    assert no_key.status_code == 409 and no_key.body["checkout_id"] == first.body["checkout_id"]
    assert len(shopper.get("/orders").body["items"]) == 1


def test_unpaid_reservation_expires_cancels_the_order_and_releases_stock(world):
    shopper, result = _pending(world, "p-expiry@example.com")
    deadline = datetime.fromisoformat(result["reserved_until"])
    stock = world.a.api.get(f"/variants/{world.a.variants['A-CASE']}/stock").body
    assert stock["available"] == 99
    assert jobs.run_job("release-expired-reservations", deadline - timedelta(seconds=1)) == 0
    assert jobs.run_job("release-expired-reservations", deadline) == 1
    order = shopper.get(f"/orders/{result['orders'][0]['id']}").body
    assert order["status"] == "cancelled" and order["history"][-1]["reason"] == "reservation expired"
    assert world.a.api.get(f"/variants/{world.a.variants['A-CASE']}/stock").body["available"] == 100
    late = shopper.post(f"/payments/{result['payment']['id']}/confirm", {"method": "card", "card": GOOD_CARD})
    assert late.status_code == 409
    assert consistency_problems() == []


def test_paying_at_the_last_moment_wins_over_the_expiry_job(world):
    shopper, result = _pending(world, "p-race@example.com")
    deadline = datetime.fromisoformat(result["reserved_until"])
    # access tokens live as long as reservations (15 min): sign in after checking out, so the token issued at
    # registration cannot expire before the last second of the reservation on a slow machine
    token = Api().post("/auth/token", {"email": "p-race@example.com", "password": "Passw0rd!x"}).body["token"]
    shopper = Api(token)
    with clock.frozen_at(deadline - timedelta(seconds=1)):
        paid = shopper.post(f"/payments/{result['payment']['id']}/confirm", {"method": "card", "card": GOOD_CARD})
    assert paid.body["status"] == "succeeded"
    assert jobs.run_job("release-expired-reservations", deadline + timedelta(minutes=5)) == 0
    assert shopper.get(f"/orders/{result['orders'][0]['id']}").body["status"] == "paid"


def test_a_crash_between_capture_and_order_update_is_recovered_by_the_outbox_job(world, monkeypatch):
    shopper, result = _pending(world, "p-crash@example.com")
    monkeypatch.setattr(events, "dispatch_published", lambda: 0)  # the process dies right after commit
    paid = shopper.post(f"/payments/{result['payment']['id']}/confirm", {"method": "card", "card": GOOD_CARD})
    assert paid.body["status"] == "succeeded"
    order_url = f"/orders/{result['orders'][0]['id']}"
    assert shopper.get(order_url).body["status"] == "pending_payment"
    monkeypatch.undo()
    assert jobs.run_job("dispatch-outbox") >= 1
    assert shopper.get(order_url).body["status"] == "paid"
    assert jobs.run_job("dispatch-outbox") == 0  # delivered once
    stock = world.a.api.get(f"/variants/{world.a.variants['A-CASE']}/stock").body
    assert (stock["reserved"], stock["allocated"], stock["available"]) == (0, 1, 99)
    assert journal_problems() == [] and consistency_problems() == []
