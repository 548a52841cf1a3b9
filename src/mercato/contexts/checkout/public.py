"""The checkout door."""

from .direct import DirectLine, checkout_direct
from .selectors import cart_view
from .services import cart_add_line, cart_create, checkout_submit

__all__ = ["DirectLine", "cart_add_line", "cart_create", "cart_view", "checkout_direct", "checkout_submit"]
