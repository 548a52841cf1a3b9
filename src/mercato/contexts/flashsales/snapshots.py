"""A per-process, one-second cache of what the purchase path needs about an item.

Campaign terms never change once scheduled (only the status does, and admission also checks the window
itself), so a second-old copy is safe and spares the database a read per attempt. It also carries the
variant's offer and the merchant's commission rate, which every group of orders needs. When a copy expires
one thread reads the new one while the others go on with the old one for that moment (no stampede).
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from mercato.contexts.catalog import public as catalog
from mercato.contexts.merchants import public as merchants

from .contracts import ItemSnapshot
from .models import FlashSaleItem

TTL_SECONDS = 1.0
_cache: dict[str, tuple[float, ItemSnapshot | None]] = {}
_lock = threading.Lock()
_refreshing: set[str] = set()


def item_snapshot(item_id: str) -> ItemSnapshot | None:
    now = time.monotonic()
    hit = _cache.get(item_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    with _lock:
        busy = item_id in _refreshing
        if not busy:
            _refreshing.add(item_id)
    if busy and hit is not None:
        return hit[1]  # another thread is reading the new copy
    try:
        snapshot = _read(item_id)
        with _lock:
            if len(_cache) > 10_000:
                _cache.clear()
            _cache[item_id] = (now + TTL_SECONDS, snapshot)
    finally:
        if not busy:
            with _lock:
                _refreshing.discard(item_id)
    return snapshot


def cached_snapshot(item_id: str) -> ItemSnapshot | None:
    """The copy this process holds, however old, without reading the database (None if it holds none)."""
    hit = _cache.get(item_id)
    return None if hit is None else hit[1]


def _read(item_id: str) -> ItemSnapshot | None:
    item = FlashSaleItem.objects.select_related("sale").filter(pk=item_id).first()
    if item is None:
        return None
    snapshot = ItemSnapshot(
        id=item.id, sale_id=item.sale_id, merchant_id=item.sale.merchant_id, status=item.sale.status,
        starts_at=item.sale.starts_at, ends_at=item.sale.ends_at, variant_id=item.variant_id,
        sale_price=item.sale_price, currency=item.currency, per_buyer_limit=item.per_buyer_limit,
        payment_minutes=item.sale.payment_minutes)
    offer = catalog.variants_for_sale([item.variant_id]).get(item.variant_id)
    if offer is None:
        return snapshot
    (rate,) = merchants.commission_rates_for([(offer.merchant_id, offer.category_chain)])
    return replace(snapshot, offer=offer, commission_rate=rate)


def forget(item_id: str) -> None:
    with _lock:
        _cache.pop(item_id, None)


def forget_all() -> None:
    with _lock:
        _cache.clear()
