"""The catalog door."""

from .selectors import category_chain, variant_merchant, variants_for_sale
from .services import availability_update

__all__ = ["availability_update", "category_chain", "variant_merchant", "variants_for_sale"]
