"""Planning the catalogue: products with 1-4 variants, SKUs, GTINs, prices, weights, flags, and where stock sits."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from mercato.contexts.catalog.domain.gtin import gtin_check_digit

from .catalogue_texts import AXES, CUSTOM_MARK, CUSTOM_NOTE, FRESH_NOTE, RETURN_NOTE, Leaf, Line
from .product_lines import LEAF_BY_SLUG
from .scale import Scale
from .seasons import largest_remainder
from .world import MerchantRec, WarehouseRec

# How much of the catalogue each shop carries, relative to the others.
MERCHANT_SHARE = {"galaxy-digital": 1.3, "youpin-appliances": 1.0, "yijian-fashion": 1.3, "huayang-beauty": 1.0,
                  "shanye-fresh": 1.1, "shuxiang-books": 1.1, "dongli-sports": 1.0, "muyu-home": 0.8}
VARIANT_COUNTS = ((1, 2, 3, 4), (30, 30, 20, 20))
CENT = Decimal("0.01")


@dataclass(slots=True)
class VariantRec:
    product: int
    merchant: int
    sku: str
    gtin: str
    attributes: dict[str, str]
    weight_grams: int
    price: Decimal
    is_custom_made: bool
    is_perishable: bool
    levels: list[int] = field(default_factory=list)


@dataclass(slots=True)
class ProductRec:
    merchant: int
    category: str  # leaf slug
    root: str
    title: dict[str, str]
    description: dict[str, str]
    created_at: datetime
    variants: list[int] = field(default_factory=list)
    search_text: str = ""
    min_price: Decimal = Decimal(0)
    popularity: float = 0.0


@dataclass(slots=True)
class LevelRec:
    variant: int
    warehouse: int


@dataclass
class Catalogue:
    products: list[ProductRec] = field(default_factory=list)
    variants: list[VariantRec] = field(default_factory=list)
    levels: list[LevelRec] = field(default_factory=list)
    _companies: dict[str, list[int]] = field(default_factory=dict)  # brand → [company number, next item]


def shelf_price(value: Decimal) -> Decimal:
    """Prices end the way shops price them: 1399.00, 329.00, 59.90, 9.90."""
    if value >= 1000:
        return (value / 100).quantize(Decimal(1), ROUND_HALF_UP) * 100 - 1
    if value >= 100:
        return (value / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10 - 1
    return value.quantize(Decimal(1), ROUND_HALF_UP) - Decimal("0.10") if value >= 2 else Decimal("1.90")


def _root_of(slug: str) -> str:
    parent = LEAF_BY_SLUG[slug].parent
    return "fashion" if parent == "clothing" else parent


def _gtin(cat: Catalogue, rng: random.Random, leaf: Leaf, brand: str) -> str:
    company = cat._companies.setdefault(brand, [20000 + 37 * len(cat._companies), rng.randrange(100, 900)])
    company[1] += 1
    if leaf.gtin_prefix == "9787":
        body = f"9787{company[0] % 1000:03d}{company[1]:05d}"
    else:
        body = f"{leaf.gtin_prefix}{company[0]:05d}{company[1]:05d}"
    return body + str(gtin_check_digit(body))


def _texts(rng: random.Random, leaf: Leaf, line: Line, edition: tuple[str, str, Decimal], custom: bool
           ) -> tuple[dict[str, str], dict[str, str]]:
    title = {}
    for lang, i in (("zh-Hans", 0), ("en", 1)):
        text = leaf.title_format[i].format(brand=line.brand[i], name=line.name[i], edition=edition[i])
        title[lang] = (CUSTOM_MARK[i] if custom else "") + " ".join(text.split()).rstrip(", ")
    f1, f2, f3 = rng.sample(leaf.features, 3)
    note = CUSTOM_NOTE if custom else FRESH_NOTE if leaf.perishable else RETURN_NOTE
    glue = " " if line.name[0][:1].isascii() else ""
    description = {
        "zh-Hans": f"{line.brand[0]}{glue}{line.name[0]}：{f1[0]}，{f2[0]}，{f3[0]}。{note[0]}。",
        "en": f"{line.brand[1]} {line.name[1]}: {f1[1]}, {f2[1]}, {f3[1]}. {note[1].capitalize()}.",
    }
    return title, description


def _launch(rng: random.Random, admitted: datetime, reference: datetime) -> datetime:
    """Most of a shop's range is listed in its first month; the rest arrives over time (new products)."""
    if rng.random() < 0.8:
        return admitted + timedelta(hours=rng.randint(2, 24 * 30))
    latest = reference - timedelta(days=20)
    span = max(int((latest - admitted).total_seconds() // 3600) - 24 * 30, 1)
    return admitted + timedelta(hours=24 * 30 + rng.randrange(span))


def _variants(cat: Catalogue, rng: random.Random, p_index: int, leaf: Leaf, line: Line,
              edition: tuple[str, str, Decimal], sku_base: str, custom: bool) -> None:
    product = cat.products[p_index]
    axes = [AXES[a] for a in line.axes]
    combos = list(itertools.product(*[range(len(a.values)) for a in axes])) if axes else [()]
    count = min(rng.choices(*VARIANT_COUNTS)[0], len(combos))
    chosen = sorted(rng.sample(combos, count))
    jitter = Decimal(rng.randint(95, 105)) / 100
    with_gtin = not custom and rng.random() < leaf.gtin_share
    for k, combo in enumerate(chosen):
        factor = edition[2] * jitter
        attributes = {}
        for axis, pick in zip(axes, combo, strict=True):
            label, axis_factor = axis.values[pick]
            attributes[axis.name] = label
            factor *= axis_factor
        product.variants.append(len(cat.variants))
        cat.variants.append(VariantRec(
            p_index, product.merchant, f"{sku_base}-{k + 1}" if count > 1 else sku_base,
            _gtin(cat, rng, leaf, line.brand[1]) if with_gtin else "", attributes,
            int(line.grams * (1 + 0.08 * sum(combo)) * rng.uniform(0.95, 1.05)),
            shelf_price(line.price * factor).quantize(CENT), custom, leaf.perishable,
        ))
    prices = [cat.variants[v].price for v in product.variants]
    skus = [cat.variants[v].sku for v in product.variants]
    product.min_price = min(prices)
    product.search_text = " ".join([*product.title.values(), *product.description.values(), *skus]).lower()


def _merchant_products(cat: Catalogue, rng: random.Random, m_index: int, merchant: MerchantRec, count: int,
                       reference: datetime) -> None:
    profile = merchant.profile
    assert merchant.admitted_at is not None
    unused = {slug: [(li, ei) for li in range(len(LEAF_BY_SLUG[slug].lines))
                     for ei in range(len(LEAF_BY_SLUG[slug].editions))] for slug, _ in profile.leaves}
    weights = dict(profile.leaves)
    for seq in range(1, count + 1):
        open_leaves = [s for s in weights if unused[s]]
        slug = rng.choices(open_leaves, [weights[s] for s in open_leaves])[0]
        leaf = LEAF_BY_SLUG[slug]
        li, ei = unused[slug].pop(rng.randrange(len(unused[slug])))
        line, edition = leaf.lines[li], leaf.editions[ei]
        custom = rng.random() < leaf.custom_share
        title, description = _texts(rng, leaf, line, edition, custom)
        cat.products.append(ProductRec(m_index, slug, _root_of(slug), title, description,
                                       _launch(rng, merchant.admitted_at, reference)))
        sku_base = f"{profile.code}-{slug[:3].upper()}-{seq:04d}"
        _variants(cat, rng, len(cat.products) - 1, leaf, line, edition, sku_base, custom)


def _stock_places(cat: Catalogue, rng: random.Random, merchants: list[MerchantRec],
                  warehouses: list[WarehouseRec]) -> None:
    """Every variant sits in its shop's main warehouse; many also in a second or third one."""
    for v_index, variant in enumerate(cat.variants):
        ranked = sorted(merchants[variant.merchant].warehouses, key=lambda w: -warehouses[w].priority)
        for n, w in enumerate(ranked):
            if n == 0 or rng.random() < (0.3 if variant.is_perishable else 0.5):
                variant.levels.append(len(cat.levels))
                cat.levels.append(LevelRec(v_index, w))


def _popularity(cat: Catalogue, rng: random.Random) -> None:
    """Zipf-like demand over a random ranking, damped for expensive goods."""
    ranks = list(range(len(cat.products)))
    rng.shuffle(ranks)
    for rank, p_index in enumerate(ranks):
        product = cat.products[p_index]
        price_damping = max(float(product.min_price) / 100, 0.2) ** -0.15
        product.popularity = (rank + 5) ** -1.05 * price_damping


def plan_catalogue(rng: random.Random, scale: Scale, merchants: list[MerchantRec],
                   warehouses: list[WarehouseRec], reference: datetime) -> Catalogue:
    cat = Catalogue()
    selling = [i for i, m in enumerate(merchants) if m.status == "active"]
    counts = largest_remainder(scale.products, [MERCHANT_SHARE[merchants[i].profile.slug] for i in selling])
    for m_index, count in zip(selling, counts, strict=True):
        _merchant_products(cat, rng, m_index, merchants[m_index], count, reference)
    _stock_places(cat, rng, merchants, warehouses)
    _popularity(cat, rng)
    return cat
