"""Merchant queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from mercato.shared.errors import NotFound

from .contracts import MembershipView, MerchantView
from .domain.commission import resolve_rate
from .models import CommissionRate, Membership, Merchant


def merchant_view(merchant: Merchant) -> MerchantView:
    return MerchantView(id=merchant.id, name=merchant.name, contact_email=merchant.contact_email,
                        status=merchant.status, created_at=merchant.created_at.isoformat())


def merchant_get(merchant_id: str) -> MerchantView:
    merchant = Merchant.objects.filter(pk=merchant_id).first()
    if merchant is None:
        raise NotFound.of("merchant", merchant_id)
    return merchant_view(merchant)


def merchant_names(merchant_ids: Iterable[str]) -> dict[str, str]:
    return dict(Merchant.objects.filter(pk__in=set(merchant_ids)).values_list("id", "name"))


def membership_for(user_id: str | None) -> MembershipView | None:
    if not user_id:
        return None
    row = Membership.objects.filter(user_id=user_id).select_related("merchant").first()
    if row is None:
        return None
    return MembershipView(merchant_id=row.merchant_id, role=row.role, merchant_status=row.merchant.status)


def active_merchant_ids() -> set[str]:
    return set(Merchant.objects.filter(status="active").values_list("id", flat=True))


def commission_rates_for(lines: Sequence[tuple[str, Sequence[str]]]) -> list[Decimal]:
    """One rate per (merchant_id, category_chain), in one query."""
    merchants = {m for m, _ in lines}
    categories = {c for _, chain in lines for c in chain}
    rows = CommissionRate.objects.filter(
        (Q(merchant_id__in=merchants) | Q(merchant__isnull=True))
        & (Q(category_id__in=categories) | Q(category_id__isnull=True))
    ).values_list("merchant_id", "category_id", "rate")
    table: dict[tuple[str | None, str | None], Decimal] = {(m, c): r for m, c, r in rows}
    default = Decimal(settings.MERCATO_DEFAULT_COMMISSION)
    return [resolve_rate(table, merchant_id=m, category_chain=chain, default=default) for m, chain in lines]


def staff_membership(actor_user_id: str | None, *, must_sell: bool = False) -> MembershipView:
    """The caller's merchant membership, or Forbidden; ``must_sell`` also requires an active merchant."""
    from mercato.shared.errors import Forbidden

    membership = membership_for(actor_user_id)
    if membership is None:
        raise Forbidden("only merchant staff may do this")
    if must_sell and not membership.can_sell:
        raise Forbidden(f"your merchant is {membership.merchant_status}; only active merchants can sell")
    return membership
