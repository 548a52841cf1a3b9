"""Catalog's reactions to other contexts' events, listed explicitly."""

from __future__ import annotations

from mercato.contexts.merchants.events import MerchantStatusChanged

from .models import Product


def hide_or_show_merchant_products(event: MerchantStatusChanged) -> None:
    """A suspended merchant's products leave the storefront; re-admitted, they come back."""
    Product.objects.filter(merchant_id=event.merchant_id).update(merchant_active=event.status == "active")


HANDLERS = {MerchantStatusChanged: [hide_or_show_merchant_products]}
