"""Identity HTTP endpoints: register, sign in, refresh, revoke."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import EmailStr, Field

from mercato.shared.api_auth import user_auth
from mercato.shared.api_types import line

from . import services

router = Router(tags=["identity"])


class RegisterIn(Schema):
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=8, max_length=128)
    name: line(100)  # type: ignore[valid-type]


class RegisterOut(Schema):
    id: str
    email: str
    name: str
    token: str
    refresh_token: str


class SignInIn(Schema):
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=1, max_length=128)
    cart_id: str | None = Field(None, max_length=32)


class TokenOut(Schema):
    token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


class RefreshIn(Schema):
    refresh_token: str = Field(min_length=10, max_length=2000)


class RevokeIn(Schema):
    refresh_token: str | None = Field(None, max_length=2000)


@router.post("/auth/register", response={201: RegisterOut}, auth=None)
def register(request: HttpRequest, payload: RegisterIn) -> Status[RegisterOut]:
    user = services.user_register(email=payload.email, password=payload.password, name=payload.name)
    pair = services.tokens_issue_for(user)
    return Status(201, RegisterOut(id=user.id, email=user.email, name=user.name, token=pair.token,
                                   refresh_token=pair.refresh_token))


@router.post("/auth/token", response=TokenOut, auth=None)
def sign_in(request: HttpRequest, payload: SignInIn) -> TokenOut:
    pair = services.tokens_sign_in(email=payload.email, password=payload.password, guest_cart_id=payload.cart_id)
    return TokenOut(token=pair.token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/auth/refresh", response=TokenOut, auth=None)
def refresh(request: HttpRequest, payload: RefreshIn) -> TokenOut:
    pair = services.tokens_refresh(refresh_token=payload.refresh_token)
    return TokenOut(token=pair.token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/auth/revoke", response={204: None}, auth=user_auth)
def revoke(request: HttpRequest, payload: RevokeIn) -> Status[None]:
    access = request.headers.get("Authorization", "").partition(" ")[2].strip()
    services.tokens_revoke(refresh_token=payload.refresh_token, access_token=access,
                           user_id=request.auth.user_id)  # type: ignore[attr-defined]
    return Status(204, None)
