"""The checkout door."""

from .selectors import cart_view
from .services import cart_add_line, cart_create, checkout_submit

__all__ = ["cart_add_line", "cart_create", "cart_view", "checkout_submit"]
