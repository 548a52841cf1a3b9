"""How the assistant treats each intent the understanding names: data about one order, an action on one order,
a policy answer from the knowledge base, a hand-over, or small talk."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class ActionKind(StrEnum):
    CANCEL_ORDER = "cancel_order"
    START_RETURN = "start_return"
    CHANGE_ADDRESS = "change_shipping_address"
    SEND_INVOICE = "send_invoice"


ORDER_ANSWERS: Final = frozenset({"track_order", "track_refund"})
ORDER_ACTIONS: Final[dict[str, ActionKind]] = {
    "cancel_order": ActionKind.CANCEL_ORDER,
    "start_return": ActionKind.START_RETURN,
    "get_refund": ActionKind.START_RETURN,
    "change_shipping_address": ActionKind.CHANGE_ADDRESS,
    "get_invoice": ActionKind.SEND_INVOICE,
    "check_invoice": ActionKind.SEND_INVOICE,
}
ORDER_INTENTS: Final = ORDER_ANSWERS | frozenset(ORDER_ACTIONS)
HAND_OVER: Final = frozenset({"contact_human_agent", "complaint"})
AFFIRM, DENY = "affirm", "deny"
SMALL_TALK: Final = frozenset({"greeting", "thanks"})
# everything else (refund policy, delivery times and options, payment methods and issues, invoices in general,
# cancellation fees, accounts, newsletter, reviews, product questions, contacting customer service) is answered
# from the knowledge base


def is_order_intent(intent: str) -> bool:
    return intent in ORDER_INTENTS
