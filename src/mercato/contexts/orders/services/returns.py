"""Returns (no-reason, within the window) and refunds by line or by amount, prorated exactly per line."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from mercato.contexts.inventory import public as inventory
from mercato.contexts.payments import public as payments
from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, NotFound, ValidationFailed
from mercato.shared.money import Money, allocate

from ..domain.order_status import RETURNABLE, OrderStatus, ReturnStatus, ensure_return_transition
from ..domain.proration import LineMoney, commission_for_amount, prorate_quantity
from ..events import ReturnDecided, ReturnReceived, ReturnRequested
from ..models import Order, OrderLine, Return, ReturnLine
from ..selectors import lock_order, return_for_merchant
from .transitions import move

LinePart = tuple[OrderLine, int, Decimal, Decimal]  # (line, quantity, amount, commission)


def _line_money(line: OrderLine) -> LineMoney:
    return LineMoney(quantity=line.quantity, amount_paid=line.amount_paid, commission=line.commission,
                     refunded_quantity=line.refunded_quantity, refunded_amount=line.refunded_amount,
                     refunded_commission=line.refunded_commission)


def _parts_by_quantity(order: Order, wanted: Sequence[tuple[str, int]], reserved: dict[str, int]) -> list[LinePart]:
    lines = {ln.id: ln for ln in order.lines.all()}
    parts: list[LinePart] = []
    for i, (line_id, quantity) in enumerate(wanted):
        line = lines.get(line_id)
        if line is None:
            raise ValidationFailed.on(f"lines.{i}.line_id", "is not a line of this order")
        left = line.quantity - line.refunded_quantity - reserved.get(line_id, 0)
        if not 1 <= quantity <= left:
            raise ValidationFailed.on(f"lines.{i}.quantity", f"must be between 1 and {left}")
        amount, commission = prorate_quantity(_line_money(line), quantity, order.currency)
        parts.append((line, quantity, amount, commission))
    return parts


def _issue(order: Order, parts: Sequence[LinePart], *, reason: str, actor: Actor,
           from_frozen: bool = False) -> payments.RefundView | None:
    amount = sum((p[2] for p in parts), Decimal(0))
    commission = sum((p[3] for p in parts), Decimal(0))
    if amount <= 0:
        return None
    refund = payments.refund_issue(
        order_ref=order.id, amount=Money.of(amount, order.currency),
        commission_part=Money.of(commission, order.currency),
        reason=reason, lines=[{"line_id": ln.id, "quantity": q, "amount": str(a)} for ln, q, a, _ in parts],
        actor=actor, from_frozen=from_frozen,
    )
    if refund is None:  # nothing was captured (cash on delivery not collected): no money, no refund marks
        return None
    for line, quantity, line_amount, line_commission in parts:
        line.refunded_quantity += quantity
        line.refunded_amount += line_amount
        line.refunded_commission += line_commission
        line.save(update_fields=["refunded_quantity", "refunded_amount", "refunded_commission"])
    order.refunded_total += amount
    order.save(update_fields=["refunded_total"])
    if order.refunded_total >= order.total and order.status not in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        move(order, OrderStatus.REFUNDED, actor=actor, reason=reason)
    return refund


def refund_lines_fully(order: Order, *, reason: str, actor: Actor) -> payments.RefundView | None:
    parts = []
    for line in order.lines.all():
        left = line.quantity - line.refunded_quantity
        if left > 0:
            amount, commission = prorate_quantity(_line_money(line), left, order.currency)
            parts.append((line, left, amount, commission))
    return _issue(order, parts, reason=reason, actor=actor)


def _pending_return_quantities(order: Order) -> dict[str, int]:
    rows = (ReturnLine.objects.filter(ret__order=order, ret__status__in=[ReturnStatus.REQUESTED, ReturnStatus.APPROVED])
            .values("line_id").annotate(q=Sum("quantity")))
    return {r["line_id"]: r["q"] for r in rows}


@transaction.atomic
def return_request(*, order_id: str, lines: Sequence[tuple[str, int]], reason: str, actor: Actor) -> Return:
    """A no-reason return within 7 days of delivery; custom-made and perishable goods are excluded."""
    order = lock_order(order_id, actor, as_buyer=True)
    if order.status not in RETURNABLE:
        raise Conflict(f"order is {order.status}; returns open once it is delivered", current_status=order.status)
    if order.return_deadline is None or clock.now() > order.return_deadline:
        raise Conflict("the 7-day return window of this order has closed", current_status=order.status)
    if not lines:
        raise ValidationFailed.on("lines", "name at least one line to return")
    parts = _parts_by_quantity(order, lines, _pending_return_quantities(order))
    for i, (line, *_rest) in enumerate(parts):
        if line.is_custom_made or line.is_perishable:
            kind = "custom-made" if line.is_custom_made else "perishable"
            raise ValidationFailed.on(f"lines.{i}.line_id", f"{kind} goods cannot be returned without a reason")
    amount = sum((p[2] for p in parts), Decimal(0))
    commission = sum((p[3] for p in parts), Decimal(0))
    frozen = payments.escrow_freeze(order_ref=order.id, amount=Money.of(amount, order.currency),
                                    commission=Money.of(commission, order.currency))
    ret = Return.objects.create(order=order, reason=reason, amount=amount, commission_part=commission,
                                escrow_frozen=frozen, requested_at=clock.now())
    ReturnLine.objects.bulk_create([ReturnLine(ret=ret, line=ln, quantity=q, amount=a, commission_part=c)
                                    for ln, q, a, c in parts])
    events.publish(ReturnRequested(return_id=ret.id, order_id=order.id, merchant_id=order.merchant_id,
                                   amount=str(amount)))
    return ret


@transaction.atomic
def return_resolve(
    *, return_id: str, decision: ReturnStatus, actor: Actor
) -> tuple[Return, payments.RefundView | None]:
    """The merchant approves, rejects, or receives the goods (refund issued, stock restocked)."""
    ret = return_for_merchant(return_id, actor, lock=True)
    ensure_return_transition(ret.status, decision)
    order = Order.objects.select_for_update().get(pk=ret.order_id)
    refund = None
    money_amount = Money.of(ret.amount, order.currency)
    money_commission = Money.of(ret.commission_part, order.currency)
    if decision == ReturnStatus.REJECTED and ret.escrow_frozen:
        payments.escrow_unfreeze(order_ref=order.id, amount=money_amount, commission=money_commission)
    if decision == ReturnStatus.RECEIVED:
        rlines = list(ret.lines.select_related("line"))
        parts = [(rl.line, rl.quantity, rl.amount, rl.commission_part) for rl in rlines]
        refund = _issue(order, parts, reason=f"return {ret.id}: {ret.reason}", actor=actor,
                        from_frozen=ret.escrow_frozen)
        for rl in rlines:
            inventory.stock_restock(reference=order.id, variant_id=rl.line.variant_id, quantity=rl.quantity,
                                    actor=actor)
        ret.refund_id = refund.id if refund else ""
        events.publish(ReturnReceived(return_id=ret.id, order_id=order.id, merchant_id=order.merchant_id,
                                      amount=str(ret.amount)))
    else:
        events.publish(ReturnDecided(return_id=ret.id, order_id=order.id, merchant_id=order.merchant_id,
                                     decision=str(decision)))
    ret.status = decision
    ret.resolved_at = clock.now() if decision in (ReturnStatus.REJECTED, ReturnStatus.RECEIVED) else None
    ret.save(update_fields=["status", "resolved_at", "refund_id"])
    return ret, refund


@transaction.atomic
def order_refund(*, order_id: str, payment_id: str, reason: str, actor: Actor,
                 lines: Sequence[tuple[str, int]] = (), amount: Money | None = None) -> payments.RefundView:
    """A refund by the merchant or an operator: by lines (prorated) or by amount (spread over lines)."""
    order = lock_order(order_id, actor, as_merchant=True)
    if order.payment_id != payment_id:
        raise NotFound.of("payment", payment_id)
    if order.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED):
        raise Conflict(f"order is {order.status}; there is nothing to refund", current_status=order.status)
    if bool(lines) == (amount is not None):
        raise ValidationFailed.on("lines", "give either lines or an amount")
    if lines:
        parts = _parts_by_quantity(order, lines, _pending_return_quantities(order))
    else:
        assert amount is not None
        parts = _parts_by_amount(order, amount)
    refund = _issue(order, parts, reason=reason, actor=actor)
    if refund is None:
        raise Conflict("nothing was captured for this order yet (cash on delivery not collected)")
    return refund


def _parts_by_amount(order: Order, amount: Money) -> list[LinePart]:
    if amount.currency != order.currency:
        raise ValidationFailed.on("amount.currency", f"this order is paid in {order.currency}")
    lines = [ln for ln in order.lines.all() if ln.amount_paid > ln.refunded_amount]
    refundable = sum((ln.amount_paid - ln.refunded_amount for ln in lines), Decimal(0))
    if amount.amount <= 0 or amount.amount > refundable:
        raise ValidationFailed.on("amount.amount", f"must be between 0.01 and {refundable}")
    shares = allocate(amount, [ln.amount_paid - ln.refunded_amount for ln in lines])
    return [(ln, 0, share.amount, commission_for_amount(_line_money(ln), share.amount, order.currency))
            for ln, share in zip(lines, shares, strict=True) if share.amount > 0]
