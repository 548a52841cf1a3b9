"""Words for the states and reasons the services speak in codes (order status, payment failure, ...)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ORDER_STATUS: dict[str, Promise] = {
    "pending_payment": _("Awaiting payment"),
    "paid": _("Paid"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "completed": _("Completed"),
    "cancelled": _("Cancelled"),
    "refunded": _("Refunded"),
}
RETURN_STATUS: dict[str, Promise] = {
    "requested": _("Return requested"),
    "approved": _("Return approved"),
    "rejected": _("Return rejected"),
    "received": _("Return received, refunded"),
}
PAYMENT_STATUS: dict[str, Promise] = {
    "requires_payment": _("Awaiting payment"),
    "requires_action": _("Waiting for card authentication"),
    "awaiting_collection": _("Cash on delivery"),
    "succeeded": _("Paid"),
    "cancelled": _("Cancelled"),
    "failed": _("Failed"),
}
PAYMENT_FAILURE: dict[str, Promise] = {
    "card_declined": _("Your card was declined. Try another card or pay cash on delivery."),
    "insufficient_funds": _("The card has insufficient funds. Try another card."),
    "expired_card": _("The card has expired. Check the expiry date or use another card."),
    "authentication_failed": _("The authentication code was wrong. Enter your card again to get a new code."),
}
PAYMENT_FAILED = _("The payment did not go through. Try again.")
SHIPPING_METHOD: dict[str, Promise] = {
    "standard": _("Standard delivery"),
    "express": _("Express delivery"),
}
PAYMENT_METHOD: dict[str, Promise] = {
    "card": _("Card"),
    "cod": _("Cash on delivery"),
}


def label(table: dict[str, Promise], code: str | None) -> str:
    """The translated word for a code; an unknown code is shown as it is."""
    if not code:
        return ""
    return str(table.get(code, code))
