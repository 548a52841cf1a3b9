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

# Supply-chain words: CBV 2.0 business steps and dispositions (bare terms), party roles, commerce facts in the log.
BIZ_STEP: dict[str, Promise] = {
    "commissioning": _("Produced"),
    "creating_class_instance": _("Produced"),
    "inspecting": _("Quality inspection"),
    "sampling": _("Sampled for testing"),
    "packing": _("Packed"),
    "unpacking": _("Unpacked"),
    "repackaging": _("Repackaged"),
    "assembling": _("Assembled"),
    "picking": _("Picked"),
    "loading": _("Loaded"),
    "unloading": _("Unloaded"),
    "staging_outbound": _("Ready to ship"),
    "shipping": _("Shipped"),
    "departing": _("Departed"),
    "transporting": _("In transport"),
    "arriving": _("Arrived"),
    "receiving": _("Received"),
    "accepting": _("Accepted"),
    "storing": _("Stored"),
    "stocking": _("Put on the shelves"),
    "holding": _("On hold"),
    "retail_selling": _("Sold"),
    "sensor_reporting": _("Sensor readings"),
    "destroying": _("Destroyed"),
    "decommissioning": _("Taken out of use"),
}
TRANSFORMED = _("Processed")
DISPOSITION: dict[str, Promise] = {
    "active": _("Active"),
    "available": _("Available"),
    "conformant": _("Passed"),
    "non_conformant": _("Did not pass"),
    "in_progress": _("In progress"),
    "in_transit": _("In transit"),
    "container_closed": _("Sealed"),
    "container_open": _("Opened"),
    "sellable_accessible": _("On sale"),
    "sellable_not_accessible": _("In stock, not on the shelves"),
    "non_sellable_other": _("Not for sale"),
    "retail_sold": _("Sold"),
    "damaged": _("Damaged"),
    "expired": _("Expired"),
    "recalled": _("Recalled"),
    "returned": _("Returned"),
    "destroyed": _("Destroyed"),
}
PARTY_ROLE: dict[str, Promise] = {
    "brand": _("Brand"),
    "farm": _("Farm"),
    "factory": _("Factory"),
    "lab": _("Testing laboratory"),
    "carrier": _("Carrier"),
    "distributor": _("Distributor"),
    "retailer": _("Retailer"),
    "platform": _("Platform"),
}
EVIDENCE_FACT: dict[str, Promise] = {
    "order.placed": _("Order placed"),
    "order.paid": _("Payment received"),
    "order.shipped": _("Shipped"),
    "order.delivered": _("Delivered"),
    "order.completed": _("Receipt confirmed"),
    "order.cancelled": _("Cancelled"),
    "order.refunded": _("Refunded"),
    "refund.issued": _("Refund issued"),
    "escrow.released": _("Money released to the merchant"),
    "return.requested": _("Return requested"),
    "return.approved": _("Return approved"),
    "return.rejected": _("Return rejected"),
    "return.received": _("Returned goods received"),
}
