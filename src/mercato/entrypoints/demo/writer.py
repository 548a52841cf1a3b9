"""Writing a plan: give every record an id dated by its own moment, then insert each table in batches.

The seed bypasses the services on purpose (20,000 orders through checkout would take far too long); the plan
already follows their rules, and this module only maps records onto models. No domain events are published:
the history is a fact, not news.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from mercato.contexts.catalog.models import Category, Product, StoreCollection, Variant
from mercato.contexts.identity.models import Address, Contact, User
from mercato.contexts.inventory.models import StockLevel, StockLot, Warehouse
from mercato.contexts.merchants.models import CommissionRate, Membership, Merchant, MerchantStatusChange
from mercato.shared.ids import new_id

from .plan import Plan

BATCH = 2000
CURRENCY = "CNY"


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@dataclass
class Writer:
    """Ids by plan index, and a bulk insert that reports what it wrote."""

    plan: Plan
    operator_id: str
    staff_hash: str
    shopper_hash: str
    verbose: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    staff: list[str] = field(default_factory=list)
    shoppers: list[str] = field(default_factory=list)
    merchants: list[str] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=dict)
    products: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    warehouses: list[str] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    checkouts: list[str] = field(default_factory=list)
    contacts: dict[int, str] = field(default_factory=dict)
    payments: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    returns: list[str] = field(default_factory=list)
    refunds: list[str] = field(default_factory=list)
    payouts: list[str] = field(default_factory=list)

    def insert(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        started = time.monotonic()
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        label = f"{model._meta.app_label}.{model.__name__}"
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        if self.verbose:
            print(f"  {label:32} {len(rows):>7} rows  {time.monotonic() - started:5.1f}s", flush=True)

    def ids(self, prefix: str, moments: Sequence[datetime]) -> list[str]:
        return [new_id(prefix, at_ms=ms(m)) for m in moments]

    def actor(self, label: str) -> str:
        """Plan actors name people by index; histories and movements name them as Actor.label would."""
        kind, _, index = label.partition(":")
        if kind == "shopper":
            return f"user:{self.shoppers[int(index)]}"
        if kind == "staff":
            return f"user:{self.staff[int(index)]}"
        if kind == "guest":
            return f"guest:{self.checkouts[int(index)]}"
        return label


def _fix_dates(model: type[models.Model], rows: list[Any], field_name: str, moments: list[datetime]) -> None:
    """bulk_create stamps auto_now_add fields with the current time; put the historical moments back."""
    for row, moment in zip(rows, moments, strict=True):
        setattr(row, field_name, moment)
    model._default_manager.bulk_update(rows, [field_name], batch_size=500)


def write_people(w: Writer) -> None:
    plan = w.plan
    w.staff = w.ids("usr", [s.joined_at for s in plan.staff])
    w.shoppers = w.ids("usr", [s.joined_at for s in plan.shoppers])
    users = [User(id=i, email=s.email, name=s.name, password=w.staff_hash)
             for i, s in zip(w.staff, plan.staff, strict=True)]
    users += [User(id=i, email=s.email, name=s.name, password=w.shopper_hash)
              for i, s in zip(w.shoppers, plan.shoppers, strict=True)]
    w.insert(User, users)
    _fix_dates(User, users, "date_joined", [s.joined_at for s in plan.staff] + [s.joined_at for s in plan.shoppers])


def write_merchants(w: Writer) -> None:
    plan = w.plan
    w.merchants = w.ids("mer", [m.applied_at for m in plan.merchants])
    w.insert(Merchant, [
        Merchant(id=i, name=m.name, contact_email=m.contact_email, business_license=m.business_license,
                 status=m.status, created_at=m.applied_at, status_changed_at=m.admitted_at or m.applied_at)
        for i, m in zip(w.merchants, plan.merchants, strict=True)
    ])
    w.insert(Membership, [Membership(merchant_id=w.merchants[s.merchant], user_id=w.staff[k], role=s.role,
                                     created_at=plan.merchants[s.merchant].applied_at)
                          for k, s in enumerate(plan.staff)])
    changes = []
    for i, m in zip(w.merchants, plan.merchants, strict=True):
        changes.append(MerchantStatusChange(merchant_id=i, status="pending", at=m.applied_at,
                                            actor=w.actor(f"staff:{m.staff[0]}")))
        if m.admitted_at:
            changes.append(MerchantStatusChange(merchant_id=i, status="active", at=m.admitted_at,
                                                actor=f"operator:{w.operator_id}"))
    w.insert(MerchantStatusChange, changes)


def write_catalogue(w: Writer) -> None:
    plan = w.plan
    first = min(m.applied_at for m in plan.merchants)
    w.categories = {c.slug: new_id("cat", at_ms=ms(first) - 86_400_000) for c in plan.categories}
    w.insert(Category, [Category(id=w.categories[c.slug], parent_id=w.categories.get(c.parent or ""), slug=c.slug,
                                 name=c.name, position=c.position) for c in plan.categories])
    w.insert(CommissionRate, [
        CommissionRate(merchant_id=w.merchants[r.merchant] if r.merchant is not None else None,
                       category_id=w.categories[r.category] if r.category else None, rate=r.rate)
        for r in plan.commission_rates
    ])
    w.products = w.ids("prd", [p.created_at for p in plan.products])
    w.insert(Product, [
        Product(id=i, merchant_id=w.merchants[p.merchant], category_id=w.categories[p.category], title=p.title,
                description=p.description, search_text=p.search_text, status="active",
                merchant_active=plan.merchants[p.merchant].status == "active", min_price=p.min_price,
                currency=CURRENCY, created_at=p.created_at, updated_at=p.created_at)
        for i, p in zip(w.products, plan.products, strict=True)
    ])
    w.variants = w.ids("var", [plan.products[v.product].created_at for v in plan.variants])
    w.insert(Variant, [
        Variant(id=i, product_id=w.products[v.product], merchant_id=w.merchants[v.merchant], sku=v.sku, gtin=v.gtin,
                attributes=v.attributes, weight_grams=v.weight_grams, price_amount=v.price, currency=CURRENCY,
                is_custom_made=v.is_custom_made, is_perishable=v.is_perishable, available=plan.available(k))
        for k, (i, v) in enumerate(zip(w.variants, plan.variants, strict=True))
    ])


def write_collections(w: Writer) -> None:
    plan = w.plan
    ids = w.ids("col", [plan.products[c.products[0]].created_at for c in plan.collections])
    w.insert(StoreCollection, [StoreCollection(id=i, merchant_id=w.merchants[c.merchant], name=c.name)
                               for i, c in zip(ids, plan.collections, strict=True)])
    through = StoreCollection.products.through
    w.insert(through, [through(storecollection_id=i, product_id=w.products[p])
                       for i, c in zip(ids, plan.collections, strict=True) for p in c.products])


def write_warehouses(w: Writer) -> None:
    plan = w.plan
    w.warehouses = w.ids("wh", [plan.merchants[h.merchant].admitted_at or plan.reference for h in plan.warehouses])
    w.insert(Warehouse, [Warehouse(id=i, merchant_id=w.merchants[h.merchant], code=h.code, name=h.name,
                                   country=h.country, city=h.city, priority=h.priority)
                         for i, h in zip(w.warehouses, plan.warehouses, strict=True)])
    levels = [StockLevel(variant_id=w.variants[lv.variant], warehouse_id=w.warehouses[lv.warehouse],
                         on_hand=s.on_hand, reserved=s.reserved, allocated=s.allocated)
              for lv, s in zip(plan.levels, plan.level_states, strict=True)]
    w.insert(StockLevel, levels)
    w.levels = [lv.pk for lv in levels]
    if any(pk is None for pk in w.levels):  # a database that cannot return ids from a bulk insert
        by_key = {(v, h): pk for pk, v, h in StockLevel.objects.values_list("pk", "variant_id", "warehouse_id")}
        w.levels = [by_key[(w.variants[lv.variant], w.warehouses[lv.warehouse])] for lv in plan.levels]
    w.insert(StockLot, [StockLot(level_id=w.levels[lot.level], code=lot.code, expires_on=lot.expires_on,
                                 on_hand=lot.on_hand) for lot in plan.lots])


def write_addresses(w: Writer) -> None:
    plan = w.plan
    w.addresses = w.ids("adr", [a.created_at for a in plan.addresses])
    rows = [Address(id=i, user_id=w.shoppers[a.shopper] if a.shopper is not None else None, name=a.name,
                    phone=a.phone, country=a.country, region=a.region, city=a.city, district=a.district,
                    line1=a.line1, postal_code=a.postal_code)
            for i, a in zip(w.addresses, plan.addresses, strict=True)]
    w.insert(Address, rows)
    _fix_dates(Address, rows, "created_at", [a.created_at for a in plan.addresses])
    guests = [(c, chk) for c, chk in enumerate(plan.checkouts) if chk.contact_email]
    contacts = [Contact(id=new_id("ctc", at_ms=ms(chk.placed_at)), email=chk.contact_email or "") for _, chk in guests]
    w.insert(Contact, contacts)
    _fix_dates(Contact, contacts, "created_at", [chk.placed_at for _, chk in guests])
    w.contacts = {c: row.id for (c, _), row in zip(guests, contacts, strict=True)}


STEPS: tuple[Callable[[Writer], None], ...] = (write_people, write_merchants, write_catalogue, write_collections,
                                                write_warehouses, write_addresses)
