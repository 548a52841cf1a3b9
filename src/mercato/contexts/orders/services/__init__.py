"""Order commands (a package: placement, lifecycle, returns and refunds, deadline jobs)."""

from .deadlines import orders_auto_confirm, orders_expire_unpaid
from .lifecycle import (
    order_cancel,
    order_change_address,
    order_confirm_receipt,
    order_deliver,
    order_ship,
    orders_mark_paid,
)
from .placement import OrderDraft, OrderLineDraft, Placement, orders_place, orders_place_many
from .returns import order_refund, return_request, return_resolve

__all__ = ["OrderDraft", "OrderLineDraft", "Placement", "order_cancel", "order_change_address",
           "order_confirm_receipt", "order_deliver", "order_refund", "order_ship", "orders_auto_confirm",
           "orders_expire_unpaid", "orders_mark_paid", "orders_place", "orders_place_many", "return_request",
           "return_resolve"]
