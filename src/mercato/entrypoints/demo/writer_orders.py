"""Writing the order history of a plan: checkouts and payments, orders and their histories, returns, refunds,
payouts, the journal, and the stock holds and movements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mercato.contexts.checkout.models import Cart, Checkout
from mercato.contexts.inventory.models import StockHold, StockMovement
from mercato.contexts.orders.models import Order, OrderLine, OrderTransition, Return, ReturnLine, Shipment
from mercato.contexts.payments.models import (
    Allocation,
    JournalEntry,
    JournalLine,
    Payment,
    PaymentAttempt,
    Payout,
    Refund,
)

from .writer import CURRENCY, Writer

CART_OPENED_BEFORE = timedelta(minutes=10)


def _escrow_state(a: Any) -> str:
    """The escrow state the services would have left (payments/domain/escrow_state.py)."""
    if a.captured:
        return "released" if a.released_at else "held"
    return "void" if a.gross == 0 else "pending"


def _reason(w: Writer, text: str, ret: int | None) -> str:
    return (text.replace("{return_id}", w.returns[ret]) if ret is not None else text)[:200]


def write_checkouts(w: Writer) -> None:
    plan = w.plan
    w.checkouts = w.ids("chk", [c.placed_at for c in plan.checkouts])
    payments = w.ids("pay", [c.placed_at for c in plan.checkouts])
    w.orders = w.ids("ord", [plan.checkouts[o.checkout].placed_at for o in plan.orders])
    carts = w.ids("crt", [c.placed_at - CART_OPENED_BEFORE for c in plan.checkouts])
    users = [w.shoppers[c.shopper] if c.shopper is not None else None for c in plan.checkouts]
    w.insert(Cart, [Cart(id=carts[k], user_id=users[k], status="converted", checkout_ref=w.checkouts[k],
                         created_at=c.placed_at - CART_OPENED_BEFORE, updated_at=c.placed_at)
                    for k, c in enumerate(plan.checkouts)])
    w.insert(Checkout, [Checkout(id=w.checkouts[k], cart_id=carts[k], user_id=users[k], contact_id=w.contacts.get(k),
                                 payment_id=payments[k], reserved_until=c.reserved_until, created_at=c.placed_at)
                        for k, c in enumerate(plan.checkouts)])
    w.insert(Payment, [
        Payment(id=payments[k], reference=w.checkouts[k], payer_user_id=users[k], amount=p.amount, currency=CURRENCY,
                status=p.status, method=p.method, card_brand=p.card_brand, card_last4=p.card_last4,
                expires_at=p.expires_at, created_at=p.created_at, captured_at=p.captured_at)
        for k, p in enumerate(plan.payments)
    ])
    w.insert(PaymentAttempt, [
        PaymentAttempt(payment_id=payments[k], method=a.method, outcome=a.outcome, failure_reason=a.failure_reason,
                       card_brand=a.card_brand, card_last4=a.card_last4, at=a.at)
        for k, p in enumerate(plan.payments) for a in p.attempts
    ])
    w.insert(Allocation, [
        Allocation(payment_id=payments[a.payment], order_ref=w.orders[o], merchant_id=w.merchants[a.merchant],
                   currency=CURRENCY, gross=a.gross, commission=a.commission, held=a.held,
                   held_commission=a.held_commission, frozen=a.frozen, frozen_commission=a.frozen_commission,
                   captured=a.captured, released_at=a.released_at, state=_escrow_state(a))
        for o, a in enumerate(plan.allocations)
    ])
    w.payments = payments


def write_orders(w: Writer) -> None:
    plan = w.plan
    w.insert(Order, [
        Order(id=w.orders[k], number=o.number, checkout_ref=w.checkouts[o.checkout],
              merchant_id=w.merchants[o.merchant],
              buyer_user_id=w.shoppers[c.shopper] if c.shopper is not None else None,
              contact_id=w.contacts.get(o.checkout), shipping_address_id=w.addresses[c.address],
              shipping_method=c.shipping_method, payment_id=w.payments[o.checkout], payment_method=o.payment_method,
              currency=CURRENCY, subtotal=o.subtotal, discount=o.discount, shipping=o.shipping, tax=o.tax,
              total=o.total, commission_total=o.commission_total, refunded_total=o.refunded_total, status=o.status,
              placed_at=c.placed_at, reserved_until=o.reserved_until, delivered_at=o.delivered_at,
              return_deadline=o.return_deadline, auto_confirm_at=o.auto_confirm_at)
        for k, o in enumerate(plan.orders) for c in (plan.checkouts[o.checkout],)
    ])
    w.lines = w.ids("oln", [plan.checkouts[plan.orders[ln.order].checkout].placed_at for ln in plan.lines])
    w.insert(OrderLine, [
        OrderLine(id=w.lines[k], order_id=w.orders[ln.order], variant_id=w.variants[ln.variant],
                  product_id=w.products[ln.product], category_id=w.categories[ln.category], sku=ln.sku,
                  title=ln.title, quantity=ln.quantity, unit_price=ln.unit_price, list_amount=ln.list_amount,
                  discount=ln.discount, shipping_share=ln.shipping_share, tax=ln.tax, amount_paid=ln.amount_paid,
                  commission_rate=ln.commission_rate, commission=ln.commission,
                  refunded_quantity=ln.refunded_quantity, refunded_amount=ln.refunded_amount,
                  refunded_commission=ln.refunded_commission, is_custom_made=ln.is_custom_made,
                  is_perishable=ln.is_perishable)
        for k, ln in enumerate(plan.lines)
    ])
    w.returns = w.ids("ret", [r.requested_at for r in plan.returns])
    w.insert(OrderTransition, [
        OrderTransition(order_id=w.orders[t.order], from_status=t.from_status, to_status=t.to_status,
                        actor=w.actor(t.actor), reason=_reason(w, t.reason, t.ret), at=t.at)
        for t in plan.transitions
    ])
    shipments = w.ids("shp", [s.shipped_at for s in plan.shipments])
    w.insert(Shipment, [Shipment(id=i, order_id=w.orders[s.order], carrier=s.carrier, tracking_number=s.tracking_number,
                                 shipped_at=s.shipped_at, delivered_at=s.delivered_at)
                        for i, s in zip(shipments, plan.shipments, strict=True)])


def write_money(w: Writer) -> None:
    plan = w.plan
    w.refunds = w.ids("rfd", [r.created_at for r in plan.refunds])
    w.insert(Refund, [
        Refund(id=w.refunds[k], payment_id=w.payments[r.payment], order_ref=w.orders[r.order], amount=r.amount,
               commission_part=r.commission_part, currency=CURRENCY, source=r.source,
               reason=_reason(w, r.reason, r.ret),
               lines=[{"line_id": w.lines[i], "quantity": q, "amount": str(a)} for i, q, a in r.lines],
               actor=w.actor(r.actor), created_at=r.created_at)
        for k, r in enumerate(plan.refunds)
    ])
    w.insert(Return, [
        Return(id=w.returns[k], order_id=w.orders[r.order], status=r.status, reason=r.reason, amount=r.amount,
               commission_part=r.commission_part, escrow_frozen=r.escrow_frozen,
               refund_id=w.refunds[r.refund] if r.refund is not None else "", requested_at=r.requested_at,
               resolved_at=r.resolved_at)
        for k, r in enumerate(plan.returns)
    ])
    w.insert(ReturnLine, [ReturnLine(ret_id=w.returns[k], line_id=w.lines[i], quantity=q, amount=a, commission_part=c)
                          for k, r in enumerate(plan.returns) for i, q, a, c in r.lines])
    w.payouts = w.ids("po", [p.created_at for p in plan.payouts])
    w.insert(Payout, [Payout(id=w.payouts[k], merchant_id=w.merchants[p.merchant], amount=p.amount, currency=CURRENCY,
                             actor=w.actor(p.actor), created_at=p.created_at) for k, p in enumerate(plan.payouts)])
    _write_journal(w)


def _write_journal(w: Writer) -> None:
    refs = {"payment": w.payments, "order": w.orders, "refund": w.refunds, "payout": w.payouts}
    entries = [JournalEntry(kind=e.kind, reference=refs[e.ref_kind][e.ref], at=e.at) for e in w.plan.entries]
    w.insert(JournalEntry, entries)
    if any(e.pk is None for e in entries):
        raise RuntimeError("this database does not return ids from bulk inserts; the demo seed needs it")
    w.insert(JournalLine, [
        JournalLine(entry_id=entry.pk, account=account, merchant_id=w.merchants[m] if m is not None else None,
                    currency=CURRENCY, amount=amount)
        for entry, e in zip(entries, w.plan.entries, strict=True) for account, m, amount in e.legs
    ])


def write_stock_history(w: Writer) -> None:
    plan = w.plan
    where = [(w.variants[lv.variant], w.warehouses[lv.warehouse]) for lv in plan.levels]
    w.insert(StockHold, [
        StockHold(reference=w.orders[h.order], level_id=w.levels[h.level], variant_id=where[h.level][0],
                  warehouse_id=where[h.level][1], quantity=h.quantity, restocked=h.restocked, state=h.state,
                  expires_at=h.expires_at, created_at=h.created_at)
        for h in plan.holds
    ])
    w.insert(StockMovement, [
        StockMovement(level_id=w.levels[m.level], variant_id=where[m.level][0], warehouse_id=where[m.level][1],
                      on_hand_delta=m.on_hand, reserved_delta=m.reserved, allocated_delta=m.allocated, reason=m.reason,
                      reference=w.orders[m.order] if m.order is not None else m.lot, actor=w.actor(m.actor), at=m.at)
        for m in plan.movements
    ])


STEPS: tuple[Callable[[Writer], None], ...] = (write_checkouts, write_orders, write_money, write_stock_history)
