"""What crosses the catalog wall."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.shared.money import Money


@dataclass(frozen=True)
class VariantForSale:
    """Everything checkout and orders copy at purchase time."""

    variant_id: str
    product_id: str
    merchant_id: str
    sku: str
    title: dict[str, str]
    price: Money
    category_chain: tuple[str, ...]
    is_custom_made: bool
    is_perishable: bool
    weight_grams: int
    sellable: bool  # active variant, active product, active merchant
    available: int = 0  # the read model kept by inventory
    gtin: str = ""
