"""Bearer authentication for the API: tokens are verified from their signature alone (no database read)."""

from __future__ import annotations

from django.http import HttpRequest

from . import tokens
from .actor import ANONYMOUS, Actor
from .errors import Forbidden, Unauthenticated


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("use 'Authorization: Bearer <token>'")
    return token.strip()


def user_auth(request: HttpRequest) -> Actor:
    """A signed-in user (shopper, merchant staff or operator)."""
    token = _bearer(request)
    if token is None:
        raise Unauthenticated("sign in first: POST /api/v1/auth/token")
    return tokens.actor_from_access_token(token)


def operator_auth(request: HttpRequest) -> Actor:
    actor = user_auth(request)
    if not actor.is_operator:
        raise Forbidden("only platform operators may do this")
    return actor


def payer_auth(request: HttpRequest) -> Actor:
    """A signed-in user or a guest holding a checkout-scoped token."""
    token = _bearer(request)
    if token is None:
        raise Unauthenticated("sign in, or use the guest_token your checkout returned")
    return tokens.actor_from_any(token)


def optional_auth(request: HttpRequest) -> Actor:
    """Anyone: anonymous without a header, but a header that is present must be valid."""
    token = _bearer(request)
    if token is None:
        return ANONYMOUS
    return tokens.actor_from_any(token)


def user_auth_revocation_deferred(request: HttpRequest) -> Actor:
    """A signed-in user whose token's revocation the endpoint checks itself (`request.token_id`), so that a
    refusal it can give without any I/O (e.g. a sold-out flash sale) costs no round trip."""
    token = _bearer(request)
    if token is None:
        raise Unauthenticated("sign in first: POST /api/v1/auth/token")
    actor, token_id = tokens.actor_and_token_id(token)
    request.token_id = token_id  # type: ignore[attr-defined]
    return actor
