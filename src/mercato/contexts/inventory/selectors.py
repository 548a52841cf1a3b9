"""Inventory queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Sum

from mercato.contexts.catalog import public as catalog
from mercato.contexts.merchants import public as merchants
from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound

from .contracts import LevelView
from .models import StockHold, StockLevel, StockLot, StockMovement, Warehouse


def stock_of_variant(*, variant_id: str, actor: Actor) -> list[LevelView]:
    membership = merchants.staff_membership(actor.user_id) if not actor.is_operator else None
    owner = catalog.variant_merchant(variant_id)
    if owner is None or (membership is not None and owner != membership.merchant_id):
        raise NotFound.of("variant", variant_id)
    return [
        LevelView(warehouse_id=lv.warehouse_id, on_hand=lv.on_hand, reserved=lv.reserved, allocated=lv.allocated)
        for lv in StockLevel.objects.filter(variant_id=variant_id).order_by("warehouse_id")
    ]


def available_totals(variant_ids: Iterable[str]) -> dict[str, int]:
    rows = (StockLevel.objects.filter(variant_id__in=set(variant_ids)).values("variant_id")
            .annotate(a=Sum(F("on_hand") - F("reserved") - F("allocated"))))
    return {r["variant_id"]: int(r["a"] or 0) for r in rows}


def warehouses_of(actor: Actor) -> list[Warehouse]:
    membership = merchants.staff_membership(actor.user_id)
    return list(Warehouse.objects.filter(merchant_id=membership.merchant_id).order_by("-priority", "code"))


def holds_of(reference: str) -> list[StockHold]:
    return list(StockHold.objects.filter(reference=reference).order_by("id"))


def consistency_problems() -> list[str]:
    """Cross-check every level against its holds and its movement ledger (used by tests and the seed check)."""
    problems = []
    held = {
        (r["level_id"], r["state"]): r["q"]
        for r in StockHold.objects.values("level_id", "state").annotate(q=Sum("quantity"))
    }
    ledger = {
        r["level_id"]: r for r in StockMovement.objects.values("level_id").annotate(
            oh=Sum("on_hand_delta"), rs=Sum("reserved_delta"), al=Sum("allocated_delta"))
    }
    lotted = dict(StockLot.objects.values("level_id").annotate(q=Sum("on_hand")).values_list("level_id", "q"))
    for level in StockLevel.objects.all():
        if lotted.get(level.pk, 0) > level.on_hand:
            problems.append(f"level {level.pk}: lots hold {lotted[level.pk]} > on hand {level.on_hand}")
        if level.available < 0:
            problems.append(f"level {level.pk}: available {level.available} < 0")
        if held.get((level.pk, "reserved"), 0) != level.reserved:
            problems.append(f"level {level.pk}: reserved {level.reserved} != holds")
        if held.get((level.pk, "allocated"), 0) != level.allocated:
            problems.append(f"level {level.pk}: allocated {level.allocated} != holds")
        moves = ledger.get(level.pk, {"oh": 0, "rs": 0, "al": 0})
        if (moves["oh"] or 0, moves["rs"] or 0, moves["al"] or 0) != (level.on_hand, level.reserved, level.allocated):
            problems.append(f"level {level.pk}: movements do not add up to the level")
    return problems


def get_warehouse(warehouse_id: str) -> Warehouse:
    warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
    if warehouse is None:
        raise NotFound.of("warehouse", warehouse_id)
    return warehouse
