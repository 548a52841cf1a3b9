"""Replaying the orders' stock operations in time order, as the inventory services would.

Each level starts with a receipt; whenever a reservation would not fit, the shop restocks its main warehouse
just before. Holds are split over warehouses by inventory's own allocation rule (priority first), and every
change is one movement, so the movements of a level add up to it and its holds match its counters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mercato.contexts.inventory.domain.allocation import Source, plan_line
from mercato.shared import clock

from .lifecycle import StockOp
from .lots import Shelf
from .product_lines import LEAF_BY_SLUG

if TYPE_CHECKING:
    from .plan import Plan

SOLD_OUT_SHARE = 0.03  # variants a stock count left at zero a few days before the reference


@dataclass(slots=True)
class LevelState:
    on_hand: int = 0
    reserved: int = 0
    allocated: int = 0


@dataclass(slots=True)
class HoldPlan:
    order: int
    level: int
    quantity: int
    state: str
    created_at: datetime
    expires_at: datetime | None = None
    restocked: int = 0


@dataclass(slots=True)
class MovementPlan:
    level: int
    reason: str
    actor: str
    at: datetime
    on_hand: int = 0
    reserved: int = 0
    allocated: int = 0
    order: int | None = None  # the reference is this order's id, else the lot code
    lot: str = ""


@dataclass(slots=True)
class LotPlan:
    level: int
    code: str
    expires_on: date
    on_hand: int


class StockBook:
    def __init__(self, rng: random.Random, plan: Plan) -> None:
        self.rng, self.plan = rng, plan
        self.states = [LevelState() for _ in plan.levels]
        self.shelves: dict[int, Shelf] = {}  # perishable levels only
        self.holds_of: dict[int, list[int]] = {}

    def _owner(self, level: int) -> str:
        warehouse = self.plan.warehouses[self.plan.levels[level].warehouse]
        return f"staff:{self.plan.merchants[warehouse.merchant].staff[0]}"

    def _move(self, level: int, reason: str, actor: str, at: datetime, *, on_hand: int = 0, reserved: int = 0,
              allocated: int = 0, order: int | None = None, lot: str = "") -> None:
        state = self.states[level]
        state.on_hand += on_hand
        state.reserved += reserved
        state.allocated += allocated
        if state.on_hand < state.reserved + state.allocated or min(state.reserved, state.allocated) < 0:
            raise AssertionError(f"level {level} would go negative ({reason})")
        shelf = self.shelves.get(level)
        if shelf is not None and on_hand < 0:
            shelf.take(-on_hand, lot)
        elif shelf is not None and on_hand > 0 and reason != "receive":
            shelf.add_back(on_hand, clock.local_date(at))
        self.plan.movements.append(MovementPlan(level, reason, actor, at, on_hand, reserved, allocated, order, lot))

    def receive(self, level: int, quantity: int, at: datetime) -> None:
        """Goods arrive; perishables arrive as a lot whose code is the receipt date."""
        variant = self.plan.variants[self.plan.levels[level].variant]
        lot = ""
        if variant.is_perishable:
            days = LEAF_BY_SLUG[self.plan.products[variant.product].category].shelf_days
            lot = self.shelves.setdefault(level, Shelf(days)).receive(clock.local_date(at), quantity)
        self._move(level, "receive", self._owner(level), at, on_hand=quantity, lot=lot)

    def expire(self, level: int, at: datetime) -> None:
        """Expired lots are written off (a counted adjustment), except units already promised to orders."""
        shelf = self.shelves.get(level)
        for lot in shelf.expired(clock.local_date(at)) if shelf else []:
            take = min(lot.on_hand, self._available(level))
            if take > 0:
                self._move(level, "adjust", self._owner(level), at, on_hand=-take, lot=lot.code)

    def _restock_for(self, variant: int, needed: int, at: datetime) -> None:
        var = self.plan.variants[variant]
        primary = var.levels[0]
        batch = self.rng.randint(10, 40) if var.is_perishable else self.rng.randint(30, 150)
        created = self.plan.products[var.product].created_at
        when = max(at - timedelta(minutes=self.rng.randint(60, 48 * 60)), created + timedelta(minutes=1))
        self.receive(primary, needed + batch, when)

    def _reserve(self, op: StockOp) -> None:
        for variant, quantity in op.lines:
            levels = self.plan.variants[variant].levels
            for level in levels:
                self.expire(level, op.at)
            total = sum(max(self._available(lv), 0) for lv in levels)
            if total < quantity:
                self._restock_for(variant, quantity - total, op.at)
            sources = [Source(lv, str(self.plan.levels[lv].warehouse),
                              self.plan.warehouses[self.plan.levels[lv].warehouse].priority, self._available(lv))
                       for lv in levels]
            plan = plan_line(quantity, sources)
            assert plan is not None
            for source, take in plan:
                self._move(source.level_id, "reserve", op.actor, op.at, reserved=take, order=op.order)
                self.holds_of.setdefault(op.order, []).append(len(self.plan.holds))
                self.plan.holds.append(HoldPlan(op.order, source.level_id, take, "reserved", op.at, op.expires_at))

    def _available(self, level: int) -> int:
        s = self.states[level]
        return s.on_hand - s.reserved - s.allocated

    def _transition(self, op: StockOp, from_states: tuple[str, ...], to_state: str, reason: str) -> None:
        for h in self.holds_of.get(op.order, []):
            hold = self.plan.holds[h]
            if hold.state not in from_states:
                continue
            reserved = -hold.quantity if hold.state == "reserved" else 0
            allocated = (-hold.quantity if hold.state == "allocated" else 0) + \
                (hold.quantity if to_state == "allocated" else 0)
            on_hand = -hold.quantity if to_state == "shipped" else 0
            self._move(hold.level, reason, op.actor, op.at, on_hand=on_hand, reserved=reserved, allocated=allocated,
                       order=op.order)
            hold.state, hold.expires_at = to_state, None

    def _restock(self, op: StockOp) -> None:
        for variant, quantity in op.lines:
            remaining = quantity
            for h in self.holds_of.get(op.order, []):
                hold = self.plan.holds[h]
                if hold.state != "shipped" or self.plan.levels[hold.level].variant != variant:
                    continue
                take = min(remaining, hold.quantity - hold.restocked)
                if take > 0:
                    self._move(hold.level, "return", op.actor, op.at, on_hand=take, order=op.order)
                    hold.restocked += take
                    remaining -= take
            if remaining:
                raise AssertionError(f"order {op.order}: {remaining} units of {variant} were never shipped")

    def apply(self, op: StockOp) -> None:
        if op.kind == "reserve":
            self._reserve(op)
        elif op.kind == "allocate":
            self._transition(op, ("reserved",), "allocated", "allocate")
        elif op.kind == "ship":
            self._transition(op, ("allocated",), "shipped", "ship")
        elif op.kind == "release":
            self._transition(op, ("reserved", "allocated"), "released", "cancel")
        elif op.kind == "restock":
            self._restock(op)

    def count_some_out(self) -> None:
        """A stock count a few days before the reference finds some variants gone (they show as sold out)."""
        for variant in self.plan.variants:
            if self.rng.random() >= SOLD_OUT_SHARE:
                continue
            at = self.plan.reference - timedelta(hours=self.rng.randint(24, 72))
            for level in variant.levels:
                if self._available(level) > 0 and self.plan.products[variant.product].created_at < at:
                    self._move(level, "adjust", self._owner(level), at, on_hand=-self._available(level))

    def freshen_up(self) -> None:
        """At the reference moment spoiled lots are gone and perishables are freshly restocked."""
        for level in list(self.shelves):
            self.expire(level, self.plan.reference)
        for variant in self.plan.variants:
            if variant.is_perishable and self._available(variant.levels[0]) < 5:
                at = self.plan.reference - timedelta(hours=self.rng.randint(96, 144))
                if self.plan.products[variant.product].created_at < at:
                    self.receive(variant.levels[0], self.rng.randint(20, 60), at)

    def lots(self) -> None:
        for level, shelf in self.shelves.items():
            if sum(lot.on_hand for lot in shelf.lots) != self.states[level].on_hand:
                raise AssertionError(f"the lots of level {level} do not add up to its stock")
            self.plan.lots += [LotPlan(level, lot.code, lot.expires_on, lot.on_hand) for lot in shelf.lots]


def _initial_stock(book: StockBook) -> None:
    rng, plan = book.rng, book.plan
    for variant in plan.variants:
        created = plan.products[variant.product].created_at
        for rank, level in enumerate(variant.levels):
            quantity = rng.randint(20, 120) if rank == 0 else rng.randint(5, 40)
            if variant.is_perishable:
                quantity = rng.randint(10, 40) if rank == 0 else rng.randint(5, 15)
            elif variant.price < 100:
                quantity *= 2
            book.receive(level, quantity, created - timedelta(hours=rng.randint(2, 48)))


def replay_stock(rng: random.Random, plan: Plan) -> list[LevelState]:
    """Levels after every operation before the reference, with holds, movements and lots in the plan."""
    book = StockBook(rng, plan)
    _initial_stock(book)
    for op in sorted(plan.stock_ops, key=lambda o: o.at):
        book.apply(op)
    book.freshen_up()
    book.count_some_out()
    book.lots()
    return book.states
