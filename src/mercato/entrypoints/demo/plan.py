"""The whole demo data set as plain records: computed from a seed, without a database and without ids."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from mercato.contexts.payments.domain.accounts import MERCHANT_PAYABLE

from . import escrow_book as money
from .baskets import CheckoutPlan, LinePlan, OrderPlan, plan_checkouts
from .catalogue import LevelRec, ProductRec, VariantRec, plan_catalogue
from .fates import plan_events
from .lifecycle import Lifecycle, ReturnPlan, ShipmentPlan, StockOp, TransitionPlan
from .scale import REFERENCE, SEED, SHANGHAI, Scale
from .stock import HoldPlan, LevelState, LotPlan, MovementPlan, replay_stock
from .world import (
    AddressRec,
    CategoryRec,
    CommissionRec,
    MerchantRec,
    ShopperRec,
    StaffRec,
    WarehouseRec,
    plan_categories,
    plan_commission_rates,
    plan_merchants,
    plan_shoppers,
)

PAYOUT_MINIMUM = Decimal(500)
COLLECTION_SIZE = 8
NEW_ARRIVALS = {"zh-Hans": "新品上架", "en": "New arrivals"}
BEST_SELLERS = {"zh-Hans": "热销榜", "en": "Best sellers"}


@dataclass(slots=True)
class CollectionRec:
    merchant: int
    name: dict[str, str]
    products: list[int]


@dataclass
class Plan:
    scale: Scale
    seed: int
    reference: datetime  # the moment the data set describes: later events have not happened yet
    merchants: list[MerchantRec] = field(default_factory=list)
    staff: list[StaffRec] = field(default_factory=list)
    warehouses: list[WarehouseRec] = field(default_factory=list)
    categories: list[CategoryRec] = field(default_factory=list)
    commission_rates: list[CommissionRec] = field(default_factory=list)
    products: list[ProductRec] = field(default_factory=list)
    variants: list[VariantRec] = field(default_factory=list)
    levels: list[LevelRec] = field(default_factory=list)
    collections: list[CollectionRec] = field(default_factory=list)
    shoppers: list[ShopperRec] = field(default_factory=list)
    addresses: list[AddressRec] = field(default_factory=list)
    checkouts: list[CheckoutPlan] = field(default_factory=list)
    orders: list[OrderPlan] = field(default_factory=list)
    lines: list[LinePlan] = field(default_factory=list)
    transitions: list[TransitionPlan] = field(default_factory=list)
    shipments: list[ShipmentPlan] = field(default_factory=list)
    returns: list[ReturnPlan] = field(default_factory=list)
    payments: list[money.PaymentPlan] = field(default_factory=list)
    allocations: list[money.AllocationPlan] = field(default_factory=list)
    refunds: list[money.RefundPlan] = field(default_factory=list)
    payouts: list[money.PayoutPlan] = field(default_factory=list)
    entries: list[money.EntryPlan] = field(default_factory=list)
    stock_ops: list[StockOp] = field(default_factory=list)
    holds: list[HoldPlan] = field(default_factory=list)
    movements: list[MovementPlan] = field(default_factory=list)
    lots: list[LotPlan] = field(default_factory=list)
    level_states: list[LevelState] = field(default_factory=list)

    def available(self, variant: int) -> int:
        """The catalog's read model: on_hand - reserved - allocated over the variant's warehouses."""
        return sum(self.level_states[lv].on_hand - self.level_states[lv].reserved - self.level_states[lv].allocated
                   for lv in self.variants[variant].levels)


def _stream(seed: int, name: str) -> random.Random:
    """One random stream per concern, so that e.g. more shoppers do not reshuffle the catalogue."""
    return random.Random(f"{seed}:{name}")


def _payouts(rng: random.Random, plan: Plan) -> None:
    """Each shop withdraws most of its available balance on the 5th of every month."""
    changes: dict[int, list[tuple[datetime, Decimal]]] = {}
    for entry in plan.entries:
        for account, m_index, amount in entry.legs:
            if account == MERCHANT_PAYABLE and m_index is not None:
                changes.setdefault(m_index, []).append((entry.at, -amount))
    for m, rows in sorted(changes.items()):
        rows.sort(key=lambda r: r[0])
        merchant, balance, k = plan.merchants[m], Decimal(0), 0
        assert merchant.admitted_at is not None
        month = merchant.admitted_at.astimezone(SHANGHAI).replace(day=5, hour=10, minute=0, second=0)
        while True:
            month = (month + timedelta(days=32)).replace(day=5, minute=rng.randrange(60))
            if month >= plan.reference:
                break
            while k < len(rows) and rows[k][0] < month:
                balance += rows[k][1]
                k += 1
            if balance >= PAYOUT_MINIMUM:
                amount = (balance * Decimal("0.8") / 100).to_integral_value(rounding="ROUND_FLOOR") * 100
                money.payout(plan, m, amount.quantize(Decimal("0.01")), f"staff:{merchant.staff[0]}", month)
                balance -= amount


def _collections(plan: Plan) -> None:
    """Each shop shows its newest products and its best sellers (units sold before the reference)."""
    sold: Counter[int] = Counter()
    for line in plan.lines:
        if plan.orders[line.order].status not in ("cancelled", "pending_payment"):
            sold[line.product] += line.quantity
    for m, merchant in enumerate(plan.merchants):
        own = [p for p, product in enumerate(plan.products) if product.merchant == m]
        if merchant.status != "active" or not own:
            continue
        newest = sorted(own, key=lambda p: plan.products[p].created_at, reverse=True)[:COLLECTION_SIZE]
        best = sorted(own, key=lambda p: (-sold[p], p))[:COLLECTION_SIZE]
        plan.collections += [CollectionRec(m, dict(NEW_ARRIVALS), newest), CollectionRec(m, dict(BEST_SELLERS), best)]


def _date_people(rng: random.Random, plan: Plan) -> None:
    """Shoppers join some time before their first order; their saved addresses date from then."""
    first_order: dict[int, datetime] = {}
    for c in plan.checkouts:
        if c.shopper is not None and c.shopper not in first_order:
            first_order[c.shopper] = c.placed_at
    start = plan.reference - timedelta(days=plan.scale.days)
    for s, shopper in enumerate(plan.shoppers):
        if s in first_order:
            shopper.joined_at = first_order[s] - timedelta(minutes=rng.randint(60, 60 * 24 * 90))
        else:
            shopper.joined_at = start + timedelta(minutes=rng.randrange(plan.scale.days * 24 * 60))
        for k, a in enumerate(shopper.addresses):
            plan.addresses[a].created_at = shopper.joined_at + timedelta(minutes=2 + 3 * k)


def make_plan(scale: Scale, seed: int = SEED, reference: datetime = REFERENCE) -> Plan:
    plan = Plan(scale, seed, reference)
    plan.merchants, plan.staff, plan.warehouses = plan_merchants(_stream(seed, "merchants"), reference)
    plan.categories = plan_categories()
    plan.commission_rates = plan_commission_rates(plan.merchants)
    catalogue = plan_catalogue(_stream(seed, "catalogue"), scale, plan.merchants, plan.warehouses, reference)
    plan.products, plan.variants, plan.levels = catalogue.products, catalogue.variants, catalogue.levels
    plan.shoppers, plan.addresses = plan_shoppers(_stream(seed, "shoppers"), scale, reference)
    plan_checkouts(_stream(seed, "checkouts"), plan)
    fates, lifecycle = _stream(seed, "fates"), Lifecycle(plan)
    for c in range(len(plan.checkouts)):
        lifecycle.run(c, plan_events(fates, plan, c))
    plan.level_states = replay_stock(_stream(seed, "stock"), plan)
    _payouts(_stream(seed, "payouts"), plan)
    _collections(plan)
    _date_people(_stream(seed, "people"), plan)
    return plan


def plan_digest(plan: Plan) -> str:
    """A fingerprint of everything planned (names, quantities, prices, dates, statuses): same seed, same digest."""
    digest = hashlib.sha256()
    for name in Plan.__dataclass_fields__:
        digest.update(f"{name}={getattr(plan, name)!r}\n".encode())
    return digest.hexdigest()


def plan_summary(plan: Plan) -> dict[str, int]:
    statuses = Counter(o.status for o in plan.orders)
    return {
        "merchants": len(plan.merchants), "products": len(plan.products), "variants": len(plan.variants),
        "shoppers": len(plan.shoppers), "checkouts": len(plan.checkouts), "orders": len(plan.orders),
        "lines": len(plan.lines), "returns": len(plan.returns), "refunds": len(plan.refunds),
        "payouts": len(plan.payouts), "journal entries": len(plan.entries), "stock movements": len(plan.movements),
        **{f"orders {s}": n for s, n in sorted(statuses.items())},
    }
