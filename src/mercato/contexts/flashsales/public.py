"""The flash-sales door."""

from .contracts import ItemView, PurchaseResult, SaleView
from .selectors import sale_for_variant, sale_for_variants, sales_current
from .sold_out import sold_out_refusal

__all__ = ["ItemView", "PurchaseResult", "SaleView", "sale_for_variant", "sale_for_variants", "sales_current",
           "sold_out_refusal"]
