"""Order endpoints: read, cancel, address, invoice, ship, deliver, confirm receipt, returns, refunds."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from mercato.contexts.identity import public as identity
from mercato.contexts.identity.contracts import AddressData
from mercato.shared.api_auth import payer_auth, user_auth
from mercato.shared.api_types import AddressIn, ListQuery, MoneyIn, MoneyOut, line
from mercato.shared.idempotency import respond_once
from mercato.shared.pagination import parse_page

from . import selectors, services
from .domain.order_status import OrderStatus, ReturnStatus
from .invoice import render_invoice
from .models import Order, Return

router = Router(tags=["orders"])


def _m(amount: Any, currency: str) -> MoneyOut:
    return MoneyOut(amount=f"{amount:.2f}", currency=currency)


class LineOut(Schema):
    id: str
    variant_id: str
    product_id: str
    sku: str
    title: dict[str, str]
    quantity: int
    unit_price: MoneyOut
    list_amount: MoneyOut
    discount: MoneyOut
    shipping_share: MoneyOut
    tax: MoneyOut
    amount_paid: MoneyOut
    commission_rate: str
    commission: MoneyOut
    refunded_quantity: int
    refunded_amount: MoneyOut
    returnable: bool


class HistoryOut(Schema):
    status: str
    from_status: str | None
    at: str
    actor: str
    reason: str | None


class ShipmentOut(Schema):
    id: str
    carrier: str
    tracking_number: str
    shipped_at: str
    delivered_at: str | None


class ReturnOut(Schema):
    id: str
    order_id: str
    status: str
    reason: str
    amount: MoneyOut
    lines: list[dict[str, Any]]
    escrow_frozen: bool
    refund_id: str | None
    requested_at: str


class OrderOut(Schema):
    id: str
    number: str
    status: str
    merchant_id: str
    checkout_id: str
    payment_id: str
    payment_method: str | None
    subtotal: MoneyOut
    discount: MoneyOut
    shipping: MoneyOut
    tax: MoneyOut
    total: MoneyOut
    refunded_total: MoneyOut
    lines: list[LineOut]
    history: list[HistoryOut]
    shipments: list[ShipmentOut]
    returns: list[ReturnOut]
    placed_at: str
    reserved_until: str | None
    delivered_at: str | None
    return_deadline: str | None
    auto_confirm_at: str | None


class OrderList(Schema):
    items: list[OrderOut]
    next_cursor: str | None


def return_out(r: Return, currency: str) -> ReturnOut:
    return ReturnOut(id=r.id, order_id=r.order_id, status=r.status, reason=r.reason, amount=_m(r.amount, currency),
                     lines=[{"line_id": rl.line_id, "quantity": rl.quantity, "amount": _m(rl.amount, currency)}
                            for rl in r.lines.all()],
                     escrow_frozen=r.escrow_frozen, refund_id=r.refund_id or None,
                     requested_at=r.requested_at.isoformat())


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def order_out(o: Order) -> OrderOut:
    c = o.currency
    return OrderOut(
        id=o.id, number=o.number, status=o.status, merchant_id=o.merchant_id, checkout_id=o.checkout_ref,
        payment_id=o.payment_id, payment_method=o.payment_method or None, subtotal=_m(o.subtotal, c),
        discount=_m(o.discount, c), shipping=_m(o.shipping, c), tax=_m(o.tax, c), total=_m(o.total, c),
        refunded_total=_m(o.refunded_total, c),
        lines=[LineOut(id=ln.id, variant_id=ln.variant_id, product_id=ln.product_id, sku=ln.sku, title=ln.title,
                       quantity=ln.quantity, unit_price=_m(ln.unit_price, c), list_amount=_m(ln.list_amount, c),
                       discount=_m(ln.discount, c), shipping_share=_m(ln.shipping_share, c), tax=_m(ln.tax, c),
                       amount_paid=_m(ln.amount_paid, c), commission_rate=str(ln.commission_rate),
                       commission=_m(ln.commission, c), refunded_quantity=ln.refunded_quantity,
                       refunded_amount=_m(ln.refunded_amount, c),
                       returnable=not (ln.is_custom_made or ln.is_perishable)) for ln in o.lines.all()],
        history=[HistoryOut(status=h.to_status, from_status=h.from_status or None, at=h.at.isoformat(),
                            actor=h.actor, reason=h.reason or None) for h in o.history.all()],
        shipments=[ShipmentOut(id=s.id, carrier=s.carrier, tracking_number=s.tracking_number,
                               shipped_at=s.shipped_at.isoformat(), delivered_at=iso(s.delivered_at))
                   for s in o.shipments.all()],
        returns=[return_out(r, c) for r in o.returns.all()],
        placed_at=o.placed_at.isoformat(), reserved_until=iso(o.reserved_until), delivered_at=iso(o.delivered_at),
        return_deadline=iso(o.return_deadline), auto_confirm_at=iso(o.auto_confirm_at),
    )


class OrderQuery(ListQuery):
    status: OrderStatus | None = None


class CancelIn(Schema):
    reason: line(200, 0) = ""  # type: ignore[valid-type]


class ShipIn(Schema):
    carrier: line(40)  # type: ignore[valid-type]
    tracking_number: str = Field(min_length=4, max_length=40, pattern=r"^[A-Za-z0-9-]+$")


class DeliverIn(Schema):
    cod_outcome: Literal["collected", "refused"] = "collected"


class ReturnLineIn(Schema):
    line_id: str = Field(max_length=32)
    quantity: int = Field(ge=1, le=10_000)


class ReturnIn(Schema):
    lines: list[ReturnLineIn] = Field(min_length=1, max_length=100)
    reason: line(200, 0) = "no reason"  # type: ignore[valid-type]


class RefundIn(Schema):
    order_id: str = Field(max_length=32)
    amount: MoneyIn | None = None
    lines: list[ReturnLineIn] = Field(default_factory=list, max_length=100)
    reason: line(200)  # type: ignore[valid-type]


class RefundOut(Schema):
    id: str
    payment_id: str
    order_id: str
    amount: MoneyOut
    source: str
    reason: str
    status: str = "succeeded"
    created_at: str


def _detail(order_id: str, request: HttpRequest) -> OrderOut:
    return order_out(selectors.order_detail(order_id, request.auth))  # type: ignore[attr-defined]


@router.get("/orders", response=OrderList, auth=payer_auth)
def order_list(request: HttpRequest, query: Query[OrderQuery]) -> OrderList:
    rows, cursor = selectors.orders_list(request.auth, status=query.status,  # type: ignore[attr-defined]
                                         page=parse_page(query.limit, query.cursor))
    return OrderList(items=[order_out(o) for o in rows], next_cursor=cursor)


@router.get("/orders/{order_id}", response=OrderOut, auth=payer_auth)
def order_detail(request: HttpRequest, order_id: str) -> OrderOut:
    return _detail(order_id, request)


@router.post("/orders/{order_id}/cancel", response=OrderOut, auth=payer_auth)
def cancel(request: HttpRequest, order_id: str, payload: CancelIn) -> object:
    def work() -> Status[OrderOut]:
        services.order_cancel(order_id=order_id, reason=payload.reason, actor=request.auth)  # type: ignore[attr-defined]
        return Status(200, _detail(order_id, request))

    return respond_once(request, payload, work)


@router.patch("/orders/{order_id}/shipping-address", response=OrderOut, auth=payer_auth)
def change_address(request: HttpRequest, order_id: str, payload: AddressIn) -> OrderOut:
    services.order_change_address(order_id=order_id, address=AddressData(**payload.model_dump()),
                                  actor=request.auth)  # type: ignore[attr-defined]
    return _detail(order_id, request)


@router.get("/orders/{order_id}/invoice", auth=payer_auth)
def invoice(request: HttpRequest, order_id: str) -> HttpResponse:
    order = selectors.order_detail(order_id, request.auth)  # type: ignore[attr-defined]
    return HttpResponse(render_invoice(order, identity.address_get(order.shipping_address_id)),
                        content_type="text/html; charset=utf-8")


@router.post("/orders/{order_id}/shipments", response={201: OrderOut}, auth=user_auth)
def ship(request: HttpRequest, order_id: str, payload: ShipIn) -> Status[OrderOut]:
    services.order_ship(order_id=order_id, carrier=payload.carrier, tracking_number=payload.tracking_number,
                        actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, _detail(order_id, request))


@router.post("/orders/{order_id}/deliver", response=OrderOut, auth=user_auth)
def deliver(request: HttpRequest, order_id: str, payload: DeliverIn | None = None) -> OrderOut:
    services.order_deliver(order_id=order_id, actor=request.auth,  # type: ignore[attr-defined]
                           cod_outcome=payload.cod_outcome if payload else "collected")
    return _detail(order_id, request)


@router.post("/orders/{order_id}/confirm-receipt", response=OrderOut, auth=payer_auth)
def confirm_receipt(request: HttpRequest, order_id: str) -> OrderOut:
    services.order_confirm_receipt(order_id=order_id, actor=request.auth)  # type: ignore[attr-defined]
    return _detail(order_id, request)


@router.post("/orders/{order_id}/returns", response={201: ReturnOut}, auth=payer_auth)
def return_create(request: HttpRequest, order_id: str, payload: ReturnIn) -> object:
    def work() -> Status[ReturnOut]:
        ret = services.return_request(order_id=order_id, lines=[(ln.line_id, ln.quantity) for ln in payload.lines],
                                      reason=payload.reason, actor=request.auth)  # type: ignore[attr-defined]
        return Status(201, return_out(ret, ret.order.currency))

    return respond_once(request, payload, work)


def _resolve(request: HttpRequest, return_id: str, decision: ReturnStatus) -> object:
    def work() -> Status[dict[str, Any]]:
        ret, refund = services.return_resolve(return_id=return_id, decision=decision,
                                              actor=request.auth)  # type: ignore[attr-defined]
        body = return_out(ret, ret.order.currency).model_dump(mode="json")
        body["refund"] = _refund_out(refund).model_dump(mode="json") if refund else None
        return Status(200, body)

    return respond_once(request, {"decision": str(decision)}, work)


@router.post("/returns/{return_id}/approve", auth=user_auth)
def return_approve(request: HttpRequest, return_id: str) -> object:
    return _resolve(request, return_id, ReturnStatus.APPROVED)


@router.post("/returns/{return_id}/reject", auth=user_auth)
def return_reject(request: HttpRequest, return_id: str) -> object:
    return _resolve(request, return_id, ReturnStatus.REJECTED)


@router.post("/returns/{return_id}/receive", auth=user_auth)
def return_receive(request: HttpRequest, return_id: str) -> object:
    return _resolve(request, return_id, ReturnStatus.RECEIVED)


def _refund_out(r: Any) -> RefundOut:
    return RefundOut(id=r.id, payment_id=r.payment_id, order_id=r.order_ref, amount=MoneyOut.of(r.amount),
                     source=r.source, reason=r.reason, created_at=r.created_at.isoformat())


@router.post("/payments/{payment_id}/refunds", response={201: RefundOut}, auth=user_auth, tags=["payments"])
def refund_create(request: HttpRequest, payment_id: str, payload: RefundIn) -> object:
    def work() -> Status[RefundOut]:
        refund = services.order_refund(
            order_id=payload.order_id, payment_id=payment_id, reason=payload.reason, actor=request.auth,  # type: ignore[attr-defined]
            lines=[(ln.line_id, ln.quantity) for ln in payload.lines],
            amount=payload.amount.to_money() if payload.amount else None,
        )
        return Status(201, _refund_out(refund))

    return respond_once(request, payload, work)
