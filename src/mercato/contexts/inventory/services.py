"""Inventory commands. Stock rows are locked in one fixed order (by id) and changed with conditional
UPDATEs; CHECK constraints refuse any state where available would go negative (ADR 0002)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from mercato.contexts.catalog import public as catalog
from mercato.contexts.merchants import public as merchants
from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, NotFound, OutOfStock, ValidationFailed

from .contracts import LevelView, ReserveLine, Shortage
from .domain.allocation import Source, plan_line
from .events import StockAdjusted
from .models import HoldState, StockHold, StockLevel, StockLot, StockMovement, Warehouse


def _locked_levels(variant_ids: Iterable[str]) -> list[StockLevel]:
    return list(
        StockLevel.objects.select_for_update(of=("self",)).select_related("warehouse")
        .filter(variant_id__in=set(variant_ids)).order_by("id")
    )


def _sync_catalog(levels: Iterable[StockLevel]) -> None:
    totals: dict[str, int] = defaultdict(int)
    for level in levels:
        totals[level.variant_id] += level.available
    catalog.availability_update(totals)


def _move(level: StockLevel, *, reason: str, reference: str, actor: Actor, on_hand: int = 0,
          reserved: int = 0, allocated: int = 0) -> StockMovement:
    """Apply a delta with one conditional UPDATE; the CHECK constraints are the last line of defence."""
    try:
        changed = StockLevel.objects.filter(
            pk=level.pk, on_hand__gte=F("reserved") + F("allocated") + (reserved + allocated - on_hand)
        ).update(
            on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved, allocated=F("allocated") + allocated,
        )
    except IntegrityError:  # the transaction is now unusable: the error rolls all of it back
        raise OutOfStock(f"not enough stock of {level.variant_id} at {level.warehouse_id}") from None
    if changed != 1:
        raise OutOfStock(f"not enough stock of {level.variant_id} at {level.warehouse_id}")
    level.on_hand += on_hand
    level.reserved += reserved
    level.allocated += allocated
    return StockMovement(level=level, variant_id=level.variant_id, warehouse_id=level.warehouse_id,
                         on_hand_delta=on_hand, reserved_delta=reserved, allocated_delta=allocated,
                         reason=reason, reference=reference, actor=actor.label, at=clock.now())


@transaction.atomic
def stock_reserve(*, lines: Sequence[ReserveLine], expires_at: datetime | None, actor: Actor) -> None:
    """Hold stock for order lines until they are paid (then allocated) or released; all or nothing."""
    levels = _locked_levels(line.variant_id for line in lines)
    by_variant: dict[str, list[StockLevel]] = defaultdict(list)
    for level in levels:
        by_variant[level.variant_id].append(level)
    wanted: dict[str, int] = defaultdict(int)
    for line in lines:
        wanted[line.variant_id] += line.quantity
    shortages = [
        Shortage(variant_id=v, requested=q, available=sum(max(lv.available, 0) for lv in by_variant[v]))
        for v, q in wanted.items() if sum(max(lv.available, 0) for lv in by_variant[v]) < q
    ]
    if shortages:
        raise OutOfStock(
            "not enough stock for " + ", ".join(f"{s.variant_id} (asked {s.requested}, {s.available} left)"
                                                for s in shortages),
            shortages=[s.__dict__ for s in shortages],
        )
    movements, holds = [], []
    for line in lines:
        sources = [Source(lv.pk, lv.warehouse_id, lv.warehouse.priority, lv.available)
                   for lv in by_variant[line.variant_id]]
        plan = plan_line(line.quantity, sources)
        assert plan is not None  # totals were checked above, under the lock
        for source, take in plan:
            level = next(lv for lv in by_variant[line.variant_id] if lv.pk == source.level_id)
            movements.append(_move(level, reason="reserve", reference=line.reference, actor=actor, reserved=take))
            holds.append(StockHold(reference=line.reference, level=level, variant_id=line.variant_id,
                                   warehouse_id=level.warehouse_id, quantity=take, state=HoldState.RESERVED,
                                   expires_at=expires_at, created_at=clock.now()))
    StockHold.objects.bulk_create(holds)
    StockMovement.objects.bulk_create(movements)
    _sync_catalog(levels)


def _transition_holds(references: Sequence[str], *, from_states: Sequence[str], to_state: str, reason: str,
                      actor: Actor) -> int:
    holds = list(StockHold.objects.select_for_update().filter(reference__in=references, state__in=from_states)
                 .order_by("id"))
    if to_state == HoldState.RELEASED:
        from .pools import return_to_pools  # pools builds on this module

        returned = return_to_pools(holds, actor)
        holds = [h for h in holds if h.pk not in returned]
    if not holds:
        return 0
    levels = {lv.pk: lv for lv in _locked_levels({h.variant_id for h in holds})}
    movements = []
    for hold in holds:
        level = levels[hold.level_id]
        deltas: dict[str, int] = {}
        if hold.state == HoldState.RESERVED:
            deltas["reserved"] = -hold.quantity
        else:
            deltas["allocated"] = -hold.quantity
        if to_state == HoldState.ALLOCATED:
            deltas["allocated"] = deltas.get("allocated", 0) + hold.quantity
        elif to_state == HoldState.SHIPPED:
            deltas["on_hand"] = -hold.quantity
        movements.append(_move(level, reason=reason, reference=hold.reference, actor=actor, **deltas))
    if to_state == HoldState.SHIPPED:
        for hold in holds:
            _take_from_lots(hold)
    StockHold.objects.filter(pk__in=[h.pk for h in holds]).update(state=to_state, expires_at=None)
    StockMovement.objects.bulk_create(movements)
    _sync_catalog(levels.values())
    return len(holds)


def _take_from_lots(hold: StockHold) -> None:
    """Shipped units leave their lots first-expiring-first; units beyond the lots were never lot-tracked."""
    remaining, taken = hold.quantity, {}
    lots = StockLot.objects.select_for_update().filter(level_id=hold.level_id, on_hand__gt=0)
    for lot in lots.order_by(F("expires_on").asc(nulls_last=True), "id"):
        if remaining == 0:
            break
        take = min(remaining, lot.on_hand)
        StockLot.objects.filter(pk=lot.pk).update(on_hand=F("on_hand") - take)
        taken[str(lot.pk)] = take
        remaining -= take
    if taken:
        StockHold.objects.filter(pk=hold.pk).update(lots=taken)
        hold.lots = taken


def _return_to_lots(hold: StockHold, quantity: int) -> None:
    """Returned units go back to the lots they left from (in the order they were taken)."""
    already = hold.restocked
    for lot_id, taken in hold.lots.items():
        back = min(quantity, max(taken - already, 0))
        already = max(already - taken, 0)
        if back:
            StockLot.objects.filter(pk=int(lot_id)).update(on_hand=F("on_hand") + back)
            quantity -= back


@transaction.atomic
def stock_allocate(*, references: Sequence[str], actor: Actor) -> int:
    """Payment turned reservations into allocations: they no longer expire."""
    return _transition_holds(references, from_states=[HoldState.RESERVED], to_state=HoldState.ALLOCATED,
                             reason="allocate", actor=actor)


@transaction.atomic
def stock_release(*, references: Sequence[str], actor: Actor, reason: str = "release") -> int:
    return _transition_holds(references, from_states=[HoldState.RESERVED, HoldState.ALLOCATED],
                             to_state=HoldState.RELEASED, reason=reason, actor=actor)


@transaction.atomic
def stock_ship(*, reference: str, actor: Actor) -> int:
    """Shipping takes the units off the shelf."""
    return _transition_holds([reference], from_states=[HoldState.ALLOCATED], to_state=HoldState.SHIPPED,
                             reason="ship", actor=actor)


@transaction.atomic
def stock_restock(*, reference: str, variant_id: str, quantity: int, actor: Actor) -> int:
    """A received return goes back on the shelf of the warehouse it left from."""
    holds = list(StockHold.objects.select_for_update().filter(
        reference=reference, variant_id=variant_id, state=HoldState.SHIPPED).order_by("id"))
    levels = {lv.pk: lv for lv in _locked_levels([variant_id])}
    remaining, movements = quantity, []
    for hold in holds:
        take = min(remaining, hold.quantity - hold.restocked)
        if take <= 0:
            continue
        movements.append(_move(levels[hold.level_id], reason="return", reference=reference, actor=actor,
                               on_hand=take))
        _return_to_lots(hold, take)
        StockHold.objects.filter(pk=hold.pk).update(restocked=F("restocked") + take)
        remaining -= take
    if remaining:
        raise Conflict(f"only {quantity - remaining} of {quantity} units of {variant_id} were shipped for {reference}")
    StockMovement.objects.bulk_create(movements)
    _sync_catalog(levels.values())
    return quantity


@transaction.atomic
def warehouse_create(*, code: str, name: str, country: str, city: str, priority: int, actor: Actor) -> Warehouse:
    membership = merchants.staff_membership(actor.user_id)
    try:
        with transaction.atomic():
            return Warehouse.objects.create(merchant_id=membership.merchant_id, code=code, name=name,
                                            country=country, city=city, priority=priority)
    except IntegrityError:  # the unique (merchant, code) index decides, also between racing requests
        raise Conflict(f"you already have a warehouse with code {code!r}") from None


@transaction.atomic
def stock_set(*, variant_id: str, warehouse_id: str, on_hand: int, actor: Actor,
              lot_code: str | None = None, lot_expires_on: date | None = None) -> LevelView:
    """Set the counted quantity (of the whole level, or of one lot), recorded as an adjustment movement.

    A lot count is the number of units of that lot on the shelf: raising it from 0 to 3 means 3 units of the lot
    arrived (on hand +3); units not tracked by lot are unaffected.
    """
    if on_hand < 0:
        raise ValidationFailed.on("on_hand", "must be zero or more")
    membership = merchants.staff_membership(actor.user_id)
    if catalog.variant_merchant(variant_id) != membership.merchant_id:
        raise NotFound.of("variant", variant_id)
    warehouse = Warehouse.objects.filter(pk=warehouse_id, merchant_id=membership.merchant_id).first()
    if warehouse is None:
        raise NotFound.of("warehouse", warehouse_id)
    StockLevel.objects.get_or_create(variant_id=variant_id, warehouse=warehouse)
    level = StockLevel.objects.select_for_update().get(variant_id=variant_id, warehouse=warehouse)
    if lot_code:
        lot, _ = StockLot.objects.get_or_create(level=level, code=lot_code, defaults={"expires_on": lot_expires_on})
        delta = on_hand - lot.on_hand
        lot.on_hand, lot.expires_on = on_hand, lot_expires_on or lot.expires_on
        lot.save(update_fields=["on_hand", "expires_on"])
    else:
        delta = on_hand - level.on_hand
    if level.on_hand + delta < level.reserved + level.allocated:
        raise Conflict(f"{level.reserved + level.allocated} units are held for orders; on_hand cannot go below that")
    if delta:
        _move(level, reason="adjust", reference=lot_code or "", actor=actor, on_hand=delta).save()
        events.publish(StockAdjusted(variant_id=variant_id, warehouse_id=warehouse_id, on_hand=level.on_hand,
                                     delta=delta, reason="adjust"))
    _sync_catalog(StockLevel.objects.filter(variant_id=variant_id))
    return LevelView(warehouse_id=warehouse_id, on_hand=level.on_hand, reserved=level.reserved,
                     allocated=level.allocated)
