"""The orders door."""

from . import purchase_history
from .evidence import order_evidence_record, order_visible_to
from .selectors import orders_of_checkout
from .services import OrderDraft, OrderLineDraft, Placement, orders_place, orders_place_many
from .shopper_orders import (
    ShopperOrder,
    ShopperOrderLine,
    ShopperReturn,
    ShopperShipment,
    shopper_invoice_html,
    shopper_order_by_id,
    shopper_order_by_number,
    shopper_order_cancel,
    shopper_order_change_address,
    shopper_recent_orders,
    shopper_return_request,
)

__all__ = ["OrderDraft", "OrderLineDraft", "Placement", "ShopperOrder", "ShopperOrderLine", "ShopperReturn",
           "ShopperShipment", "order_evidence_record", "order_visible_to", "orders_of_checkout", "orders_place",
           "orders_place_many", "purchase_history", "shopper_invoice_html", "shopper_order_by_id",
           "shopper_order_by_number", "shopper_order_cancel", "shopper_order_change_address",
           "shopper_recent_orders", "shopper_return_request"]
