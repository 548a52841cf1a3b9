"""The catalog door."""

from .images import product_image_add
from .selectors import category_chain, variant_merchant, variants_by_gtin, variants_for_sale
from .services import availability_update

__all__ = ["availability_update", "category_chain", "product_image_add", "variant_merchant", "variants_by_gtin",
           "variants_for_sale"]
