"""The catalog door."""

from . import item_summaries, search_documents
from .images import product_image_add
from .selectors import category_chain, variant_merchant, variants_by_gtin, variants_for_sale
from .services import availability_update

__all__ = ["availability_update", "category_chain", "item_summaries", "product_image_add", "search_documents",
           "variant_merchant", "variants_by_gtin", "variants_for_sale"]
