"""Cart and checkout endpoints."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import EmailStr, Field

from mercato.contexts.identity.contracts import AddressData
from mercato.shared.api_auth import optional_auth
from mercato.shared.api_types import AddressIn, MoneyOut
from mercato.shared.idempotency import respond_once

from . import selectors, services
from .contracts import CartView, CheckoutResult

router = Router(tags=["checkout"])


class LineIn(Schema):
    variant_id: str = Field(min_length=1, max_length=32)
    quantity: int = Field(ge=1, le=999, strict=True)


class QuantityIn(Schema):
    quantity: int = Field(ge=0, le=999, strict=True)


class CartLineOut(Schema):
    id: str
    variant_id: str
    product_id: str
    merchant_id: str
    sku: str
    title: dict[str, str]
    unit_price: MoneyOut
    quantity: int
    line_total: MoneyOut
    available: bool


class CartGroupOut(Schema):
    merchant_id: str
    merchant_name: str
    lines: list[str]
    subtotal: MoneyOut


class CartOut(Schema):
    id: str
    status: str
    lines: list[CartLineOut]
    groups: list[CartGroupOut]
    item_count: int
    total: MoneyOut


class CheckoutIn(Schema):
    email: EmailStr | None = Field(None, max_length=254)
    shipping_address: AddressIn
    shipping_method: Literal["standard", "express"] = "standard"


class PlacedOrderOut(Schema):
    id: str
    number: str
    merchant_id: str
    status: str
    total: MoneyOut


class PaymentBriefOut(Schema):
    id: str
    amount: MoneyOut
    status: str


class CheckoutOut(Schema):
    checkout_id: str
    orders: list[PlacedOrderOut]
    payment: PaymentBriefOut
    reserved_until: str
    guest_token: str | None = None


def cart_out(view: CartView) -> CartOut:
    groups: dict[str, list[str]] = {}
    for ln in view.lines:
        groups.setdefault(ln.merchant_id, []).append(ln.id)
    by_id = {ln.id: ln for ln in view.lines}
    return CartOut(
        id=view.id, status=view.status,
        lines=[CartLineOut(id=ln.id, variant_id=ln.variant_id, product_id=ln.product_id, merchant_id=ln.merchant_id,
                           sku=ln.sku, title=ln.title, unit_price=MoneyOut.of(ln.unit_price), quantity=ln.quantity,
                           line_total=MoneyOut.of(ln.line_total), available=ln.available) for ln in view.lines],
        groups=[CartGroupOut(merchant_id=m, merchant_name=view.merchant_names.get(m, ""), lines=ids,
                             subtotal=MoneyOut(amount=f"{sum(by_id[i].line_total.amount for i in ids):.2f}",
                                               currency=view.currency))
                for m, ids in groups.items()],
        item_count=sum(ln.quantity for ln in view.lines), total=MoneyOut.of(view.total),
    )


def checkout_out(r: CheckoutResult) -> CheckoutOut:
    return CheckoutOut(
        checkout_id=r.checkout_id,
        orders=[PlacedOrderOut(id=o.id, number=o.number, merchant_id=o.merchant_id, status=o.status,
                               total=MoneyOut.of(o.total)) for o in r.orders],
        payment=PaymentBriefOut(id=r.payment_id, amount=MoneyOut.of(r.payment_amount), status=r.payment_status),
        reserved_until=r.reserved_until.isoformat(), guest_token=r.guest_token,
    )


@router.post("/carts", response={201: CartOut}, auth=optional_auth)
def cart_create(request: HttpRequest) -> Status[CartOut]:
    cart = services.cart_create(actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, cart_out(selectors.cart_view(cart.id, request.auth)))  # type: ignore[attr-defined]


@router.get("/carts/{cart_id}", response=CartOut, auth=optional_auth)
def cart_get(request: HttpRequest, cart_id: str) -> CartOut:
    return cart_out(selectors.cart_view(cart_id, request.auth))  # type: ignore[attr-defined]


@router.post("/carts/{cart_id}/lines", response={201: CartOut}, auth=optional_auth)
def line_add(request: HttpRequest, cart_id: str, payload: LineIn) -> Status[CartOut]:
    services.cart_add_line(cart_id=cart_id, variant_id=payload.variant_id, quantity=payload.quantity,
                           actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, cart_out(selectors.cart_view(cart_id, request.auth)))  # type: ignore[attr-defined]


@router.patch("/carts/{cart_id}/lines/{line_id}", response=CartOut, auth=optional_auth)
def line_change(request: HttpRequest, cart_id: str, line_id: str, payload: QuantityIn) -> CartOut:
    services.cart_set_quantity(cart_id=cart_id, line_id=line_id, quantity=payload.quantity,
                               actor=request.auth)  # type: ignore[attr-defined]
    return cart_out(selectors.cart_view(cart_id, request.auth))  # type: ignore[attr-defined]


@router.delete("/carts/{cart_id}/lines/{line_id}", response=CartOut, auth=optional_auth)
def line_remove(request: HttpRequest, cart_id: str, line_id: str) -> CartOut:
    services.cart_set_quantity(cart_id=cart_id, line_id=line_id, quantity=0, actor=request.auth)  # type: ignore[attr-defined]
    return cart_out(selectors.cart_view(cart_id, request.auth))  # type: ignore[attr-defined]


@router.post("/carts/{cart_id}/checkout", response={201: CheckoutOut}, auth=optional_auth)
def checkout(request: HttpRequest, cart_id: str, payload: CheckoutIn) -> object:
    def work() -> Status[CheckoutOut]:
        result = services.checkout_submit(
            cart_id=cart_id, address=AddressData(**payload.shipping_address.model_dump()),
            shipping_method=payload.shipping_method, email=payload.email, actor=request.auth,  # type: ignore[attr-defined]
        )
        return Status(201, checkout_out(result))

    return respond_once(request, payload, work)
