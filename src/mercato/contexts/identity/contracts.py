"""What crosses identity's wall."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserView:
    id: str
    email: str
    name: str
    is_operator: bool


@dataclass(frozen=True)
class TokenPair:
    token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class AddressData:
    name: str
    phone: str
    country: str
    region: str
    city: str
    district: str
    line1: str
    postal_code: str
