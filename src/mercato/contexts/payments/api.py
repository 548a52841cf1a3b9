"""Payment endpoints: confirm (card or cash on delivery), authenticate, read; balances and payouts."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from mercato.shared.api_auth import payer_auth, user_auth
from mercato.shared.api_types import MoneyIn, MoneyOut
from mercato.shared.idempotency import respond_once

from . import selectors, services
from .contracts import CardDetails, PaymentView

router = Router(tags=["payments"])


class CardIn(Schema):
    number: str = Field(pattern=r"^\d{12,19}$", description="never stored: only brand and last four are kept")
    exp_month: int = Field(ge=1, le=12)
    exp_year: int = Field(ge=2000, le=2100)
    cvc: str = Field(pattern=r"^\d{3,4}$")


class ConfirmIn(Schema):
    method: Literal["card", "cod"]
    card: CardIn | None = None


class AuthenticateIn(Schema):
    code: str = Field(min_length=1, max_length=12, pattern=r"^[0-9]+$")


class PaymentOut(Schema):
    id: str
    status: str
    amount: MoneyOut
    method: str
    card_brand: str | None
    card_last4: str | None
    failure_reason: str | None = None
    expires_at: str


class AttemptOut(Schema):
    method: str
    outcome: str
    failure_reason: str | None
    card_brand: str | None
    card_last4: str | None
    at: str


class RefundOut(Schema):
    id: str
    order_id: str
    amount: MoneyOut
    source: str
    reason: str
    created_at: str


class PaymentDetailOut(PaymentOut):
    checkout_id: str
    attempts: list[AttemptOut]
    refunds: list[RefundOut]


class BalanceOut(Schema):
    currency: str
    held_in_escrow: MoneyOut
    frozen: MoneyOut
    available: MoneyOut
    paid_out: MoneyOut


class BalancesOut(Schema):
    merchant_id: str
    items: list[BalanceOut]


class PayoutIn(Schema):
    amount: MoneyIn


class PayoutOut(Schema):
    id: str
    amount: MoneyOut
    status: str
    created_at: str


def payment_out(v: PaymentView) -> PaymentOut:
    return PaymentOut(id=v.id, status=v.status, amount=MoneyOut.of(v.amount), method=v.method,
                      card_brand=v.card_brand or None, card_last4=v.card_last4 or None,
                      failure_reason=v.failure_reason, expires_at=v.expires_at.isoformat())


@router.post("/payments/{payment_id}/confirm", response=PaymentOut, auth=payer_auth)
def confirm(request: HttpRequest, payment_id: str, payload: ConfirmIn) -> object:
    actor = request.auth  # type: ignore[attr-defined]

    def work() -> Status[PaymentOut]:
        if payload.method == "cod":
            return Status(200, payment_out(services.payment_confirm_cod(payment_id=payment_id, actor=actor)))
        if payload.card is None:
            from mercato.shared.errors import ValidationFailed

            raise ValidationFailed.on("card", "is required when method is card")
        card = CardDetails(number=payload.card.number, exp_month=payload.card.exp_month,
                           exp_year=payload.card.exp_year, cvc=payload.card.cvc)
        return Status(200, payment_out(services.payment_confirm_card(payment_id=payment_id, card=card, actor=actor)))

    # The body holds a card number: the idempotency record keeps only its hash, never the number.
    return respond_once(request, payload, work)


@router.post("/payments/{payment_id}/authenticate", response=PaymentOut, auth=payer_auth)
def authenticate(request: HttpRequest, payment_id: str, payload: AuthenticateIn) -> PaymentOut:
    return payment_out(services.payment_authenticate(payment_id=payment_id, code=payload.code,
                                                     actor=request.auth))  # type: ignore[attr-defined]


@router.get("/payments/{payment_id}", response=PaymentDetailOut, auth=payer_auth)
def detail(request: HttpRequest, payment_id: str) -> PaymentDetailOut:
    payment, attempts, refunds = selectors.payment_detail(payment_id, request.auth)  # type: ignore[attr-defined]
    base = payment_out(selectors.payment_view(payment))
    return PaymentDetailOut(
        **base.model_dump(), checkout_id=payment.reference,
        attempts=[AttemptOut(method=a.method, outcome=a.outcome, failure_reason=a.failure_reason or None,
                             card_brand=a.card_brand or None, card_last4=a.card_last4 or None,
                             at=a.at.isoformat()) for a in attempts],
        refunds=[RefundOut(id=r.id, order_id=r.order_ref, amount=MoneyOut(amount=f"{r.amount:.2f}",
                                                                         currency=r.currency),
                           source=r.source, reason=r.reason, created_at=r.created_at.isoformat()) for r in refunds],
    )


@router.get("/merchants/{merchant_id}/balance", response=BalancesOut, auth=user_auth)
def balance(request: HttpRequest, merchant_id: str) -> BalancesOut:
    rows = selectors.balances(merchant_id, request.auth)  # type: ignore[attr-defined]
    return BalancesOut(merchant_id=merchant_id, items=[
        BalanceOut(currency=b.currency, held_in_escrow=MoneyOut.of(b.held_in_escrow), frozen=MoneyOut.of(b.frozen),
                   available=MoneyOut.of(b.available), paid_out=MoneyOut.of(b.paid_out)) for b in rows])


@router.post("/merchants/{merchant_id}/payouts", response={201: PayoutOut}, auth=user_auth)
def payout_create(request: HttpRequest, merchant_id: str, payload: PayoutIn) -> object:
    def work() -> Status[PayoutOut]:
        p = services.payout_request(merchant_id=merchant_id, amount=payload.amount.to_money(),
                                    actor=request.auth)  # type: ignore[attr-defined]
        return Status(201, PayoutOut(id=p.id, amount=MoneyOut(amount=f"{p.amount:.2f}", currency=p.currency),
                                     status=p.status, created_at=p.created_at.isoformat()))

    return respond_once(request, payload, work)


@router.get("/merchants/{merchant_id}/payouts", response=dict[str, list[PayoutOut]], auth=user_auth)
def payout_list(request: HttpRequest, merchant_id: str) -> dict[str, list[PayoutOut]]:
    rows = selectors.payouts_of(merchant_id, request.auth)  # type: ignore[attr-defined]
    return {"items": [PayoutOut(id=p.id, amount=MoneyOut(amount=f"{p.amount:.2f}", currency=p.currency),
                                status=p.status, created_at=p.created_at.isoformat()) for p in rows]}
