"""Buying on a flash sale: admission through the gate, then an order that cannot fail for stock (ADR 0010).

With Redis, one Lua call counts the attempt against the rate limits, refuses sold-out and over-limit attempts
(no database work at all) and admits the rest with a token. Without Redis (embedded profile, or Redis down)
the database decides in the order's own transaction. Either way the database has the last word: the buyer's
tally has a conditional upsert, units are claimed with SKIP LOCKED, and a token is stored under a unique index,
so nothing is oversold, no buyer exceeds the limit and no token buys twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from mercato.contexts.checkout import public as checkout
from mercato.contexts.identity.contracts import AddressData
from mercato.shared import clock, events, tokens
from mercato.shared.actor import Actor
from mercato.shared.bulk_insert import insert_rows
from mercato.shared.errors import Conflict, NotFound, RateLimited, Unauthenticated, ValidationFailed
from mercato.shared.money import Money

from . import group_commit, local_limits
from .contracts import ItemSnapshot, PurchaseResult
from .domain.campaign_rules import is_admitting, seconds_until
from .domain.refusals import BuyerLimitReached, SaleNotLive, SoldOut
from .gate import Gate, GateUnavailable, gate
from .models import BuyerTally, FlashPurchase
from .reconciliation import item_load_gate, item_reconcile_soon
from .services import sale_open
from .snapshots import forget, item_snapshot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurchaseRequest:
    sale_id: str
    item_id: str
    quantity: int
    address: AddressData
    shipping_method: str
    idempotency_key: str
    ip: str
    token_id: str = ""  # the buyer's access token id when its revocation is still to be checked

    def digest(self) -> str:
        body = {"item": self.item_id, "q": self.quantity, "address": vars(self.address),
                "shipping": self.shipping_method}
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def purchase(*, request: PurchaseRequest, actor: Actor) -> PurchaseResult:
    if not actor.user_id:
        raise Unauthenticated("sign in to buy on a flash sale")
    if len(request.idempotency_key) > 200 or not request.idempotency_key.isprintable():
        raise ValidationFailed.on("Idempotency-Key", "must be at most 200 printable characters")
    item = _live_item(request)
    # No I/O at all (whether a sale is sold out is public anyway); a keyed request may be a retry of a purchase
    # that went through, so it goes on to be answered as the first time.
    if not request.idempotency_key and local_limits.recently_sold_out(item.id):
        raise SoldOut("sold out", item_id=item.id)
    g = gate()
    if g is not None:
        with contextlib.suppress(GateUnavailable):
            return _through_gate(g, item, request, actor.user_id, actor)
    _ensure_not_revoked(request.token_id)
    return _through_database(item, request, actor.user_id, actor)


def _ensure_not_revoked(token_id: str) -> None:
    if token_id and tokens.is_revoked(token_id):
        raise Unauthenticated("the token was revoked")


def _live_item(request: PurchaseRequest) -> ItemSnapshot:
    item = item_snapshot(request.item_id)
    if item is None or item.sale_id != request.sale_id:
        raise NotFound.of("flash sale item", request.item_id)
    if not 1 <= request.quantity <= item.per_buyer_limit:
        raise ValidationFailed.on("quantity", f"must be between 1 and {item.per_buyer_limit} (the limit per buyer)")
    now = clock.now()
    if item.status == "scheduled" and item.starts_at <= now < item.ends_at:
        sale_open(sale_id=item.sale_id, actor=Actor(system="flash-sale:opened-by-first-buyer"))
        forget(item.id)
        item = item_snapshot(request.item_id) or item
    if not is_admitting(status=item.status, starts_at=item.starts_at, ends_at=item.ends_at, now=now):
        if item.status in ("scheduled", "live") and now < item.starts_at:
            raise SaleNotLive(f"the sale starts in {seconds_until(item.starts_at, now)} s",
                              starts_at=item.starts_at.isoformat())
        raise SaleNotLive("the sale is over", ends_at=item.ends_at.isoformat())
    return item


def _limits() -> dict[str, int]:
    return {"ip_limit": settings.MERCATO_FLASH_RATE_PER_IP, "account_limit": settings.MERCATO_FLASH_RATE_PER_ACCOUNT,
            "window": settings.MERCATO_FLASH_RATE_WINDOW}


def _through_gate(g: Gate, item: ItemSnapshot, request: PurchaseRequest, buyer: str, actor: Actor) -> PurchaseResult:
    token = secrets.token_urlsafe(18)
    admit: dict[str, Any] = {
        "item_id": item.id, "buyer": buyer, "quantity": request.quantity, "limit": item.per_buyer_limit,
        "token": token, "idempotency_key": request.idempotency_key, "ip": request.ip, **_limits()}
    if request.token_id and settings.MERCATO_FLASH_GATE_URL == settings.REDIS_URL:
        admit["revocation_key"] = tokens.revocation_key(request.token_id)  # one round trip checks both
    else:
        _ensure_not_revoked(request.token_id)
    verdict = g.admit(**admit)
    if verdict.outcome == "revoked":
        raise Unauthenticated("the token was revoked")
    if verdict.outcome == "unloaded":  # Redis restarted (or the sale opened while it was down)
        item_load_gate(g, item.id)
        verdict = g.admit(**admit, count_attempt=False)
    if verdict.outcome == "rate":
        retry_after = verdict.retry_after
        raise RateLimited(f"too many purchase attempts; try again in {retry_after} s", retry_after=retry_after)
    if verdict.outcome == "sold_out":
        local_limits.mark_sold_out(item.id)
        raise SoldOut("sold out", item_id=item.id)
    if verdict.outcome == "limit":
        raise BuyerLimitReached(f"at most {item.per_buyer_limit} per buyer", item_id=item.id,
                                        limit=item.per_buyer_limit)
    if verdict.outcome == "repeat":
        return _replay(item, buyer, request, token=verdict.token)
    if verdict.outcome != "admitted":
        raise GateUnavailable(f"unexpected gate answer {verdict.outcome}")
    give_back = {"item_id": item.id, "buyer": buyer, "token": token, "idempotency_key": request.idempotency_key}
    job = group_commit.Job(item, request, buyer, actor, token)
    try:
        result = group_commit.place(job, _place_group)
    except SoldOut:  # the gate admitted more than the database holds: it was out of date
        _quietly(g.give_back, **give_back, units_exist=False, buyer_may_retry=True)
        item_reconcile_soon(item.id)
        raise
    except BuyerLimitReached:
        _quietly(g.give_back, **give_back, units_exist=True, buyer_may_retry=False)
        raise
    except BaseException:
        _quietly(g.give_back, **give_back, units_exist=True, buyer_may_retry=True)
        raise
    if result.replayed:  # this admission bought nothing: its units and count go back
        _quietly(g.give_back, **give_back, units_exist=True, buyer_may_retry=True)
    elif not job.settled:
        _quietly(g.settle, item_id=item.id, tokens=[token])
    return result


def _quietly(fn: object, **kwargs: object) -> None:
    """Gate bookkeeping after the fact: if Redis is gone, the reconcile job repairs the gate."""
    with contextlib.suppress(GateUnavailable):
        fn(**kwargs)  # type: ignore[operator]


def _through_database(item: ItemSnapshot, request: PurchaseRequest, buyer: str, actor: Actor) -> PurchaseResult:
    local_limits.count_attempt(ip=request.ip, account=buyer, **_limits())
    if request.idempotency_key:
        prior = FlashPurchase.objects.filter(item_id=item.id, buyer_id=buyer,
                                             idempotency_key=request.idempotency_key).first()
        if prior is not None:
            return _replayed(prior, request)
    if local_limits.recently_sold_out(item.id):
        raise SoldOut("sold out", item_id=item.id)
    try:
        return _place(item, request, buyer, actor, token=secrets.token_urlsafe(18), admitted_by="database")
    except SoldOut:
        local_limits.mark_sold_out(item.id)
        raise


def _place(item: ItemSnapshot, request: PurchaseRequest, buyer: str, actor: Actor, *, token: str,
           admitted_by: str) -> PurchaseResult:
    """One purchase on its own: a group of one."""
    try:
        (outcome,) = _place_together([group_commit.Job(item, request, buyer, actor, token)], admitted_by=admitted_by)
    except IntegrityError:  # the same Idempotency-Key raced in twice, or the gate forgot it: the first one won
        if request.idempotency_key:
            prior = FlashPurchase.objects.filter(item_id=item.id, buyer_id=buyer,
                                                 idempotency_key=request.idempotency_key).first()
            if prior is not None:
                return _replayed(prior, request)
        raise
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


_TALLY_MANY_SQL = """
INSERT INTO {table} (item_id, buyer_id, units) VALUES {values}
ON CONFLICT (item_id, buyer_id) DO UPDATE SET units = {table}.units + excluded.units
WHERE {table}.units + excluded.units <= %s
RETURNING buyer_id
"""


def _place_group(jobs: Sequence[group_commit.Job]) -> list[PurchaseResult | BaseException]:
    """Place a group of admitted purchases of one item; if the group fails as a whole, each on its own."""
    if len(jobs) > 1:
        try:
            together = _place_together(jobs)
        except Exception:
            log.exception("a group of %s flash-sale purchases failed together; placing them one by one", len(jobs))
        else:
            _settle_together(jobs, together)
            return together
    outcomes: list[PurchaseResult | BaseException] = []
    for job in jobs:
        try:
            outcomes.append(_place(job.item, job.request, job.buyer, job.actor, token=job.token,
                                   admitted_by="gate"))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def _settle_together(jobs: Sequence[group_commit.Job], outcomes: Sequence[PurchaseResult | BaseException]) -> None:
    """One gate call for the whole group's committed orders (instead of one per request)."""
    placed = [j for j, o in zip(jobs, outcomes, strict=True) if isinstance(o, PurchaseResult)]
    g = gate()
    if g is None or not placed:
        return
    try:
        g.settle(item_id=jobs[0].item.id, tokens=[j.token for j in placed])
    except GateUnavailable:
        return  # each request settles its own (or the reconcile job cleans up)
    for job in placed:
        job.settled = True


def _place_together(jobs: Sequence[group_commit.Job], *, admitted_by: str = "gate"
                    ) -> list[PurchaseResult | BaseException]:
    """One transaction, a fixed number of statements: tallies, units, payments, addresses, orders, purchases.

    The order's events reach their handlers through the dispatch-outbox job, not before the answer.
    """
    item = jobs[0].item
    with events.delivered_by_worker(), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_TALLY_MANY_SQL.format(table=BuyerTally._meta.db_table,
                                                  values=", ".join(["(%s, %s, %s)"] * len(jobs))),
                           [x for j in jobs for x in (item.id, j.buyer, j.request.quantity)] + [item.per_buyer_limit])
            within = {row[0] for row in cursor.fetchall()}
        eligible = [j for j in jobs if j.buyer in within]
        line_of = {j.buyer: checkout.DirectLine(variant_id=item.variant_id, quantity=j.request.quantity,
                                                unit_price=Money.of(item.sale_price, item.currency), pool=item.id)
                   for j in eligible}
        placed = checkout.checkout_direct_many([
            checkout.DirectPurchase(line=line_of[j.buyer], address=j.request.address,
                                    shipping_method=j.request.shipping_method, actor=j.actor) for j in eligible],
            pay_within=timedelta(minutes=item.payment_minutes), offer=item.offer, commission_rate=item.commission_rate)
        by_buyer = {j.buyer: p for j, p in zip(eligible, placed, strict=True)}
        for j in eligible:
            if by_buyer[j.buyer] is None:  # no unit left for them: their tally goes back
                BuyerTally.objects.filter(item_id=item.id, buyer_id=j.buyer).update(
                    units=F("units") - j.request.quantity)
        now = clock.now()
        records = {j.buyer: FlashPurchase(
            item_id=item.id, buyer_id=j.buyer, quantity=j.request.quantity, token=j.token,
            idempotency_key=j.request.idempotency_key, request_hash=j.request.digest(), order_id=p.orders[0].id,
            order_number=p.orders[0].number, payment_id=p.payment_id, total=p.orders[0].total.amount,
            currency=p.orders[0].total.currency, pay_by=p.reserved_until, admitted_by=admitted_by, created_at=now)
            for j in eligible if (p := by_buyer[j.buyer]) is not None}
        insert_rows(FlashPurchase, list(records.values()))
    outcomes: list[PurchaseResult | BaseException] = []
    for j in jobs:
        if j.buyer not in within:
            outcomes.append(BuyerLimitReached(f"at most {item.per_buyer_limit} per buyer", item_id=item.id,
                                              limit=item.per_buyer_limit))
        elif j.buyer not in records:
            outcomes.append(SoldOut("sold out", item_id=item.id))
        else:
            p = by_buyer[j.buyer]
            assert p is not None
            outcomes.append(_result(records[j.buyer], order_status=p.orders[0].status,
                                    payment_status=p.payment_status))
    return outcomes


def _replay(item: ItemSnapshot, buyer: str, request: PurchaseRequest, *, token: str) -> PurchaseResult:
    prior = FlashPurchase.objects.filter(token=token).first()
    if prior is None:
        raise Conflict("a purchase with this Idempotency-Key is still being processed")
    return _replayed(prior, request)


def _replayed(prior: FlashPurchase, request: PurchaseRequest) -> PurchaseResult:
    if prior.request_hash != request.digest():
        raise ValidationFailed.on("Idempotency-Key", "was already used with a different request body")
    replay = _result(prior, order_status="pending_payment", payment_status="requires_payment")  # as first answered
    return replace(replay, replayed=True)


def _result(record: FlashPurchase, *, order_status: str, payment_status: str) -> PurchaseResult:
    return PurchaseResult(purchase_id=record.id, order_id=record.order_id, order_number=record.order_number,
                          order_status=order_status, total=Money.of(record.total, record.currency),
                          payment_id=record.payment_id, payment_status=payment_status, pay_by=record.pay_by,
                          admitted_by=record.admitted_by)
