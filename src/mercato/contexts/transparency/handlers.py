"""The commerce facts the log records, listed explicitly. Each handler runs inside the outbox delivery
transaction, so queueing the entry and marking the message delivered commit together: nothing is lost, and the
entry key keeps a redelivered event from being logged twice."""

from __future__ import annotations

import secrets
from typing import Any

from mercato.contexts.orders import public as orders
from mercato.contexts.orders.events import (
    OrderCancelled,
    OrderCompleted,
    OrderDelivered,
    OrderPaid,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
    ReturnDecided,
    ReturnReceived,
    ReturnRequested,
)
from mercato.contexts.payments.events import EscrowReleased, RefundIssued
from mercato.shared import clock

from .domain.commerce_fact import SALT_SIZE, fact_leaf_input
from .services import entry_record

_PERSONAL_FIELDS = frozenset({"buyer_user_id"})


def log_order_fact(*, fact: str, order_id: str, key: str, at: str | None = None,
                   event: dict[str, Any] | None = None) -> bool:
    """Queue the fact with a salted digest of the order record as it stands now."""
    at = at or clock.now().isoformat()
    details = {k: v for k, v in (event or {}).items() if k not in _PERSONAL_FIELDS}
    record = {"fact": fact, "at": at, "event": details, "order": orders.order_evidence_record(order_id)}
    salt = secrets.token_bytes(SALT_SIZE)
    leaf_input = fact_leaf_input(fact=fact, subject=order_id, at=at, salt=salt, record=record)
    return entry_record(key=key, kind=fact, subject=order_id, leaf_input=leaf_input, record=record, salt=salt)


def _order_status_fact(fact: str) -> Any:
    def handle(event: Any) -> None:
        log_order_fact(fact=fact, order_id=event.order_id, at=event.at, key=f"{fact}:{event.order_id}:{event.at}",
                       event={"status": event.status})

    handle.__name__ = f"log_{fact.replace('.', '_')}"
    return handle


def log_refund_issued(event: RefundIssued) -> None:
    log_order_fact(fact="refund.issued", order_id=event.order_ref, key=f"refund.issued:{event.refund_id}",
                   event={"refund_id": event.refund_id, "amount": event.amount, "currency": event.currency,
                          "source": event.source})


def log_escrow_released(event: EscrowReleased) -> None:
    log_order_fact(fact="escrow.released", order_id=event.order_ref, key=f"escrow.released:{event.order_ref}",
                   event={"amount": event.amount, "commission": event.commission, "currency": event.currency})


def log_return_requested(event: ReturnRequested) -> None:
    log_order_fact(fact="return.requested", order_id=event.order_id, key=f"return.requested:{event.return_id}",
                   event={"return_id": event.return_id, "amount": event.amount})


def log_return_decided(event: ReturnDecided) -> None:
    fact = f"return.{event.decision}"
    log_order_fact(fact=fact, order_id=event.order_id, key=f"{fact}:{event.return_id}",
                   event={"return_id": event.return_id})


def log_return_received(event: ReturnReceived) -> None:
    log_order_fact(fact="return.received", order_id=event.order_id, key=f"return.received:{event.return_id}",
                   event={"return_id": event.return_id, "amount": event.amount})


HANDLERS = {
    OrderPlaced: [_order_status_fact("order.placed")],
    OrderPaid: [_order_status_fact("order.paid")],
    OrderShipped: [_order_status_fact("order.shipped")],
    OrderDelivered: [_order_status_fact("order.delivered")],
    OrderCompleted: [_order_status_fact("order.completed")],
    OrderCancelled: [_order_status_fact("order.cancelled")],
    OrderRefunded: [_order_status_fact("order.refunded")],
    RefundIssued: [log_refund_issued],
    EscrowReleased: [log_escrow_released],
    ReturnRequested: [log_return_requested],
    ReturnDecided: [log_return_decided],
    ReturnReceived: [log_return_received],
}
