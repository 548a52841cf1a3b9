"""Reference endpoints for the flash-sale bench (bench/flash_sale_bench.py), mounted only when the setting
MERCATO_BENCH_ENDPOINTS is true (env MERCATO_BENCH_ENDPOINTS=1). They are yardsticks, not features:

- ``GET /bench/ping`` is the framework's ceiling: routing, middleware and JSON rendering, no database, no cache;
- ``POST /bench/hot-row`` is what a naive "lock the stock row" flash sale tops out at: one transaction with one
  conditional UPDATE of a single stock row, so every request queues on that row's lock.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from ninja import Router, Schema

from mercato.contexts.inventory.models import StockLevel

router = Router(tags=["bench"])


class BenchOut(Schema):
    ok: bool


@router.get("/bench/ping", response=BenchOut)
def ping(request: HttpRequest) -> BenchOut:
    return BenchOut(ok=True)


@router.post("/bench/hot-row", response=BenchOut)
def hot_row(request: HttpRequest, level_id: int) -> BenchOut:
    """Reserve one unit of stock level `level_id` if any is available; ok is false when none was."""
    with transaction.atomic():
        updated = StockLevel.objects.filter(pk=level_id, on_hand__gt=F("reserved") + F("allocated")).update(
            reserved=F("reserved") + 1)
    return BenchOut(ok=updated == 1)
