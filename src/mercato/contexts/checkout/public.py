"""The checkout door."""

from .direct import DirectLine, DirectPurchase, checkout_direct_many
from .selectors import cart_view
from .services import cart_add_line, cart_create, checkout_submit

__all__ = ["DirectLine", "DirectPurchase", "cart_add_line", "cart_create", "cart_view", "checkout_direct_many",
           "checkout_submit"]
