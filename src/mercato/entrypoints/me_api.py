"""`/me`: who the caller is, composed from identity and merchants (the composition root may import both)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from mercato.contexts.identity import public as identity
from mercato.contexts.merchants import public as merchants
from mercato.shared.api_auth import user_auth

router = Router(tags=["identity"])


class MeOut(Schema):
    id: str
    email: str
    name: str
    roles: list[str]
    merchant_id: str | None
    merchant_role: str | None


@router.get("/me", response=MeOut, auth=user_auth)
def me(request: HttpRequest) -> MeOut:
    actor = request.auth  # type: ignore[attr-defined]
    user = identity.user_get(actor.user_id)
    membership = merchants.membership_for(actor.user_id)
    roles = ["shopper"]
    if membership:
        roles.append("merchant_staff")
    if user.is_operator:
        roles.append("operator")
    return MeOut(id=user.id, email=user.email, name=user.name, roles=roles,
                 merchant_id=membership.merchant_id if membership else None,
                 merchant_role=membership.role if membership else None)
