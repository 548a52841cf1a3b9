"""The intents the assistant recognises: Bitext's 27, named exactly as Bitext names them, plus our own."""

from __future__ import annotations

from typing import Final

# The 27 intents of the Bitext customer-support taxonomy (11 categories), verified against the shipped CSV.
BITEXT_INTENTS: Final[tuple[str, ...]] = (
    "cancel_order", "change_order", "change_shipping_address", "check_cancellation_fee", "check_invoice",
    "check_payment_methods", "check_refund_policy", "complaint", "contact_customer_service",
    "contact_human_agent", "create_account", "delete_account", "delivery_options", "delivery_period",
    "edit_account", "get_invoice", "get_refund", "newsletter_subscription", "payment_issue", "place_order",
    "recover_password", "registration_problems", "review", "set_up_shipping_address", "switch_account",
    "track_order", "track_refund",
)

# Bitext has no return intent: "I want to send this back" is an action of its own (start_return); questions
# about the rules ("how many days do I have?") stay check_refund_policy. The dialogue intents let the
# conversation manager read answers to its own questions (confirm an action, greet, close).
MERCATO_INTENTS: Final[tuple[str, ...]] = (
    "product_question", "start_return", "affirm", "deny", "greeting", "thanks",
)

INTENTS: Final[tuple[str, ...]] = BITEXT_INTENTS + MERCATO_INTENTS

# Learned but never answered: chit-chat and unrelated requests ("tell me a joke", "今天天气怎么样") soak up
# probability, so the best real intent of such a message comes back with a low confidence (ask again, hand over)
# instead of a confident wrong guess.
OUT_OF_SCOPE: Final = "out_of_scope"

BITEXT_CATEGORIES: Final[dict[str, str]] = {
    "cancel_order": "ORDER", "change_order": "ORDER", "place_order": "ORDER", "track_order": "ORDER",
    "change_shipping_address": "SHIPPING_ADDRESS", "set_up_shipping_address": "SHIPPING_ADDRESS",
    "check_cancellation_fee": "CANCELLATION_FEE", "check_invoice": "INVOICE", "get_invoice": "INVOICE",
    "check_payment_methods": "PAYMENT", "payment_issue": "PAYMENT",
    "check_refund_policy": "REFUND", "get_refund": "REFUND", "track_refund": "REFUND",
    "complaint": "FEEDBACK", "review": "FEEDBACK",
    "contact_customer_service": "CONTACT", "contact_human_agent": "CONTACT",
    "create_account": "ACCOUNT", "delete_account": "ACCOUNT", "edit_account": "ACCOUNT",
    "recover_password": "ACCOUNT", "registration_problems": "ACCOUNT", "switch_account": "ACCOUNT",
    "delivery_options": "DELIVERY", "delivery_period": "DELIVERY",
    "newsletter_subscription": "NEWSLETTER",
}
