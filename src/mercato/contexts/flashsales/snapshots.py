"""A per-process, one-second cache of what the purchase path needs about an item.

Campaign terms never change once scheduled (only the status does, and admission also checks the window
itself), so a second-old copy is safe and spares the database a read per attempt.
"""

from __future__ import annotations

import threading
import time

from .contracts import ItemSnapshot
from .models import FlashSaleItem

TTL_SECONDS = 1.0
_cache: dict[str, tuple[float, ItemSnapshot | None]] = {}
_lock = threading.Lock()


def item_snapshot(item_id: str) -> ItemSnapshot | None:
    now = time.monotonic()
    hit = _cache.get(item_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    item = FlashSaleItem.objects.select_related("sale").filter(pk=item_id).first()
    snapshot = None if item is None else ItemSnapshot(
        id=item.id, sale_id=item.sale_id, merchant_id=item.sale.merchant_id, status=item.sale.status,
        starts_at=item.sale.starts_at, ends_at=item.sale.ends_at, variant_id=item.variant_id,
        sale_price=item.sale_price, currency=item.currency, per_buyer_limit=item.per_buyer_limit,
        payment_minutes=item.sale.payment_minutes)
    with _lock:
        if len(_cache) > 10_000:
            _cache.clear()
        _cache[item_id] = (now + TTL_SECONDS, snapshot)
    return snapshot


def forget(item_id: str) -> None:
    with _lock:
        _cache.pop(item_id, None)


def forget_all() -> None:
    with _lock:
        _cache.clear()
