"""Proving gate and database agree, and repairing the gate from the database (ADR 0010).

The database is the truth: units free in the item's pool, each buyer's tally, each purchase. The gate must
hold `left = free − units in flight`; after a Redis restart it holds nothing and is loaded again; after any
doubt (a failed Redis call, an admission the database refused) it is rebuilt.
"""

from __future__ import annotations

import contextlib
import threading
import time

from django.db.models import Sum

from mercato.contexts.inventory import public as inventory
from mercato.shared import clock
from mercato.shared.actor import Actor

from .contracts import ItemReconciliation
from .domain.sale_status import SaleStatus
from .gate import Gate, GateUnavailable, gate
from .models import BuyerTally, FlashPurchase, FlashSale, FlashSaleItem, SaleChange

_soon_lock = threading.Lock()
_last_soon: dict[str, float] = {}
SOON_SECONDS = 1.0


def _tallies(item_id: str) -> dict[str, int]:
    return dict(BuyerTally.objects.filter(item_id=item_id, units__gt=0).values_list("buyer_id", "units"))


def item_load_gate(g: Gate, item_id: str) -> bool:
    """Fill an empty gate (e.g. Redis restarted mid-sale) from the database; False if another process did."""
    free = inventory.pool_free_units([item_id])[item_id]
    return g.load(item_id=item_id, left=free, tallies=_tallies(item_id))


def item_reconcile(item_id: str, *, actor: Actor) -> None:
    """Rebuild the gate of one live item from the database; a change is recorded on the sale."""
    g = gate()
    if g is None:
        return
    free = inventory.pool_free_units([item_id])[item_id]
    repair = g.reconcile(item_id=item_id, free_in_database=free, tallies=_tallies(item_id))
    if repair.before != repair.after or repair.dead_tokens:  # a drifted, dead or emptied (restarted) gate
        sale_id = str(FlashSaleItem.objects.filter(pk=item_id).values_list("sale_id", flat=True).first())
        SaleChange.objects.create(sale_id=sale_id, kind="gate_repaired", actor=actor.label, at=clock.now(), detail={
            "item": item_id, "gate_before": repair.before, "gate_after": repair.after,
            "in_flight": repair.in_flight, "dead_tokens": repair.dead_tokens, "free_in_database": free})


def item_reconcile_soon(item_id: str) -> None:
    """After the database refused an admitted attempt: rebuild the gate now, at most once a second."""
    now = time.monotonic()
    with _soon_lock:
        if _last_soon.get(item_id, 0.0) > now - SOON_SECONDS:
            return
        _last_soon[item_id] = now
    with contextlib.suppress(GateUnavailable):
        item_reconcile(item_id, actor=Actor(system="flash-sale:gate-out-of-date"))


def reconcile_live(actor: Actor) -> int:
    """The job: rebuild the gate of every live item; returns how many were checked."""
    ids = list(FlashSaleItem.objects.filter(sale__status=SaleStatus.LIVE).values_list("id", flat=True)[:500])
    for item_id in ids:
        try:
            item_reconcile(item_id, actor=actor)
        except GateUnavailable:
            return 0
    return len(ids)


def sale_reconciliation(sale: FlashSale) -> list[ItemReconciliation]:
    """Every item's gate and database figures, and whether all the invariants hold (a fixed number of reads)."""
    g = gate()
    items = list(sale.items.order_by("id"))
    claims = inventory.pool_claims([i.pool for i in items])
    sold = dict(FlashPurchase.objects.filter(item__in=items, released_at__isnull=True).values("item_id")
                .annotate(n=Sum("quantity")).values_list("item_id", "n"))
    tallied = dict(BuyerTally.objects.filter(item__in=items).values("item_id").annotate(n=Sum("units"))
                   .values_list("item_id", "n"))
    return [_item_report(item, dict(claims[item.pool]), int(sold.get(item.id) or 0),
                         int(tallied.get(item.id) or 0), g if sale.status == SaleStatus.LIVE else None)
            for item in items]


def _item_report(item: FlashSaleItem, claims: dict[str, int], sold: int, tallied: int,
                 g: Gate | None) -> ItemReconciliation:
    free = claims.pop("free", 0)
    unearmarked = claims.pop("unearmarked", 0)
    held = sum(claims.values())
    left_in_gate, in_flight = None, 0
    if g is not None:
        with contextlib.suppress(GateUnavailable):
            left_in_gate, in_flight = g.state(item.id)
    problems = []
    if item.units_earmarked != free + unearmarked + held:
        problems.append(f"earmarked {item.units_earmarked} != free {free} + returned {unearmarked} + "
                        f"claimed {held}")
    if held != sold:
        problems.append(f"units claimed by orders {held} != units of purchases {sold}")
    if tallied != sold:
        problems.append(f"buyer tallies {tallied} != units of purchases {sold}")
    if left_in_gate is not None and left_in_gate + in_flight != free:
        problems.append(f"gate {left_in_gate} + in flight {in_flight} != free in database {free}")
    return ItemReconciliation(
        item_id=item.id, units=item.units, units_earmarked=item.units_earmarked, sold=sold, held_by_orders=held,
        left_in_database=free, left_in_gate=left_in_gate, in_flight=in_flight, tallied=tallied,
        agree=not problems, problems=tuple(problems))
