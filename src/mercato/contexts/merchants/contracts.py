"""What crosses the merchants wall."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MerchantView:
    id: str
    name: str
    contact_email: str
    status: str
    created_at: str


@dataclass(frozen=True)
class MembershipView:
    merchant_id: str
    role: str
    merchant_status: str

    @property
    def can_sell(self) -> bool:
        return self.merchant_status == "active"
