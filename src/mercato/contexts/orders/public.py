"""The orders door."""

from .evidence import order_evidence_record, order_visible_to
from .selectors import orders_of_checkout
from .services import OrderDraft, OrderLineDraft, orders_place

__all__ = ["OrderDraft", "OrderLineDraft", "order_evidence_record", "order_visible_to", "orders_of_checkout",
           "orders_place"]
