"""Flash sale endpoints: campaigns for merchants, countdowns for everyone, purchases for shoppers."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import Field, field_validator

from mercato.contexts.identity.contracts import AddressData
from mercato.shared.api_auth import optional_auth, user_auth, user_auth_revocation_deferred
from mercato.shared.api_types import AddressIn, MoneyOut, line
from mercato.shared.client_address import client_ip
from mercato.shared.errors import RateLimited
from mercato.shared.problems import from_error, render_problem

from . import reconciliation, selectors, services
from .contracts import ItemReconciliation, PurchaseResult, SaleView
from .domain.campaign_rules import ItemDraft
from .domain.refusals import BuyerLimitReached, SoldOut
from .purchase import PurchaseRequest, purchase

router = Router(tags=["flash sales"])

LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", max_length=12)]
Title = line(120) | Annotated[dict[LanguageTag, line(120)], Field(min_length=1, max_length=10)]  # type: ignore[misc]


class ItemIn(Schema):
    variant_id: str = Field(min_length=1, max_length=40)
    sale_price: Decimal = Field(max_digits=14, decimal_places=2, description="in the variant's currency")
    units: int = Field(ge=1, le=100_000)
    per_buyer_limit: int = Field(1, ge=1, le=99)

    @field_validator("sale_price", mode="before")
    @classmethod
    def not_float(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError('send the price as a decimal string, e.g. "9.90"')
        return value


class SaleIn(Schema):
    title: Title  # type: ignore[valid-type]
    starts_at: datetime
    ends_at: datetime
    payment_minutes: int = Field(10, ge=1, le=60, description="how long a buyer has to pay before the units "
                                                              "go back to the sale")
    items: list[ItemIn] = Field(min_length=1, max_length=20)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def with_offset(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("give a time zone offset, e.g. 2026-11-11T00:00:00+08:00")
        return value


class ItemOut(Schema):
    id: str
    variant_id: str
    product_id: str
    title: dict[str, str]
    sku: str
    list_price: MoneyOut
    sale_price: MoneyOut
    units: int
    units_earmarked: int
    per_buyer_limit: int
    remaining: int
    sold: int


class SaleOut(Schema):
    id: str
    merchant_id: str
    title: dict[str, str]
    status: str
    starts_at: datetime
    ends_at: datetime
    payment_minutes: int
    starts_in_seconds: int
    ends_in_seconds: int
    items: list[ItemOut]


class SaleList(Schema):
    items: list[SaleOut]
    next_cursor: str | None = None


class CancelIn(Schema):
    reason: line(200, 0) = ""  # type: ignore[valid-type]


class PurchaseIn(Schema):
    item_id: str = Field(min_length=1, max_length=40)
    quantity: int = Field(1, ge=1, le=99)
    shipping_address: AddressIn
    shipping_method: str = Field("standard", pattern=r"^(standard|express)$")


class OrderRef(Schema):
    id: str
    number: str
    status: str
    total: MoneyOut


class PaymentRef(Schema):
    id: str
    amount: MoneyOut
    status: str


class PurchaseOut(Schema):
    purchase_id: str
    order: OrderRef
    payment: PaymentRef
    pay_by: datetime
    admitted_by: str


class ReconciliationItem(Schema):
    item_id: str
    units: int
    units_earmarked: int
    sold: int
    held_by_orders: int
    left_in_database: int
    left_in_gate: int | None
    in_flight: int
    tallied: int
    agree: bool
    problems: list[str]


class ReconciliationOut(Schema):
    sale_id: str
    status: str
    agree: bool
    items: list[ReconciliationItem]


def sale_out(view: SaleView) -> SaleOut:
    return SaleOut(
        id=view.id, merchant_id=view.merchant_id, title=view.title, status=view.status, starts_at=view.starts_at,
        ends_at=view.ends_at, payment_minutes=view.payment_minutes, starts_in_seconds=view.starts_in_seconds,
        ends_in_seconds=view.ends_in_seconds,
        items=[ItemOut(id=i.id, variant_id=i.variant_id, product_id=i.product_id, title=i.title, sku=i.sku,
                       list_price=MoneyOut.of(i.list_price), sale_price=MoneyOut.of(i.sale_price), units=i.units,
                       units_earmarked=i.units_earmarked, per_buyer_limit=i.per_buyer_limit, remaining=i.remaining,
                       sold=i.sold) for i in view.items])


def purchase_body(result: PurchaseResult) -> dict[str, Any]:
    """A PurchaseOut as plain data. The hot path renders it without building and re-validating five schema
    objects per answer; a test holds it to the PurchaseOut schema and to what Ninja would render."""
    total = result.total.as_json()
    return {"purchase_id": result.purchase_id,
            "order": {"id": result.order_id, "number": result.order_number, "status": result.order_status,
                      "total": total},
            "payment": {"id": result.payment_id, "amount": total, "status": result.payment_status},
            "pay_by": result.pay_by, "admitted_by": result.admitted_by}


def purchase_response(result: PurchaseResult) -> HttpResponse:
    return HttpResponse(json.dumps(purchase_body(result), cls=NinjaJSONEncoder, ensure_ascii=False), status=201,
                        content_type="application/json; charset=utf-8")


def _titles(value: str | dict[str, str]) -> dict[str, str]:
    if isinstance(value, str):
        return {"zh-Hans": value, "en": value}
    first = next(iter(value.values()))
    return {"zh-Hans": value.get("zh-Hans", first), "en": value.get("en", first), **value}


@router.post("/flash-sales", response={201: SaleOut}, auth=user_auth)
def schedule(request: HttpRequest, payload: SaleIn) -> Any:
    sale = services.sale_schedule(
        title=_titles(payload.title), starts_at=payload.starts_at, ends_at=payload.ends_at,
        payment_minutes=payload.payment_minutes,
        items=[ItemDraft(variant_id=i.variant_id, sale_price=i.sale_price, units=i.units,
                         per_buyer_limit=i.per_buyer_limit) for i in payload.items],
        actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, sale_out(selectors.sale_views([sale])[0]))


@router.get("/flash-sales", response=SaleList, auth=optional_auth)
def current(request: HttpRequest, merchant: str | None = None, mine: bool = False) -> Any:
    """Live and upcoming sales, soonest first; `?mine=true` lists every sale of the caller's merchant."""
    if mine:
        return SaleList(items=[sale_out(v) for v in selectors.sales_of_merchant(request.auth)])  # type: ignore[attr-defined]
    return SaleList(items=[sale_out(v) for v in selectors.sales_current(merchant_id=merchant)])


@router.get("/flash-sales/{sale_id}", response=SaleOut, auth=optional_auth)
def detail(request: HttpRequest, sale_id: str) -> Any:
    sale = selectors.sale_get(sale_id, request.auth)  # type: ignore[attr-defined]
    return sale_out(selectors.sale_views([sale])[0])


@router.post("/flash-sales/{sale_id}/cancel", response=SaleOut, auth=user_auth)
def cancel(request: HttpRequest, sale_id: str, payload: CancelIn) -> Any:
    sale = services.sale_cancel(sale_id=sale_id, reason=payload.reason, actor=request.auth)  # type: ignore[attr-defined]
    return sale_out(selectors.sale_views([sale])[0])


@router.post("/flash-sales/{sale_id}/purchases", response={201: PurchaseOut}, auth=user_auth_revocation_deferred)
def buy(request: HttpRequest, sale_id: str, payload: PurchaseIn) -> Any:
    """Idempotent with an `Idempotency-Key` header (kept per buyer and item)."""
    try:
        result = purchase(request=PurchaseRequest(
            sale_id=sale_id, item_id=payload.item_id, quantity=payload.quantity,
            address=AddressData(**payload.shipping_address.model_dump()), shipping_method=payload.shipping_method,
            idempotency_key=request.headers.get("Idempotency-Key", ""), ip=client_ip(request),
            token_id=getattr(request, "token_id", "")), actor=request.auth)  # type: ignore[attr-defined]
    except (SoldOut, BuyerLimitReached, RateLimited) as refusal:
        response = render_problem(from_error(refusal)[1])
        response._has_been_logged = True  # type: ignore[attr-defined]  # expected by the thousand: no log line each
        return response
    return purchase_response(result)  # documented as PurchaseOut (201)


@router.get("/flash-sales/{sale_id}/reconciliation", response=ReconciliationOut, auth=user_auth)
def reconcile(request: HttpRequest, sale_id: str) -> Any:
    sale = selectors.sale_managed(sale_id, request.auth)  # type: ignore[attr-defined]
    items: list[ItemReconciliation] = reconciliation.sale_reconciliation(sale)
    return ReconciliationOut(sale_id=sale.id, status=sale.status, agree=all(i.agree for i in items),
                             items=[ReconciliationItem(**{**i.__dict__, "problems": list(i.problems)})
                                    for i in items])
