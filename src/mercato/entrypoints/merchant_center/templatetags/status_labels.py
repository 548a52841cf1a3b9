"""Status codes (order, return, merchant, payment, escrow) as words in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

LABELS = {
    "pending_payment": _("Awaiting payment"), "paid": _("Paid, to ship"), "shipped": _("Shipped"),
    "delivered": _("Delivered"), "completed": _("Completed"), "cancelled": _("Cancelled"),
    "refunded": _("Refunded"), "requested": _("Requested"), "approved": _("Approved"),
    "rejected": _("Rejected"), "received": _("Received, refunded"),
    "pending": pgettext_lazy("merchant or escrow", "Pending"), "active": _("Active"),
    "suspended": _("Suspended"), "archived": _("Archived"),
    "requires_payment": _("Awaiting payment"), "requires_action": _("Awaiting authentication"),
    "awaiting_collection": _("Cash on delivery"), "succeeded": _("Succeeded"), "failed": _("Failed"),
    "card": _("Card"), "cod": _("Cash on delivery"), "escrow": _("From escrow"),
    "merchant_balance": _("From the merchant's balance"), "owner": _("Owner"), "manager": _("Manager"),
    "staff": _("Staff"),
}


@register.filter
def status_label(code: object) -> str:
    """``{{ order.status|status_label }}``; an unknown code is shown as it is."""
    return str(LABELS.get(str(code), code or ""))


@register.filter
def shipping_label(code: object) -> str:
    """"standard" → "Standard delivery" in the reader's language (the storefront's words)."""
    from mercato.entrypoints.storefront.labels import SHIPPING_METHOD, label

    return label(SHIPPING_METHOD, str(code) if code else None)
