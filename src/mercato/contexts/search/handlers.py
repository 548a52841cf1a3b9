"""Search's reactions to other contexts' events, listed explicitly: the index follows the catalogue one
product at a time (never a full reindex per edit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mercato.contexts.catalog.events import ProductChanged
from mercato.contexts.inventory.events import StockAdjusted
from mercato.contexts.merchants.events import MerchantStatusChanged
from mercato.contexts.orders.events import OrderPlaced

from . import services


def reindex_product(event: ProductChanged) -> None:
    services.index_products(product_ids=[event.product_id])


def reindex_stocked_product(event: StockAdjusted) -> None:
    services.index_variants(variant_ids=[event.variant_id])


def reindex_merchant(event: MerchantStatusChanged) -> None:
    services.index_merchant(merchant_id=event.merchant_id)


def count_sale(event: OrderPlaced) -> None:
    if event.variant_ids:
        services.sales_count(variant_ids=event.variant_ids)


HANDLERS: dict[Any, list[Callable[..., None]]] = {
    ProductChanged: [reindex_product],
    StockAdjusted: [reindex_stocked_product],
    MerchantStatusChanged: [reindex_merchant],
    OrderPlaced: [count_sale],
}
