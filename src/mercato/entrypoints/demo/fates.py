"""What happens to each checkout after it is placed: a timeline of events, drawn from the seeded random source.

Most orders are paid, shipped, delivered and confirmed; some are abandoned or cancelled, some returned. The
timeline is drawn whole and the lifecycle applies only the events before the reference moment, so the newest
orders are naturally still open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings

from mercato.shared import clock

from .people_texts import CARRIERS
from .seasons import SPRING_FESTIVAL

if TYPE_CHECKING:
    from .plan import Plan

CANCEL_REASONS = ("不想要了 / changed my mind", "拍错了 / ordered by mistake", "地址填错了 / wrong address",
                  "找到更便宜的了 / found it cheaper")
RETURN_REASONS = ("尺码不合适 / wrong size", "颜色与图片不符 / colour differs from the photos",
                  "七天无理由退货 / no-reason return", "买多了 / bought too many", "不喜欢 / didn't like it")
ORDER_FATES = (("keep", "cancel_paid", "return_full", "return_partial", "return_rejected", "late_return"),
               (915, 20, 25, 25, 7, 8))
CARDS = (("visa", "4242"), ("mastercard", "4444"), ("unionpay", "0005"))
CARD_WEIGHTS = (55, 20, 25)
FAILURES = ("card_declined", "insufficient_funds")


@dataclass(slots=True)
class Event:
    at: datetime
    kind: str
    order: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _between(rng: random.Random, start: datetime, low_hours: float, high_hours: float) -> datetime:
    return start + timedelta(seconds=int(rng.uniform(low_hours, high_hours) * 3600))


def _staff(rng: random.Random, plan: Plan, order: int) -> str:
    return f"staff:{rng.choice(plan.merchants[plan.orders[order].merchant].staff)}"


def _ship_time(rng: random.Random, plan: Plan, order: int, paid: datetime) -> datetime:
    """The shop's usual lead time, longer after the big sales; couriers rest over the Spring Festival."""
    low, high = plan.merchants[plan.orders[order].merchant].profile.ship_hours
    ship = _between(rng, paid, low, high)
    day = clock.local_date(paid)
    if (day.month, day.day) in ((6, 18), (11, 11), (11, 12)):
        ship += timedelta(hours=rng.uniform(12, 60))
    festival = SPRING_FESTIVAL[clock.local_date(ship).year]
    if -3 <= (clock.local_date(ship) - festival).days <= 5:
        ship = _between(rng, ship + timedelta(days=6 - (clock.local_date(ship) - festival).days), 0, 10)
    return ship


def _shipment(rng: random.Random, plan: Plan, order: int, at: datetime) -> Event:
    carrier, prefix, digits = rng.choice(CARRIERS)
    tracking = prefix + "".join(str(rng.randrange(10)) for _ in range(digits - len(prefix)))
    return Event(at, "ship", order, {"carrier": carrier, "tracking": tracking, "actor": _staff(rng, plan, order)})


def _returned_lines(rng: random.Random, plan: Plan, order: int, fate: str) -> list[tuple[int, int]]:
    lines = plan.orders[order].lines
    returnable = [i for i in lines if not (plan.lines[i].is_perishable or plan.lines[i].is_custom_made)]
    if fate == "return_full" and len(returnable) == len(lines):
        return [(i, plan.lines[i].quantity) for i in lines]
    line = rng.choice(returnable)
    return [(line, rng.randint(1, plan.lines[line].quantity))]


def _return_events(rng: random.Random, plan: Plan, order: int, fate: str, delivered: datetime,
                   deadline: datetime, buyer: str) -> list[Event]:
    events = []
    request = _between(rng, delivered, 6, 5 * 24)
    if fate == "late_return":  # receipt confirmed early: the refund comes out of the merchant's balance
        confirm = _between(rng, delivered, 2, 20)
        events.append(Event(confirm, "confirm", order, {"actor": buyer}))
        request = _between(rng, confirm, 6, 3 * 24)
    request = min(request, deadline - timedelta(hours=1))
    reason = rng.choice(RETURN_REASONS)
    events.append(Event(request, "return_request", order,
                        {"actor": buyer, "reason": reason, "lines": _returned_lines(rng, plan, order, fate)}))
    staff = _staff(rng, plan, order)
    if fate == "return_rejected":
        return [*events, Event(_between(rng, request, 24, 72), "return_reject", order, {"actor": staff})]
    decided = request
    if rng.random() < 0.3:
        decided = _between(rng, request, 3, 30)
        events.append(Event(decided, "return_approve", order, {"actor": staff}))
    return [*events, Event(_between(rng, decided, 48, 144), "return_receive", order, {"actor": staff})]


def _order_events(rng: random.Random, plan: Plan, order: int, paid: datetime, cod: bool, buyer: str,
                  express: bool) -> list[Event]:
    fate = ("refuse" if rng.random() < 0.1 else "keep") if cod else rng.choices(*ORDER_FATES)[0]
    if fate == "cancel_paid":
        return [Event(_between(rng, paid, 0.2, 6), "cancel", order, {"actor": buyer,
                                                                     "reason": rng.choice(CANCEL_REASONS)})]
    ship = _ship_time(rng, plan, order, paid)
    delivered = _between(rng, ship, *((18, 40) if express else (30, 96)))
    staff = _staff(rng, plan, order)
    events = [_shipment(rng, plan, order, ship)]
    if fate == "refuse":
        return [*events, Event(delivered, "refuse", order, {"actor": staff})]
    events.append(Event(delivered, "deliver", order, {"actor": staff}))
    deadline = clock.end_of_local_day_after(delivered, settings.MERCATO_RETURN_WINDOW_DAYS)
    auto = clock.end_of_local_day_after(delivered, settings.MERCATO_AUTO_CONFIRM_DAYS)
    returnable = any(not (plan.lines[i].is_perishable or plan.lines[i].is_custom_made)
                     for i in plan.orders[order].lines)
    if fate != "keep" and returnable:
        events += _return_events(rng, plan, order, fate, delivered, deadline, buyer)
    elif rng.random() < 0.55:
        events.append(Event(_between(rng, delivered, 2, 6 * 24), "confirm", order, {"actor": buyer}))
    events.append(Event(_between(rng, auto, 0.01, 0.99), "confirm", order, {"actor": "job:auto-confirm-receipts",
                                                                            "auto": True}))
    return events


def _payment_events(rng: random.Random, plan: Plan, c_index: int, cod: bool) -> tuple[list[Event], datetime]:
    checkout = plan.checkouts[c_index]
    paid = _between(rng, checkout.placed_at, 20 / 3600, 10 / 60)
    if cod:
        return [Event(paid, "pay_cod")], paid
    brand, last4 = rng.choices(CARDS, CARD_WEIGHTS)[0]
    events = []
    if rng.random() < 0.07:
        failed = paid - timedelta(seconds=rng.randint(5, 19))
        events.append(Event(failed, "attempt_failed", data={"brand": "visa", "last4": "0002",
                                                            "reason": rng.choice(FAILURES)}))
    events.append(Event(paid, "pay_card", data={"brand": brand, "last4": last4}))
    return events, paid


def buyer_label(plan: Plan, c_index: int) -> str:
    shopper = plan.checkouts[c_index].shopper
    return f"shopper:{shopper}" if shopper is not None else f"guest:{c_index}"


def plan_events(rng: random.Random, plan: Plan, c_index: int) -> list[Event]:
    """The whole timeline of one checkout, in time order (some of it may lie after the reference)."""
    checkout = plan.checkouts[c_index]
    buyer = buyer_label(plan, c_index)
    if checkout.script:
        return scripted_events(rng, plan, c_index, buyer)
    single = len(checkout.orders) == 1
    u = rng.random()
    if u < 0.04:
        events = []
        if rng.random() < 0.3:
            events.append(Event(_between(rng, checkout.placed_at, 0.02, 0.2), "attempt_failed",
                                data={"brand": "visa", "last4": "0002", "reason": rng.choice(FAILURES)}))
        expiry = checkout.reserved_until + timedelta(seconds=rng.randint(1, 60))
        return [*events, Event(expiry, "expire", data={"actor": "job:release-expired-reservations"})]
    if u < 0.06 and single:
        return [Event(_between(rng, checkout.placed_at, 0.02, 0.2), "cancel", checkout.orders[0],
                      {"actor": buyer, "reason": rng.choice(CANCEL_REASONS)})]
    cod = single and checkout.shopper is not None and rng.random() < 0.05
    events, paid = _payment_events(rng, plan, c_index, cod)
    for order in checkout.orders:
        events += _order_events(rng, plan, order, paid, cod, buyer, checkout.shipping_method == "express")
    events.sort(key=lambda e: e.at)
    return events


def scripted_events(rng: random.Random, plan: Plan, c_index: int, buyer: str) -> list[Event]:
    """The demo shopper's newest orders: one delivered (to confirm), one shipped, one paid (to cancel)."""
    checkout = plan.checkouts[c_index]
    order = checkout.orders[0]
    paid = checkout.placed_at + timedelta(minutes=2)
    ship = paid + timedelta(hours={"delivered": 20, "shipped": 14, "paid": 30}[checkout.script])
    delivered = ship + timedelta(hours={"delivered": 50, "shipped": 60, "paid": 50}[checkout.script])
    return [Event(paid, "pay_card", data={"brand": "visa", "last4": "4242"}), _shipment(rng, plan, order, ship),
            Event(delivered, "deliver", order, {"actor": _staff(rng, plan, order)})]
