"""Signed, short-lived bearer tokens (JWT, HS256): verified without a database read.

Revocation of an access token before it expires is a denylist of token ids in the cache (Redis in
production), checked in memory-speed; refresh tokens are revocable rows owned by identity.
"""

from __future__ import annotations

import functools
import logging
import uuid
from datetime import timedelta
from typing import Any

import jwt
from django.conf import settings
from django.core.cache import cache

from . import clock
from .actor import Actor
from .errors import Unauthenticated

ALGORITHM = "HS256"
log = logging.getLogger(__name__)


def _key() -> str:
    return str(settings.SECRET_KEY)


def issue(claims: dict[str, Any], *, ttl: timedelta, kind: str) -> tuple[str, str, int]:
    """Return (token, jti, expires_at_epoch)."""
    issued = clock.now()
    exp = int((issued + ttl).timestamp())
    jti = uuid.uuid4().hex
    body = {**claims, "typ": kind, "jti": jti, "iat": int(issued.timestamp()), "exp": exp}
    return jwt.encode(body, _key(), algorithm=ALGORITHM), jti, exp


@functools.lru_cache(maxsize=8192)
def _verified_claims(token: str, key: str) -> dict[str, Any]:
    """The claims of a token whose signature checks out, remembered per process: a busy client sends the same
    token with every request (expiry, kind and revocation are still checked on each use; invalid ones are not
    remembered)."""
    claims: dict[str, Any] = jwt.decode(
        token, key, algorithms=[ALGORITHM],
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},  # our clock decides
    )
    return claims


def decode(token: str, *, kind: str, check_revocation: bool = True) -> dict[str, Any]:
    """Verify signature, kind and expiry (and, unless the caller checks it itself, revocation)."""
    try:
        claims = dict(_verified_claims(token, _key()))
    except jwt.PyJWTError as exc:
        raise Unauthenticated("the bearer token is invalid") from exc
    if claims.get("typ") != kind:
        raise Unauthenticated(f"expected {'an' if kind[0] in 'aeiou' else 'a'} {kind} token")
    if int(claims.get("exp", 0)) < clock.now().timestamp():
        raise Unauthenticated("the token has expired; refresh it")
    if check_revocation and is_revoked(str(claims.get("jti"))):
        raise Unauthenticated("the token was revoked")
    return claims


def is_revoked(jti: str) -> bool:
    """While the cache (Redis) is unreachable the denylist cannot be read: tokens stay valid until they expire
    (15 minutes) rather than every request failing; the outage is logged."""
    try:
        return bool(cache.get(f"revoked-jti:{jti}"))
    except Exception as exc:  # the cache backend's connection errors have no common base class
        log.warning("token denylist unavailable, revocation not checked: %s", exc)
        return False


def revocation_key(jti: str) -> str:
    """The cache's own key for a revoked token id, for a Redis script that checks it in the same round trip."""
    return str(cache.make_key(f"revoked-jti:{jti}"))


def revoke_jti(jti: str, exp: int) -> None:
    remaining = max(1, exp - int(clock.now().timestamp()))
    cache.set(f"revoked-jti:{jti}", 1, timeout=remaining)


def actor_from_access_token(token: str) -> Actor:
    claims = decode(token, kind="access")
    return Actor(user_id=claims.get("sub"), is_operator=bool(claims.get("op")))


def actor_and_token_id(token: str) -> tuple[Actor, str]:
    """An access token verified without the revocation lookup: the caller must check `is_revoked(token id)`
    (or `revocation_key`) before acting; a hot path uses this to fold the lookup into its own Redis call."""
    claims = decode(token, kind="access", check_revocation=False)
    return Actor(user_id=claims.get("sub"), is_operator=bool(claims.get("op"))), str(claims.get("jti"))


def actor_from_any(token: str) -> Actor:
    """Accept a user access token or a guest's checkout-scoped token (errors speak of the token given)."""
    try:
        kind = jwt.decode(token, options={"verify_signature": False}).get("typ")
    except jwt.PyJWTError as exc:
        raise Unauthenticated("the bearer token is invalid") from exc
    if kind == "guest":
        return Actor(guest_checkout_id=decode(token, kind="guest").get("chk"))
    return actor_from_access_token(token)
