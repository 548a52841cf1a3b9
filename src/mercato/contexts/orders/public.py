"""The orders door."""

from . import purchase_history
from .evidence import order_evidence_record, order_visible_to
from .selectors import orders_of_checkout
from .services import OrderDraft, OrderLineDraft, Placement, orders_place, orders_place_many

__all__ = ["OrderDraft", "OrderLineDraft", "Placement", "order_evidence_record", "order_visible_to",
           "orders_of_checkout", "orders_place", "orders_place_many", "purchase_history"]
