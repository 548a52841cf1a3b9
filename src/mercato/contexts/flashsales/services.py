"""Campaign commands: schedule a flash sale, open it (earmark its units), end or cancel it (ADR 0010)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from mercato.contexts.catalog import public as catalog
from mercato.contexts.inventory import public as inventory
from mercato.contexts.merchants import public as merchants
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed

from .domain.campaign_rules import ItemDraft, Offer, ensure_valid
from .domain.sale_status import SaleStatus, ensure_transition
from .gate import GateUnavailable, gate
from .models import FlashSale, FlashSaleItem, SaleChange
from .snapshots import forget


@transaction.atomic
def sale_schedule(*, title: dict[str, str], starts_at: datetime, ends_at: datetime, payment_minutes: int,
                  items: Sequence[ItemDraft], actor: Actor) -> FlashSale:
    """Announce a sale; it opens by itself at ``starts_at`` (at once when that has passed)."""
    membership = merchants.staff_membership(actor.user_id, must_sell=True)
    now = clock.now()
    for_sale = catalog.variants_for_sale([i.variant_id for i in items])
    offers = {v: Offer(merchant_id=o.merchant_id, list_price=o.price.amount, currency=o.price.currency,
                       sellable=o.sellable) for v, o in for_sale.items()}
    ensure_valid(starts_at=starts_at, ends_at=ends_at, payment_minutes=payment_minutes, now=now, items=items,
                 offers=offers, merchant_id=membership.merchant_id)
    _ensure_stock_and_no_overlap(items, starts_at, ends_at)
    sale = FlashSale.objects.create(merchant_id=membership.merchant_id, title=title, starts_at=starts_at,
                                    ends_at=ends_at, payment_minutes=payment_minutes, created_at=now)
    FlashSaleItem.objects.bulk_create([
        FlashSaleItem(sale=sale, variant_id=i.variant_id, sale_price=i.sale_price,
                      list_price=for_sale[i.variant_id].price.amount, currency=for_sale[i.variant_id].price.currency,
                      units=i.units, per_buyer_limit=i.per_buyer_limit)
        for i in items
    ])
    _record(sale, "scheduled", actor, {"items": len(items)})
    if starts_at <= now:
        _open_locked(sale, actor)
    return sale


def _ensure_stock_and_no_overlap(items: Sequence[ItemDraft], starts_at: datetime, ends_at: datetime) -> None:
    available = inventory.available_totals([i.variant_id for i in items])
    problems = []
    for n, item in enumerate(items):
        if item.units > available.get(item.variant_id, 0):
            problems.append((f"items.{n}.units", f"only {available.get(item.variant_id, 0)} units are in stock"))
    clashes = set(FlashSaleItem.objects.filter(
        variant_id__in=[i.variant_id for i in items], sale__status__in=[SaleStatus.SCHEDULED, SaleStatus.LIVE],
        sale__starts_at__lt=ends_at, sale__ends_at__gt=starts_at).values_list("variant_id", flat=True))
    for n, item in enumerate(items):
        if item.variant_id in clashes:
            problems.append((f"items.{n}.variant_id", "is already in another flash sale at that time"))
    if problems:
        raise ValidationFailed("; ".join(f"{f}: {m}" for f, m in problems),
                               errors=[FieldError(f, m) for f, m in problems])


def sale_open(*, sale_id: str, actor: Actor) -> bool:
    """Open a due sale (earmark its units); False when it was not due or someone else opened it first."""
    with transaction.atomic():
        sale = FlashSale.objects.select_for_update().filter(pk=sale_id).first()
        if sale is None or sale.status != SaleStatus.SCHEDULED:
            return False
        _open_locked(sale, actor)
        return True


def _open_locked(sale: FlashSale, actor: Actor) -> None:
    ensure_transition(sale.status, SaleStatus.LIVE)
    earmarked = {}
    items = list(sale.items.order_by("id"))
    for item in items:
        item.units_earmarked = inventory.stock_pool_open(pool=item.pool, variant_id=item.variant_id,
                                                         quantity=item.units, actor=actor)
        item.save(update_fields=["units_earmarked"])
        earmarked[item.id] = item.units_earmarked
    sale.status = SaleStatus.LIVE
    sale.save(update_fields=["status"])
    _record(sale, "opened", actor, {"earmarked": earmarked})

    def load_gate() -> None:
        g = gate()
        for item in items:
            forget(item.id)
            if g is not None:
                # if Redis is down, the first purchase attempt (or the reconcile job) loads it from the database
                with contextlib.suppress(GateUnavailable):
                    g.load(item_id=item.id, left=item.units_earmarked, tallies={})

    transaction.on_commit(load_gate)


def sale_close(*, sale_id: str, to: SaleStatus, actor: Actor, reason: str = "") -> FlashSale:
    """End (window over) or cancel a sale: unsold units go back on the shelf; orders already placed stand."""
    with transaction.atomic():
        sale = FlashSale.objects.select_for_update().filter(pk=sale_id).first()
        if sale is None:
            raise NotFound.of("flash sale", sale_id)
        ensure_transition(sale.status, to)
        items = list(sale.items.order_by("id"))
        returned = {item.id: inventory.stock_pool_close(pool=item.pool, actor=actor) for item in items}
        sale.status = to
        sale.save(update_fields=["status"])
        _record(sale, str(to), actor, {"returned_to_shelf": returned, "reason": reason})
        for item in items:
            forget(item.id)  # this process stops admitting at once; others within the snapshot's second

        def close_gate() -> None:
            g = gate()
            for item in items:
                forget(item.id)
                if g is not None:
                    # if Redis is down: admission also checks the sale's status and window itself
                    with contextlib.suppress(GateUnavailable):
                        g.close(item.id)

        transaction.on_commit(close_gate)
    return sale


def sale_cancel(*, sale_id: str, reason: str, actor: Actor) -> FlashSale:
    """The merchant's staff (managers and owners) or an operator stop a sale."""
    sale = FlashSale.objects.filter(pk=sale_id).first()
    if sale is None:
        raise NotFound.of("flash sale", sale_id)
    if not actor.is_operator:
        membership = merchants.membership_for(actor.user_id)
        if membership is None or membership.merchant_id != sale.merchant_id:
            raise NotFound.of("flash sale", sale_id)
        if membership.role == "staff":
            raise Forbidden("only the merchant's owners and managers may cancel a flash sale")
    if sale.status in (SaleStatus.ENDED, SaleStatus.CANCELLED):
        raise Conflict(f"flash sale is {sale.status}", current_status=sale.status)
    return sale_close(sale_id=sale_id, to=SaleStatus.CANCELLED, actor=actor, reason=reason)


def sales_due(as_of: datetime, actor: Actor) -> tuple[int, int]:
    """Open the sales whose start has come and end those whose window passed; returns (opened, ended)."""
    ended = 0
    for sale_id in FlashSale.objects.filter(status__in=[SaleStatus.SCHEDULED, SaleStatus.LIVE],
                                            ends_at__lte=as_of).values_list("id", flat=True)[:100]:
        try:
            sale_close(sale_id=sale_id, to=SaleStatus.ENDED, actor=actor, reason="the sale's window ended")
            ended += 1
        except Conflict:
            pass  # cancelled meanwhile
    opened = sum(sale_open(sale_id=sale_id, actor=actor) for sale_id in FlashSale.objects.filter(
        status=SaleStatus.SCHEDULED, starts_at__lte=as_of, ends_at__gt=as_of).values_list("id", flat=True)[:100])
    return opened, ended


def _record(sale: FlashSale, kind: str, actor: Actor, detail: dict[str, object]) -> None:
    SaleChange.objects.create(sale=sale, kind=kind, detail=detail, actor=actor.label, at=clock.now())
