"""Replies about one of the shopper's orders, composed from the orders and payments contexts' own figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mercato.contexts.orders.public import ShopperOrder
from mercato.contexts.payments.public import RefundView
from mercato.shared import clock
from mercato.shared.money import Money

from .domain.answer_templates import say, status_name
from .domain.dialogue import OrderBrief
from .domain.order_actions import OrderFacts


def money_text(money: Money) -> str:
    return f"¥{money.amount:.2f}" if money.currency == "CNY" else f"{money.amount:.2f} {money.currency}"


def date_text(moment: datetime | None) -> str:
    return clock.local_date(moment).isoformat() if moment else "—"


def items_text(order: ShopperOrder, lang: str) -> str:
    if not order.lines:
        return "—"
    first = order.lines[0]
    title = first.title.get("zh-Hans" if lang == "zh" else "en") or next(iter(first.title.values()), "")
    more = len(order.lines) - 1
    extra = (f" 等 {len(order.lines)} 件" if lang == "zh" else f" + {more} more") if more else ""
    return f"{title} ×{first.quantity}{extra}"


def facts_of(order: ShopperOrder) -> OrderFacts:
    return OrderFacts(status=order.status, return_deadline=order.return_deadline,
                      has_returnable_units=any(ln.returnable and ln.quantity > ln.refunded_quantity
                                               for ln in order.lines),
                      has_open_return=any(r.status in ("requested", "approved") for r in order.returns))


def brief_of(order: ShopperOrder) -> OrderBrief:
    return OrderBrief(id=order.id, number=order.number, status=order.status)


def describe_status(order: ShopperOrder, lang: str) -> str:
    parts = [say(f"status_{order.status}", lang, number=order.number, date=date_text(order.delivered_at),
                 deadline=_time_text(order.reserved_until))]
    for shipment in order.shipments:
        parts.append(say("shipment", lang, carrier=shipment.carrier, tracking=shipment.tracking_number,
                         date=date_text(shipment.shipped_at)))
    if order.status == "delivered" and order.return_deadline and clock.now() <= order.return_deadline:
        parts.append(say("return_open_until", lang, date=date_text(order.return_deadline)))
    parts.extend(_returns_text(order, lang))
    return " ".join(parts)


def _time_text(moment: datetime | None) -> str:
    return moment.astimezone(clock.platform_zone()).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _returns_text(order: ShopperOrder, lang: str) -> list[str]:
    return [say("return_line", lang, status=status_name(r.status, lang), amount=money_text(r.amount))
            for r in order.returns]


def describe_refunds(order: ShopperOrder, refunds: Sequence[RefundView], lang: str) -> str:
    if not refunds and not order.returns:
        return say("refund_none", lang, number=order.number)
    parts = [say("refund_line", lang, amount=money_text(r.amount), date=date_text(r.created_at)) for r in refunds]
    parts.extend(_returns_text(order, lang))
    if refunds:
        parts.append(say("refund_total", lang, number=order.number, amount=money_text(order.refunded_total)))
    return " ".join(parts)


def candidate_list(orders: Sequence[ShopperOrder], lang: str) -> str:
    rows = [say("candidate", lang, position=i, number=o.number, status=status_name(o.status, lang),
                items=items_text(o, lang), placed=date_text(o.placed_at)) for i, o in enumerate(orders, start=1)]
    return "\n".join([say("ask_which_order", lang), *rows])


def tracking_of(order: ShopperOrder) -> str:
    return order.shipments[-1].tracking_number if order.shipments else "—"
