"""Merchant commands: apply, admit, suspend, invite staff, set commission."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from mercato.contexts.identity import public as identity
from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed

from .contracts import MerchantView
from .domain.application import validate_application
from .domain.merchant_status import MerchantStatus, StaffRole, ensure_transition
from .events import MerchantStatusChanged
from .models import CommissionRate, Membership, Merchant, MerchantStatusChange
from .selectors import merchant_view


@transaction.atomic
def merchant_apply(*, name: str, contact_email: str, business_license: str, actor: Actor) -> MerchantView:
    """A user applies to sell; they become the owner of the pending merchant."""
    if not actor.user_id:
        raise Forbidden("sign in to apply as a merchant")
    validate_application(name=name, contact_email=contact_email, business_license=business_license)
    if Membership.objects.filter(user_id=actor.user_id).exists():
        raise Conflict("you already belong to a merchant")
    now = clock.now()
    merchant = Merchant.objects.create(
        name=name, contact_email=contact_email, business_license=business_license,
        created_at=now, status_changed_at=now,
    )
    try:
        with transaction.atomic():
            Membership.objects.create(merchant=merchant, user_id=actor.user_id, role=StaffRole.OWNER, created_at=now)
    except IntegrityError:
        raise Conflict("you already belong to a merchant") from None
    MerchantStatusChange.objects.create(merchant=merchant, status=merchant.status, actor=actor.label, at=now)
    return merchant_view(merchant)


@transaction.atomic
def merchant_set_status(*, merchant_id: str, status: MerchantStatus, actor: Actor) -> MerchantView:
    if not actor.is_operator:
        raise Forbidden("only operators admit or suspend merchants")
    merchant = Merchant.objects.select_for_update().filter(pk=merchant_id).first()
    if merchant is None:
        raise NotFound.of("merchant", merchant_id)
    ensure_transition(MerchantStatus(merchant.status), status)
    merchant.status = status
    merchant.status_changed_at = clock.now()
    merchant.save(update_fields=["status", "status_changed_at"])
    MerchantStatusChange.objects.create(merchant=merchant, status=status, actor=actor.label, at=clock.now())
    events.publish(MerchantStatusChanged(merchant_id=merchant.id, status=status))
    return merchant_view(merchant)


@transaction.atomic
def staff_invite(*, merchant_id: str, email: str, role: StaffRole, actor: Actor) -> dict[str, str]:
    owner = Membership.objects.filter(user_id=actor.user_id, merchant_id=merchant_id).first()
    if owner is None and not actor.is_operator:
        raise NotFound.of("merchant", merchant_id)
    if owner is not None and owner.role != StaffRole.OWNER:
        raise Forbidden("only the merchant's owner invites staff")
    user_id = identity.user_id_by_email(email)
    if user_id is None:
        raise ValidationFailed.on("email", "no account uses this email; ask them to register first")
    if Membership.objects.filter(user_id=user_id).exists():
        raise Conflict("this user already belongs to a merchant")
    Membership.objects.create(merchant_id=merchant_id, user_id=user_id, role=role, created_at=clock.now())
    return {"merchant_id": merchant_id, "user_id": user_id, "role": str(role)}


@transaction.atomic
def commission_rate_set(
    *, rate: Decimal, merchant_id: str | None, category_id: str | None, actor: Actor
) -> None:
    if not actor.is_operator:
        raise Forbidden("only operators set commission rates")
    if not Decimal(0) <= rate <= Decimal(1):
        raise ValidationFailed.on("rate", "must be between 0 and 1 (e.g. 0.05 for 5%)")
    if merchant_id and not Merchant.objects.filter(pk=merchant_id).exists():
        raise NotFound.of("merchant", merchant_id)
    updated = CommissionRate.objects.filter(merchant_id=merchant_id, category_id=category_id).update(rate=rate)
    if not updated:
        CommissionRate.objects.create(merchant_id=merchant_id, category_id=category_id, rate=rate)


def merchant_lock(merchant_id: str) -> None:
    """Serialise money operations of one merchant (payouts) on its row."""
    if not Merchant.objects.select_for_update().filter(pk=merchant_id).exists():
        raise NotFound.of("merchant", merchant_id)
