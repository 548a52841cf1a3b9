"""The orders door."""

from .selectors import orders_of_checkout
from .services import OrderDraft, OrderLineDraft, orders_place

__all__ = ["OrderDraft", "OrderLineDraft", "orders_of_checkout", "orders_place"]
