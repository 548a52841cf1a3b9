"""Catalogue vocabulary: the category tree, variant axes, and the shapes of product lines (zh-Hans / en)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

Pair = tuple[str, str]  # (zh-Hans, en)

ROOTS: tuple[tuple[str, Pair], ...] = (
    ("digital", ("手机数码", "Phones & digital")),
    ("computers", ("电脑办公", "Computers & office")),
    ("appliances", ("家用电器", "Home appliances")),
    ("home", ("家居厨具", "Home & kitchen")),
    ("fashion", ("服饰鞋靴", "Fashion")),
    ("beauty", ("美妆个护", "Beauty & care")),
    ("food", ("食品生鲜", "Food & fresh")),
    ("culture", ("图书玩具", "Books & toys")),
    ("sports", ("运动户外", "Sports & outdoors")),
    ("custom", ("定制专区", "Made to order")),
)
# Inner categories below a root (slug, parent, name): clothing has its own children.
BRANCHES: tuple[tuple[str, str, Pair], ...] = (("clothing", "fashion", ("服装", "Clothing")),)


@dataclass(frozen=True)
class Axis:
    """A variant dimension: labels with the price factor each one applies."""

    name: str
    values: tuple[tuple[str, Decimal], ...]


def _axis(name: str, spec: str) -> Axis:
    """``"label*factor|label|..."``; a label without a factor costs the base price."""
    values = []
    for part in spec.split("|"):
        label, _, factor = part.partition("*")
        values.append((label.strip(), Decimal(factor or "1")))
    return Axis(name, tuple(values))


AXES: dict[str, Axis] = {a.name: a for a in (
    _axis("colour", "曜石黑 / Obsidian Black|星沙白 / Star White|冰川蓝 / Glacier Blue|烟紫 / Smoky Purple"
                    "|松柏绿 / Pine Green"),
    _axis("finish", "黑色 / Black|白色 / White|深空灰 / Space Grey|雾蓝 / Mist Blue|樱花粉 / Sakura Pink"),
    _axis("tone", "黑色 / Black|白色 / White|藏青 / Navy|燕麦色 / Oatmeal|卡其 / Khaki|酒红 / Burgundy"),
    _axis("size", "S|M|L|XL|XXL"),
    _axis("shoe size", "38|39|40|41|42|43|44"),
    _axis("capacity", "3L|4L*1.12|5L*1.25"),
    _axis("basket", "4.5L|5.5L*1.15|6.5L*1.3"),
    _axis("volume", "1.5L|1.7L*1.1"),
    _axis("configuration", "16GB+512GB|16GB+1TB*1.12|32GB+1TB*1.3"),
    _axis("switch", "红轴 / Red switches|青轴 / Blue switches|茶轴 / Brown switches"),
    _axis("case size", "42mm|46mm*1.1"),
    _axis("bottle", "30ml|50ml*1.5|100ml*2.6"),
    _axis("shade", "#01 正红 / #01 True Red|#02 豆沙 / #02 Rosewood|#03 枫叶 / #03 Maple|#04 奶茶 / #04 Milk Tea"),
    _axis("pack", "500g|1kg*1.9|礼盒装 / gift box*2.3"),
    _axis("box", "2.5kg（5斤）/ 2.5 kg|5kg（10斤）/ 5 kg*1.85"),
    _axis("tin", "单盒 / single box|两盒装 / twin pack*1.9|礼盒装 / gift box*2.4"),
    _axis("binding", "平装 / paperback|精装 / hardcover*1.45"),
    _axis("set", "单个 / single|整盒12个 / case of 12*11.5"),
    _axis("tent", "2人 / 2-person|3人 / 3-person*1.2|4人 / 4-person*1.4"),
    _axis("load", "20kg|30kg*1.35|40kg*1.7"),
    _axis("thickness", "6mm|8mm*1.15|10mm*1.3"),
    _axis("desk", "1.2m|1.4m*1.1|1.6m*1.2"),
    _axis("bed", "1.5m|1.8m*1.15"),
    _axis("gift", "标准款 / standard|礼盒款 / gift box*1.25"),
    _axis("flask", "350ml|500ml*1.15"),
    _axis("pot", "20cm|22cm*1.12|24cm*1.25"),
)}


@dataclass(frozen=True)
class Line:
    """A product line (brand + model or name); several products of a line differ by edition."""

    brand: Pair
    name: Pair
    price: Decimal  # yuan, before edition and variant factors
    grams: int
    axes: tuple[str, ...]


@dataclass(frozen=True)
class Leaf:
    """A leaf category and how its products are named, priced, flagged and described."""

    slug: str
    parent: str
    name: Pair
    lines: tuple[Line, ...]
    editions: tuple[tuple[str, str, Decimal], ...]  # title suffix (zh, en) and its price factor
    features: tuple[Pair, ...]
    perishable: bool = False
    custom_share: float = 0.0
    gtin_prefix: str = "69"  # GS1 China; books use ISBN-13 (978-7)
    gtin_share: float = 0.8
    shelf_days: int = 0
    title_format: Pair = ("{brand} {name} {edition}", "{brand} {name} {edition}")


def lines(brand: Pair | str, noun: Pair | str, grams: int, axes: str, spec: str) -> tuple[Line, ...]:
    """``spec`` is ``"model:price|中文名/English name:price"``; the noun follows the model in titles."""
    brand_pair = _pair(brand)
    noun_pair = _pair(noun)
    result = []
    for part in spec.split("|"):
        model, _, price = part.rpartition(":")
        zh, en = _pair(model.strip())
        name = (f"{zh} {noun_pair[0]}".strip(), f"{en} {noun_pair[1]}".strip())
        result.append(Line(brand_pair, name, Decimal(price), grams, tuple(a for a in axes.split(",") if a)))
    return tuple(result)


def _pair(text: Pair | str) -> Pair:
    if isinstance(text, tuple):
        return text
    zh, sep, en = text.partition("/")
    return (zh.strip(), en.strip()) if sep else (text, text)


def editions(spec: str) -> tuple[tuple[str, str, Decimal], ...]:
    """``"中文/English*factor|..."``; an empty entry means no suffix."""
    result = []
    for part in spec.split("|"):
        text, _, factor = part.partition("*")
        zh, en = _pair(text.strip()) if text.strip() else ("", "")
        result.append((zh, en, Decimal(factor or "1")))
    return tuple(result)


FRESH_NOTE: Pair = ("生鲜食品不支持七天无理由退货", "fresh food is not covered by 7-day no-reason returns")
CUSTOM_NOTE: Pair = ("定制商品，下单后 7-15 天制作发货，不支持无理由退货",
                     "made to order, ships in 7-15 days, no no-reason returns")
RETURN_NOTE: Pair = ("支持七天无理由退货", "7-day no-reason returns")
CUSTOM_MARK: Pair = ("【定制】", "[Made to order] ")
