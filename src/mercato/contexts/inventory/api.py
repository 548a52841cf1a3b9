"""Inventory endpoints: warehouses and stock per variant."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from mercato.shared.api_auth import user_auth
from mercato.shared.api_types import line

from . import selectors, services
from .contracts import LevelView

router = Router(tags=["inventory"])


class WarehouseIn(Schema):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    name: line(100)  # type: ignore[valid-type]
    country: str = Field(pattern=r"^[A-Z]{2}$")
    city: line(100)  # type: ignore[valid-type]
    priority: int = Field(0, ge=-1000, le=1000)


class WarehouseOut(Schema):
    id: str
    code: str
    name: str
    country: str
    city: str
    priority: int


class LotIn(Schema):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9._-]+$")
    expires_on: date | None = None


class StockIn(Schema):
    on_hand: int = Field(ge=0, le=10_000_000)
    lot: LotIn | None = None


class LevelOut(Schema):
    """available = on_hand − reserved (held for unpaid orders) − allocated (paid, not yet shipped)."""

    warehouse_id: str
    on_hand: int
    reserved: int
    allocated: int
    available: int


class StockOut(Schema):
    variant_id: str
    items: list[LevelOut]
    on_hand: int
    reserved: int
    allocated: int
    available: int


def _level(v: LevelView) -> LevelOut:
    return LevelOut(warehouse_id=v.warehouse_id, on_hand=v.on_hand, reserved=v.reserved, allocated=v.allocated,
                    available=v.available)


@router.post("/warehouses", response={201: WarehouseOut}, auth=user_auth)
def warehouse_create(request: HttpRequest, payload: WarehouseIn) -> Status[WarehouseOut]:
    w = services.warehouse_create(code=payload.code, name=payload.name, country=payload.country, city=payload.city,
                                  priority=payload.priority, actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, WarehouseOut(id=w.id, code=w.code, name=w.name, country=w.country, city=w.city,
                                    priority=w.priority))


@router.get("/warehouses", response=dict[str, list[WarehouseOut]], auth=user_auth)
def warehouse_list(request: HttpRequest) -> dict[str, list[WarehouseOut]]:
    rows = selectors.warehouses_of(request.auth)  # type: ignore[attr-defined]
    return {"items": [WarehouseOut(id=w.id, code=w.code, name=w.name, country=w.country, city=w.city,
                                   priority=w.priority) for w in rows]}


@router.put("/variants/{variant_id}/stock/{warehouse_id}", response=LevelOut, auth=user_auth)
def stock_put(request: HttpRequest, variant_id: str, warehouse_id: str, payload: StockIn) -> LevelOut:
    view = services.stock_set(
        variant_id=variant_id, warehouse_id=warehouse_id, on_hand=payload.on_hand, actor=request.auth,  # type: ignore[attr-defined]
        lot_code=payload.lot.code if payload.lot else None,
        lot_expires_on=payload.lot.expires_on if payload.lot else None,
    )
    return _level(view)


@router.get("/variants/{variant_id}/stock", response=StockOut, auth=user_auth)
def stock_get(request: HttpRequest, variant_id: str) -> StockOut:
    levels = selectors.stock_of_variant(variant_id=variant_id, actor=request.auth)  # type: ignore[attr-defined]
    return StockOut(
        variant_id=variant_id, items=[_level(v) for v in levels], on_hand=sum(v.on_hand for v in levels),
        reserved=sum(v.reserved for v in levels), allocated=sum(v.allocated for v in levels),
        available=sum(v.available for v in levels),
    )
