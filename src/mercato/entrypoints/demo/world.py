"""Planning who and what exists: merchants and staff, the category tree, warehouses, shoppers and addresses.

Pure: records refer to each other by list index (ids are given by the writer). Products live in catalogue.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from .catalogue_texts import BRANCHES, ROOTS
from .people_texts import CITIES, ESTATES, GIVEN, MERCHANTS, MOBILE_PREFIXES, STREETS, SURNAMES, MerchantProfile
from .product_lines import LEAVES
from .scale import Scale

DEMO_MERCHANT_EMAIL = "merchant@mercato.demo"
DEMO_SHOPPER_EMAIL = "shopper@mercato.demo"
DEMO_SHOPPER = ("林晓雨", "lin.xiaoyu")
_LICENCE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the unified social credit code alphabet
# Busy cities get more shoppers (weights follow the order of people_texts.CITIES).
_CITY_WEIGHTS = (9, 10, 3, 4, 6, 7, 2, 6, 2, 4, 4, 5, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1)
# (merchant slug or None, category slug or None, rate): platform-wide and shop-specific exceptions to 5%.
COMMISSION_RATES: tuple[tuple[str | None, str | None, str], ...] = (
    (None, "phones", "0.0200"), (None, "laptops", "0.0300"), (None, "food", "0.0400"), (None, "beauty", "0.0800"),
    ("galaxy-digital", "audio", "0.0600"), ("huayang-beauty", None, "0.0600"),
    ("shanye-fresh", "fresh-fruit", "0.0200"), ("muyu-home", None, "0.0450"), ("muyu-home", "custom-gifts", "0.0700"),
)


@dataclass(slots=True)
class MerchantRec:
    profile: MerchantProfile
    name: str
    contact_email: str
    business_license: str
    status: str
    applied_at: datetime
    admitted_at: datetime | None
    warehouses: list[int] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)


@dataclass(slots=True)
class StaffRec:
    merchant: int
    role: str
    name: str
    email: str
    joined_at: datetime


@dataclass(slots=True)
class CategoryRec:
    slug: str
    parent: str | None
    name: dict[str, str]
    position: int


@dataclass(slots=True)
class WarehouseRec:
    merchant: int
    code: str
    name: str
    city: str
    priority: int
    country: str = "CN"


@dataclass(slots=True)
class AddressRec:
    shopper: int | None  # None: a guest's address
    name: str
    phone: str
    region: str
    city: str
    district: str
    line1: str
    postal_code: str
    created_at: datetime
    country: str = "CN"


@dataclass(slots=True)
class ShopperRec:
    name: str
    email: str
    activity: float  # relative propensity to buy: a few shoppers buy a lot
    joined_at: datetime  # known once their orders are planned
    addresses: list[int] = field(default_factory=list)


@dataclass(slots=True)
class CommissionRec:
    merchant: int | None
    category: str | None
    rate: Decimal


def plan_categories() -> list[CategoryRec]:
    cats = [CategoryRec(slug, None, {"zh-Hans": zh, "en": en}, i) for i, (slug, (zh, en)) in enumerate(ROOTS)]
    cats += [CategoryRec(slug, parent, {"zh-Hans": zh, "en": en}, 0) for slug, parent, (zh, en) in BRANCHES]
    positions: dict[str, int] = {}
    for leaf in LEAVES:
        positions[leaf.parent] = positions.get(leaf.parent, -1) + 1
        cats.append(CategoryRec(leaf.slug, leaf.parent, {"zh-Hans": leaf.name[0], "en": leaf.name[1]},
                                positions[leaf.parent]))
    return cats


def _licence(rng: random.Random, region_code: str) -> str:
    body = "91" + region_code + "".join(rng.choice(_LICENCE_CHARS) for _ in range(9))
    return body + rng.choice(_LICENCE_CHARS)


def _at_office_hours(rng: random.Random, reference: datetime, days_before: int) -> datetime:
    day = reference - timedelta(days=days_before)
    return day.replace(hour=rng.randint(9, 17), minute=rng.randrange(60))


def plan_merchants(rng: random.Random, reference: datetime
                   ) -> tuple[list[MerchantRec], list[StaffRec], list[WarehouseRec]]:
    merchants: list[MerchantRec] = []
    staff: list[StaffRec] = []
    warehouses: list[WarehouseRec] = []
    for i, p in enumerate(MERCHANTS):
        admitted = None if p.pending else _at_office_hours(rng, reference, p.joined_days_before)
        applied = _at_office_hours(rng, reference, p.joined_days_before + (0 if p.pending else rng.randint(3, 20)))
        m = MerchantRec(p, p.name, f"service@{p.slug}.mercato.demo", _licence(rng, p.region_code),
                        "pending" if p.pending else "active", applied, admitted)
        owner_email = DEMO_MERCHANT_EMAIL if i == 0 else f"{p.owner[1]}@{p.slug}.mercato.demo"
        people = [("owner", p.owner[0], owner_email)]
        if p.staff:
            people.append(("staff", p.staff[0], f"{p.staff[1]}@{p.slug}.mercato.demo"))
        for role, name, email in people:
            m.staff.append(len(staff))
            staff.append(StaffRec(i, role, name, email, applied - timedelta(days=1, minutes=rng.randrange(600))))
        for code, name, city, priority in p.warehouses:
            m.warehouses.append(len(warehouses))
            warehouses.append(WarehouseRec(i, code, name, city, priority))
        merchants.append(m)
    return merchants, staff, warehouses


def _person(rng: random.Random) -> tuple[str, str]:
    (sur, sur_py), (given, given_py) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return sur + given, f"{given_py}.{sur_py}"


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def plan_address(rng: random.Random, shopper: int | None, name: str, at: datetime, city_index: int | None = None
                 ) -> AddressRec:
    city = CITIES[city_index if city_index is not None else rng.choices(range(len(CITIES)), _CITY_WEIGHTS)[0]]
    line1 = (f"{rng.choice(STREETS)}{rng.randint(1, 999)}号{rng.choice(ESTATES)}{rng.randint(1, 30)}栋"
             f"{rng.randint(1, 4)}单元{rng.randint(1, 32)}{rng.randint(1, 4):02d}室")
    return AddressRec(shopper, name, _phone(rng), city.region, city.city, rng.choice(city.districts), line1,
                      city.postal_prefix + f"{rng.randrange(1000):03d}", at)


def plan_shoppers(rng: random.Random, scale: Scale, reference: datetime) -> tuple[list[ShopperRec], list[AddressRec]]:
    """Shoppers with one to three saved addresses; shopper 0 is the demo login, a regular customer."""
    shoppers: list[ShopperRec] = []
    addresses: list[AddressRec] = []
    for i in range(scale.shoppers):
        name, handle = DEMO_SHOPPER if i == 0 else _person(rng)
        email = DEMO_SHOPPER_EMAIL if i == 0 else f"{handle}{i}@shoppers.mercato.demo"
        activity = 1.5 if i == 0 else min(rng.lognormvariate(0.0, 0.8), 4.0)
        shopper = ShopperRec(name, email, activity, reference)
        count = rng.choices((1, 2, 3), (60, 30, 10))[0]
        for k in range(count):
            # Joining dates are only known once orders are planned; addresses are dated then too.
            recipient = name if k == 0 else rng.choice(SURNAMES)[0] + rng.choice(GIVEN)[0]
            shopper.addresses.append(len(addresses))
            addresses.append(plan_address(rng, i, recipient, reference, city_index=1 if i == 0 and k == 0 else None))
        shoppers.append(shopper)
    return shoppers, addresses


def plan_commission_rates(merchants: list[MerchantRec]) -> list[CommissionRec]:
    index = {m.profile.slug: i for i, m in enumerate(merchants)}
    return [CommissionRec(index[m] if m else None, c, Decimal(r)) for m, c, r in COMMISSION_RATES]
