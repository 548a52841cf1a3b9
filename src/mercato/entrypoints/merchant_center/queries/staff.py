"""The signed-in user's membership and shop in one query (every merchant-center page needs both)."""

from __future__ import annotations

from mercato.contexts.merchants.contracts import MembershipView, MerchantView
from mercato.contexts.merchants.models import Membership
from mercato.contexts.merchants.selectors import merchant_view


def staff_of(user_id: str | None) -> tuple[MembershipView, MerchantView] | None:
    """What merchants' ``membership_for`` and ``merchant_get`` answer, read together."""
    row = Membership.objects.filter(user_id=user_id).select_related("merchant").first() if user_id else None
    if row is None:
        return None
    membership = MembershipView(merchant_id=row.merchant_id, role=row.role, merchant_status=row.merchant.status)
    return membership, merchant_view(row.merchant)
