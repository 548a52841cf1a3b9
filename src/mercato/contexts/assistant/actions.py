"""Actions on a shopper's order: proposed first, executed only after the shopper confirms, through the same
orders services the API uses, and logged either way (executed, or refused with the reason)."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.orders import public as orders
from mercato.contexts.orders.public import ShopperOrder
from mercato.shared import clock
from mercato.shared.errors import MercatoError
from mercato.shared.money import Money

from .contracts import ProposedAction
from .domain.address_text import TypedAddress
from .domain.answer_templates import say
from .domain.confirmation import ProposalStatus, ensure_proposal_transition
from .domain.intents import ActionKind
from .models import ActionLog, ActionProposal, Conversation
from .order_answers import items_text, money_text

REASON = "requested through the customer-service assistant"


def address_text(address: dict[str, str]) -> str:
    parts = (address.get("region"), address.get("city"), address.get("district"), address.get("line1"))
    return f"{address['name']} {address['phone']}, {' '.join(p for p in parts if p)}, {address['postal_code']}"


def _refund_estimate(order: ShopperOrder) -> str:
    """What returning every returnable unit refunds (the orders service prorates it exactly on request)."""
    left = [ln.amount_paid.amount - ln.refunded_amount.amount for ln in order.lines if ln.returnable]
    return money_text(Money.of(sum(left, Decimal(0)), order.total.currency))


def proposal_text(kind: str, order: ShopperOrder, params: dict[str, Any], lang: str) -> str:
    facts = {"number": order.number, "items": items_text(order, lang), "total": money_text(order.total),
             "amount": _refund_estimate(order)}
    if kind == ActionKind.CHANGE_ADDRESS:
        facts["address"] = address_text(params["address"])
    return say(f"propose_{kind}", lang, **facts)


def propose(conversation: Conversation, kind: ActionKind, order: ShopperOrder, lang: str,
            address: TypedAddress | None = None) -> tuple[ActionProposal, ProposedAction, str]:
    params: dict[str, Any] = {"address": asdict(address)} if address else {}
    proposal = ActionProposal.objects.create(conversation=conversation, kind=kind, order_id=order.id,
                                             order_number=order.number, params=params, created_at=clock.now())
    text = proposal_text(kind, order, params, lang)
    return proposal, ProposedAction(id=proposal.id, kind=kind, order_id=order.id, order_number=order.number,
                                    summary=text), text


def _decide(proposal: ActionProposal, status: ProposalStatus) -> None:
    ensure_proposal_transition(proposal.status, status)
    proposal.status, proposal.decided_at = status, clock.now()
    proposal.save(update_fields=["status", "decided_at"])


def supersede(proposal_id: str) -> None:
    ActionProposal.objects.filter(pk=proposal_id, status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.SUPERSEDED, decided_at=clock.now())


def decline(proposal: ActionProposal, lang: str) -> str:
    _decide(proposal, ProposalStatus.DECLINED)
    return say("declined", lang, number=proposal.order_number)


def log_action(*, user_id: str, kind: str, order_id: str, order_number: str, outcome: str, detail: str,
               conversation_id: str) -> None:
    ActionLog.objects.create(user_id=user_id, kind=kind, order_id=order_id, order_number=order_number,
                             outcome=outcome, detail=detail[:300], conversation_id=conversation_id, at=clock.now())


def execute(proposal: ActionProposal, *, user_id: str, lang: str) -> str:
    """Carry out a confirmed proposal. The orders services check everything again (the order may have shipped
    since we proposed); a refusal becomes an explanation, never an error page."""
    _decide(proposal, ProposalStatus.CONFIRMED)
    try:
        text = _run(proposal, user_id, lang)
    except MercatoError as exc:
        _decide(proposal, ProposalStatus.REFUSED)
        _log(proposal, user_id, "refused", exc.detail)
        return say("action_failed", lang, detail=exc.detail)
    _decide(proposal, ProposalStatus.EXECUTED)
    _log(proposal, user_id, "executed", "")
    return text


def _log(proposal: ActionProposal, user_id: str, outcome: str, detail: str) -> None:
    log_action(user_id=user_id, kind=proposal.kind, order_id=proposal.order_id, order_number=proposal.order_number,
               outcome=outcome, detail=detail, conversation_id=proposal.conversation_id)


def _run(proposal: ActionProposal, user_id: str, lang: str) -> str:
    number, order_id = proposal.order_number, proposal.order_id
    if proposal.kind == ActionKind.CANCEL_ORDER:
        order = orders.shopper_order_cancel(user_id=user_id, order_id=order_id, reason=REASON)
        text = say("done_cancel_order", lang, number=number)
        if order.refunded_total.amount > 0:
            text += " " + say("done_cancel_refund", lang, amount=money_text(order.refunded_total))
        return text
    if proposal.kind == ActionKind.START_RETURN:
        ret = orders.shopper_return_request(user_id=user_id, order_id=order_id, reason=REASON)
        return say("done_start_return", lang, number=number, amount=money_text(ret.amount))
    if proposal.kind == ActionKind.CHANGE_ADDRESS:
        address = proposal.params["address"]
        orders.shopper_order_change_address(user_id=user_id, order_id=order_id, address=AddressData(**address))
        return say("done_change_shipping_address", lang, number=number, address=address_text(address))
    orders.shopper_invoice_html(user_id=user_id, order_id=order_id)  # it exists and is the shopper's own
    return say("done_send_invoice", lang, number=number, url=f"/orders/{order_id}/invoice")
