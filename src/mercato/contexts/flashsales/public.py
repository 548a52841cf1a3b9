"""The flash-sales door."""

from .contracts import ItemView, PurchaseResult, SaleView
from .selectors import sale_for_variant, sale_for_variants, sales_current

__all__ = ["ItemView", "PurchaseResult", "SaleView", "sale_for_variant", "sale_for_variants", "sales_current"]
