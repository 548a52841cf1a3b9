"""Applying a checkout's timeline the way the orders services would.

Every status change asks the order state machine and leaves one history row; money moves through escrow_book
(the payments services' rules); stock operations are queued for stock.py, which replays them in time order.
Events at or after the reference moment are not applied: those orders stay open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings

from mercato.contexts.orders.domain.order_status import OrderStatus, ensure_transition
from mercato.contexts.orders.domain.proration import LineMoney, prorate_quantity
from mercato.shared import clock

from . import escrow_book as money
from .baskets import CURRENCY
from .fates import Event, buyer_label

if TYPE_CHECKING:
    from .plan import Plan

S = OrderStatus
Part = tuple[int, int, Decimal, Decimal]  # (line index, quantity, amount, commission)


@dataclass(slots=True)
class TransitionPlan:
    order: int
    from_status: str
    to_status: str
    actor: str
    at: datetime
    reason: str = ""
    ret: int | None = None  # the return whose id the reason names


@dataclass(slots=True)
class ShipmentPlan:
    order: int
    carrier: str
    tracking_number: str
    shipped_at: datetime
    delivered_at: datetime | None = None


@dataclass(slots=True)
class ReturnPlan:
    order: int
    reason: str
    amount: Decimal
    commission_part: Decimal
    escrow_frozen: bool
    requested_at: datetime
    lines: list[Part]
    status: str = "requested"
    refund: int | None = None
    resolved_at: datetime | None = None


@dataclass(slots=True)
class StockOp:
    """A call the orders services would make to inventory: reserve, allocate, ship, release or restock."""

    at: datetime
    kind: str
    order: int
    actor: str
    lines: list[tuple[int, int]] = field(default_factory=list)  # (variant, quantity) to reserve or restock
    expires_at: datetime | None = None


class Lifecycle:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.shipment_of: dict[int, int] = {}
        self.return_of: dict[int, int] = {}

    def run(self, c_index: int, events: list[Event]) -> None:
        self._place(c_index)
        for event in events:
            if event.at >= self.plan.reference:
                break
            getattr(self, f"_on_{event.kind}")(c_index, event)

    # -- placement and payment -------------------------------------------------------------------------------
    def _place(self, c: int) -> None:
        plan, checkout = self.plan, self.plan.checkouts[c]
        buyer = buyer_label(plan, c)
        total = sum((plan.orders[o].total for o in checkout.orders), Decimal(0))
        plan.payments.append(money.PaymentPlan(c, checkout.shopper, total, checkout.reserved_until, checkout.placed_at))
        for o in checkout.orders:
            order = plan.orders[o]
            if len(plan.allocations) != o:
                raise AssertionError("allocations must follow the order list")
            plan.allocations.append(money.AllocationPlan(c, order.merchant, order.total, order.commission_total))
            order.reserved_until = checkout.reserved_until
            plan.transitions.append(TransitionPlan(o, "", S.PENDING_PAYMENT.value, buyer, checkout.placed_at))
            lines = [(plan.lines[i].variant, plan.lines[i].quantity) for i in order.lines]
            plan.stock_ops.append(StockOp(checkout.placed_at, "reserve", o, buyer, lines, checkout.reserved_until))

    def _on_attempt_failed(self, c: int, e: Event) -> None:
        payment = self.plan.payments[c]
        payment.attempts.append(money.AttemptPlan("card", "failed", e.at, e.data["reason"], e.data["brand"],
                                                  e.data["last4"]))
        payment.card_brand, payment.card_last4 = e.data["brand"], e.data["last4"]

    def _on_pay_card(self, c: int, e: Event) -> None:
        payment = self.plan.payments[c]
        payment.attempts.append(money.AttemptPlan("card", "succeeded", e.at, "", e.data["brand"], e.data["last4"]))
        payment.status, payment.method, payment.captured_at = "succeeded", "card", e.at
        payment.card_brand, payment.card_last4 = e.data["brand"], e.data["last4"]
        money.capture(self.plan, c, self.plan.checkouts[c].orders, e.at)
        self._mark_paid(c, "card", e.at)

    def _on_pay_cod(self, c: int, e: Event) -> None:
        payment = self.plan.payments[c]
        payment.attempts.append(money.AttemptPlan("cod", "awaiting_collection", e.at))
        payment.status, payment.method = "awaiting_collection", "cod"
        self._mark_paid(c, "cod", e.at)

    def _mark_paid(self, c: int, method: str, at: datetime) -> None:
        for o in self.plan.checkouts[c].orders:
            order = self.plan.orders[o]
            if order.status == S.PENDING_PAYMENT:
                order.payment_method, order.reserved_until = method, None
                self._move(o, S.PAID, "payments", at)
                self.plan.stock_ops.append(StockOp(at, "allocate", o, "payments"))

    def _on_expire(self, c: int, e: Event) -> None:
        payment = self.plan.payments[c]
        if payment.status not in ("requires_payment", "requires_action"):
            return
        payment.status = "cancelled"
        for o in self.plan.checkouts[c].orders:
            if self.plan.orders[o].status == S.PENDING_PAYMENT:
                self._cancel(o, "reservation expired", e.data["actor"], e.at, shrink_payment=False)

    # -- order lifecycle --------------------------------------------------------------------------------------
    def _move(self, o: int, target: OrderStatus, actor: str, at: datetime, reason: str = "",
              ret: int | None = None) -> None:
        order = self.plan.orders[o]
        ensure_transition(order.status, target)
        self.plan.transitions.append(TransitionPlan(o, order.status, target.value, actor, at, reason, ret))
        order.status = target.value

    def _cancel(self, o: int, reason: str, actor: str, at: datetime, *, restock_shipped: bool = False,
                shrink_payment: bool = True) -> None:
        """cancel_locked: release (or restock) the stock, refund what was captured, else shrink the payment."""
        order = self.plan.orders[o]
        captured = order.status != S.PENDING_PAYMENT and order.payment_method == "card"
        self._move(o, S.CANCELLED, actor, at, reason)
        if restock_shipped:
            lines = [(self.plan.lines[i].variant, self.plan.lines[i].quantity) for i in order.lines]
            self.plan.stock_ops.append(StockOp(at, "restock", o, actor, lines))
        else:
            self.plan.stock_ops.append(StockOp(at, "release", o, actor))
        if captured:
            left = {i: self.plan.lines[i].quantity - self.plan.lines[i].refunded_quantity for i in order.lines}
            parts = [(i, q, *self._prorate(i, q)) for i, q in left.items() if q > 0]
            self._issue(o, parts, reason or "order cancelled", actor, at)
        elif shrink_payment:
            money.allocation_cancel(self.plan, o, at)

    def _on_cancel(self, c: int, e: Event) -> None:
        assert e.order is not None
        if self.plan.orders[e.order].status in (S.PENDING_PAYMENT, S.PAID):
            self._cancel(e.order, e.data["reason"], e.data["actor"], e.at)

    def _on_ship(self, c: int, e: Event) -> None:
        assert e.order is not None
        self._move(e.order, S.SHIPPED, e.data["actor"], e.at)
        self.shipment_of[e.order] = len(self.plan.shipments)
        self.plan.shipments.append(ShipmentPlan(e.order, e.data["carrier"], e.data["tracking"], e.at))
        self.plan.stock_ops.append(StockOp(e.at, "ship", e.order, e.data["actor"]))

    def _on_deliver(self, c: int, e: Event) -> None:
        assert e.order is not None
        order = self.plan.orders[e.order]
        order.delivered_at = e.at
        order.return_deadline = clock.end_of_local_day_after(e.at, settings.MERCATO_RETURN_WINDOW_DAYS)
        order.auto_confirm_at = clock.end_of_local_day_after(e.at, settings.MERCATO_AUTO_CONFIRM_DAYS)
        self._move(e.order, S.DELIVERED, e.data["actor"], e.at)
        self.plan.shipments[self.shipment_of[e.order]].delivered_at = e.at
        if order.payment_method == "cod":
            money.cod_collect(self.plan, e.order, e.at)

    def _on_refuse(self, c: int, e: Event) -> None:
        assert e.order is not None
        self._cancel(e.order, "refused at the door", e.data["actor"], e.at, restock_shipped=True)

    def _on_confirm(self, c: int, e: Event) -> None:
        assert e.order is not None
        if self.plan.orders[e.order].status != S.DELIVERED:
            return
        reason = "receipt confirmed automatically" if e.data.get("auto") else ""
        self._move(e.order, S.COMPLETED, e.data["actor"], e.at, reason)
        money.escrow_release(self.plan, e.order, e.at)

    # -- returns and refunds ----------------------------------------------------------------------------------
    def _prorate(self, i: int, quantity: int) -> tuple[Decimal, Decimal]:
        ln = self.plan.lines[i]
        money_of_line = LineMoney(ln.quantity, ln.amount_paid, ln.commission, ln.refunded_quantity,
                                  ln.refunded_amount, ln.refunded_commission)
        return prorate_quantity(money_of_line, quantity, CURRENCY)

    def _issue(self, o: int, parts: list[Part], reason: str, actor: str, at: datetime, *,
               from_frozen: bool = False, ret: int | None = None) -> int | None:
        """returns._issue: refund the parts, record them on the lines, and mark a fully refunded order."""
        amount = sum((p[2] for p in parts), Decimal(0))
        commission = sum((p[3] for p in parts), Decimal(0))
        if amount <= 0:
            return None
        refund = money.refund_issue(self.plan, o, amount, commission, reason=reason, actor=actor, at=at,
                                    lines=[(i, q, a) for i, q, a, _ in parts], from_frozen=from_frozen, ret=ret)
        for i, quantity, line_amount, line_commission in parts:
            line = self.plan.lines[i]
            line.refunded_quantity += quantity
            line.refunded_amount += line_amount
            line.refunded_commission += line_commission
        order = self.plan.orders[o]
        order.refunded_total += amount
        if order.refunded_total >= order.total and order.status not in (S.CANCELLED, S.REFUNDED):
            self._move(o, S.REFUNDED, actor, at, reason, ret)
        return refund

    def _on_return_request(self, c: int, e: Event) -> None:
        assert e.order is not None
        order = self.plan.orders[e.order]
        if order.status not in (S.DELIVERED, S.COMPLETED) or order.return_deadline is None \
                or e.at > order.return_deadline:
            return
        parts = [(i, q, *self._prorate(i, q)) for i, q in e.data["lines"]]
        amount = sum((p[2] for p in parts), Decimal(0))
        commission = sum((p[3] for p in parts), Decimal(0))
        frozen = money.escrow_freeze(self.plan, e.order, amount, commission)
        self.return_of[e.order] = len(self.plan.returns)
        self.plan.returns.append(ReturnPlan(e.order, e.data["reason"], amount, commission, frozen, e.at, parts))

    def _open_return(self, o: int | None) -> ReturnPlan | None:
        ret = self.plan.returns[self.return_of[o]] if o in self.return_of else None
        return ret if ret is not None and ret.status in ("requested", "approved") else None

    def _on_return_approve(self, c: int, e: Event) -> None:
        ret = self._open_return(e.order)
        if ret is not None and ret.status == "requested":
            ret.status = "approved"

    def _on_return_reject(self, c: int, e: Event) -> None:
        ret = self._open_return(e.order)
        if ret is None:
            return
        if ret.escrow_frozen:
            money.escrow_unfreeze(self.plan, ret.order, ret.amount, ret.commission_part, e.at)
        ret.status, ret.resolved_at = "rejected", e.at

    def _on_return_receive(self, c: int, e: Event) -> None:
        ret = self._open_return(e.order)
        if ret is None:
            return
        r = self.return_of[ret.order]
        ret.refund = self._issue(ret.order, ret.lines, f"return {{return_id}}: {ret.reason}", e.data["actor"],
                                 e.at, from_frozen=ret.escrow_frozen, ret=r)
        lines = [(self.plan.lines[i].variant, q) for i, q, _, _ in ret.lines]
        self.plan.stock_ops.append(StockOp(e.at, "restock", ret.order, e.data["actor"], lines))
        ret.status, ret.resolved_at = "received", e.at
