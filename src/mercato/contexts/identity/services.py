"""Identity commands: accounts, tokens, personal-data records."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction

from mercato.shared import clock, events, throttle, tokens
from mercato.shared.bulk_insert import insert_rows
from mercato.shared.errors import Conflict, NotFound, Unauthenticated

from .contracts import AddressData, TokenPair, UserView
from .events import UserSignedIn
from .models import Address, Contact, RefreshToken, User

# A fixed hash checked when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = make_password("not-a-real-password")


def _view(user: User) -> UserView:
    return UserView(id=user.id, email=user.email, name=user.name, is_operator=user.is_operator)


@transaction.atomic
def user_register(*, email: str, password: str, name: str, is_operator: bool = False) -> UserView:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise Conflict(f"an account with {email} already exists")
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, password, name=name, is_operator=is_operator,
                                            is_staff=is_operator, is_superuser=is_operator)
    except IntegrityError:
        raise Conflict(f"an account with {email} already exists") from None
    return _view(user)


def tokens_issue_for(user: UserView) -> TokenPair:
    access, _, _ = tokens.issue(
        {"sub": user.id, "op": user.is_operator},
        ttl=timedelta(minutes=settings.MERCATO_ACCESS_TOKEN_MINUTES), kind="access",
    )
    refresh, jti, exp = tokens.issue(
        {"sub": user.id}, ttl=timedelta(days=settings.MERCATO_REFRESH_TOKEN_DAYS), kind="refresh"
    )
    RefreshToken.objects.create(jti=jti, user_id=user.id, expires_at=datetime.fromtimestamp(exp, UTC))
    return TokenPair(token=access, refresh_token=refresh, expires_in=settings.MERCATO_ACCESS_TOKEN_MINUTES * 60)


FAILED_SIGN_INS_PER_EMAIL = 10  # per 15 minutes, then 429: password guessing gets slow
SIGN_IN_WINDOW_SECONDS = 15 * 60


@transaction.atomic
def tokens_sign_in(*, email: str, password: str, guest_cart_id: str | None = None) -> TokenPair:
    email = email.strip().lower()
    throttle.check("sign-in", email, limit=FAILED_SIGN_INS_PER_EMAIL, window_seconds=SIGN_IN_WINDOW_SECONDS)
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        check_password(password, _DUMMY_HASH)
    if user is None or not user.check_password(password):
        throttle.hit("sign-in", email, limit=FAILED_SIGN_INS_PER_EMAIL, window_seconds=SIGN_IN_WINDOW_SECONDS)
        raise Unauthenticated("wrong email or password")
    pair = tokens_issue_for(_view(user))
    events.publish(UserSignedIn(user_id=user.id, guest_cart_id=guest_cart_id))
    return pair


@transaction.atomic
def tokens_refresh(*, refresh_token: str) -> TokenPair:
    """Rotate: the old refresh token is spent, a reused one is refused."""
    claims = tokens.decode(refresh_token, kind="refresh")
    row = RefreshToken.objects.select_for_update().filter(jti=claims["jti"]).select_related("user").first()
    if row is None or row.revoked_at is not None or not row.user.is_active:
        raise Unauthenticated("the refresh token was revoked or already used")
    pair = tokens_issue_for(_view(row.user))
    row.revoked_at = clock.now()
    row.replaced_by = tokens.decode(pair.refresh_token, kind="refresh")["jti"]
    row.save(update_fields=["revoked_at", "replaced_by"])
    return pair


@transaction.atomic
def tokens_revoke(*, refresh_token: str | None, access_token: str | None, user_id: str) -> None:
    if refresh_token:
        claims = tokens.decode(refresh_token, kind="refresh")
        if claims.get("sub") != user_id:
            raise NotFound.of("refresh token", "given")
        RefreshToken.objects.filter(jti=claims["jti"], revoked_at__isnull=True).update(revoked_at=clock.now())
    if access_token:
        claims = tokens.decode(access_token, kind="access")
        tokens.revoke_jti(claims["jti"], int(claims["exp"]))


def contact_create(*, email: str, user_id: str | None = None) -> str:
    return str(Contact.objects.create(email=email.strip().lower(), user_id=user_id).id)


def address_create(*, data: AddressData, user_id: str | None = None) -> str:
    """Store an address; orders keep only the returned id."""
    return str(Address.objects.create(user_id=user_id, **dataclasses.asdict(data)).id)


def addresses_create_many(items: Sequence[tuple[AddressData, str | None]]) -> list[str]:
    """Store many (address, user id) pairs in one statement; returns their ids in order."""
    rows = [Address(user_id=user_id, **vars(data)) for data, user_id in items]  # flat: no deep copy
    insert_rows(Address, rows)
    return [str(r.id) for r in rows]
