"""The flash-sales door."""

from .contracts import ItemView, PurchaseResult, SaleView
from .selectors import sale_for_variant, sales_current

__all__ = ["ItemView", "PurchaseResult", "SaleView", "sale_for_variant", "sales_current"]
