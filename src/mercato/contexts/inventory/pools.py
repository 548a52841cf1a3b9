"""Earmarked pools: units set aside for a flash sale item and claimed by orders without a hot row (ADR 0010).

Opening a pool turns N available units into N one-unit reserved holds named after the pool: the level's
`reserved` goes up once, and the database's CHECK constraints keep covering those units. A buyer's order claims
units by renaming free holds with `FOR UPDATE SKIP LOCKED`, so concurrent buyers lock different rows and never
queue on the stock level. An unpaid order's units go back to the pool while it is open; closing the pool gives
the free units back to the shelf.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count

from mercato.shared import clock, events
from mercato.shared.actor import Actor

from .domain.allocation import Source, plan_line
from .events import PoolUnitsReturned
from .models import HoldState, StockHold, StockMovement, StockPool
from .services import _locked_levels, _move, _sync_catalog


@transaction.atomic
def stock_pool_open(*, pool: str, variant_id: str, quantity: int, actor: Actor) -> int:
    """Earmark up to ``quantity`` available units (by warehouse priority); returns how many were earmarked.

    Opening the same pool again changes nothing and returns what it holds.
    """
    existing = StockPool.objects.filter(reference=pool).first()
    if existing is not None:
        return existing.earmarked
    levels = _locked_levels([variant_id])
    sources = [Source(lv.pk, lv.warehouse_id, lv.warehouse.priority, lv.available) for lv in levels]
    units = min(quantity, sum(max(s.available, 0) for s in sources))
    now = clock.now()
    holds: list[StockHold] = []
    movements: list[StockMovement] = []
    for source, take in (plan_line(units, sources) or []) if units else []:
        level = next(lv for lv in levels if lv.pk == source.level_id)
        movements.append(_move(level, reason="earmark", reference=pool, actor=actor, reserved=take))
        holds.extend(StockHold(reference=pool, pool=pool, level=level, variant_id=variant_id,
                               warehouse_id=level.warehouse_id, quantity=1, state=HoldState.RESERVED,
                               created_at=now) for _ in range(take))
    StockHold.objects.bulk_create(holds, batch_size=2000)
    StockMovement.objects.bulk_create(movements)
    StockPool.objects.create(reference=pool, variant_id=variant_id, earmarked=units, created_at=now)
    _sync_catalog(levels)
    return units


_ASSIGN_SQL = """
UPDATE {table} SET reference = v.column2, expires_at = %s
FROM (VALUES {values}) AS v WHERE {table}.id = v.column1
"""
_FREE_SQL = "SELECT id FROM {table} WHERE reference = %s AND state = 'reserved' ORDER BY id LIMIT %s{lock}"


def stock_pool_claim_many(*, pool: str, claims: Sequence[tuple[str, int]], expires_at: datetime) -> set[str]:
    """Serve claims (reference, quantity) in their order from the pool's free units, each whole or not at all;
    returns the references served. Two statements whatever the number of claims; in the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("stock_pool_claim_many must run inside the orders' transaction")
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(_FREE_SQL.format(table=StockHold._meta.db_table, lock=lock),
                       [pool, sum(q for _, q in claims)])
        free = [row[0] for row in cursor.fetchall()]
    owner: dict[int, str] = {}
    served: set[str] = set()
    for reference, quantity in claims:
        if quantity <= len(free):
            owner.update((free.pop(0), reference) for _ in range(quantity))
            served.add(reference)
    if owner:
        with connection.cursor() as cursor:
            cursor.execute(_ASSIGN_SQL.format(table=StockHold._meta.db_table,
                                              values=", ".join(["(%s, %s)"] * len(owner))),
                           [expires_at, *(x for pair in owner.items() for x in pair)])
    return served


def return_to_pools(holds: list[StockHold], actor: Actor) -> set[int]:
    """Reserved units of an open pool go back to it instead of to the shelf; returns the holds handled.

    Called while releasing holds (an unpaid order cancelled or expired). The pool row is locked so a pool
    closing at the same moment either takes these units back to the shelf itself or never sees them.
    """
    candidates = [h for h in holds if h.pool and h.state == HoldState.RESERVED]
    if not candidates:
        return set()
    open_pools = set(StockPool.objects.select_for_update().filter(
        reference__in={h.pool for h in candidates}, is_open=True).values_list("reference", flat=True))
    back = [h for h in candidates if h.pool in open_pools]
    returned: dict[tuple[str, str, str], int] = defaultdict(int)
    for hold in back:
        returned[(hold.pool, hold.reference, hold.variant_id)] += hold.quantity
        StockHold.objects.filter(pk=hold.pk).update(reference=hold.pool, expires_at=None)
    for (pool, reference, variant_id), quantity in returned.items():
        events.publish(PoolUnitsReturned(pool=pool, reference=reference, variant_id=variant_id,
                                         quantity=quantity))
    return {h.pk for h in back}


@transaction.atomic
def stock_pool_close(*, pool: str, actor: Actor) -> int:
    """Close the pool: its free units go back on the shelf (one movement per level); returns how many."""
    record = StockPool.objects.select_for_update().filter(reference=pool).first()
    if record is None or not record.is_open:
        return 0
    record.is_open, record.closed_at = False, clock.now()
    record.save(update_fields=["is_open", "closed_at"])
    per_level: dict[int, int] = defaultdict(int)
    for level_id in (StockHold.objects.select_for_update().filter(reference=pool, state=HoldState.RESERVED)
                     .values_list("level_id", flat=True)):
        per_level[level_id] += 1
    if not per_level:
        return 0
    levels = {lv.pk: lv for lv in _locked_levels([record.variant_id])}
    movements = [_move(levels[level_id], reason="unearmark", reference=pool, actor=actor, reserved=-n)
                 for level_id, n in sorted(per_level.items())]
    StockHold.objects.filter(reference=pool, state=HoldState.RESERVED).update(state=HoldState.RELEASED)
    StockMovement.objects.bulk_create(movements)
    _sync_catalog(levels.values())
    return sum(per_level.values())


def pool_free_units(pools: Iterable[str]) -> dict[str, int]:
    """Units still free in each pool (not claimed by an order)."""
    pools = list(pools)
    counts = dict(StockHold.objects.filter(reference__in=pools, state=HoldState.RESERVED).values("reference")
                  .annotate(n=Count("id")).values_list("reference", "n"))
    return {p: int(counts.get(p, 0)) for p in pools}


def pool_claims(pools: Iterable[str]) -> dict[str, dict[str, int]]:
    """Each pool's units by where they are: `free`, `unearmarked` (back on the shelf at closing), and the units
    orders claimed by hold state (`reserved` = awaiting payment, `allocated`, `shipped`, `released`)."""
    pools = list(pools)
    counts: dict[str, dict[str, int]] = {p: {"free": 0, "unearmarked": 0} for p in pools}
    rows = StockHold.objects.filter(pool__in=pools).values("pool", "reference", "state").annotate(n=Count("id"))
    for row in rows:
        if row["reference"] == row["pool"]:
            key = "free" if row["state"] == HoldState.RESERVED else "unearmarked"
        else:
            key = row["state"]
        bucket = counts[row["pool"]]
        bucket[key] = bucket.get(key, 0) + int(row["n"])
    return counts
