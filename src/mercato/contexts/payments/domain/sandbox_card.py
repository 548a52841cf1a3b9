"""The sandbox card provider's rules: test card numbers decide the outcome, as documented in API.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SUCCEEDS = "4242424242424242"
DECLINED = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"
REQUIRES_AUTHENTICATION = "4000000000003220"
AUTHENTICATION_CODE = "123456"


@dataclass(frozen=True)
class CardOutcome:
    outcome: str  # "succeeded" | "failed" | "requires_action"
    brand: str
    last4: str
    failure_reason: str | None = None


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def brand_of(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or 2221 <= int(number[:4]) <= 2720:
        return "mastercard"
    if number[:2] in {"34", "37"}:
        return "amex"
    if number.startswith("62"):
        return "unionpay"
    return "unknown"


def charge(number: str, exp_month: int, exp_year: int, today: date) -> CardOutcome:
    """Decide a sandbox charge. The caller has already checked the number's shape and Luhn digit."""
    brand, last4 = brand_of(number), number[-4:]
    if (exp_year, exp_month) < (today.year, today.month):
        return CardOutcome("failed", brand, last4, "expired_card")
    if number == DECLINED:
        return CardOutcome("failed", brand, last4, "card_declined")
    if number == INSUFFICIENT_FUNDS:
        return CardOutcome("failed", brand, last4, "insufficient_funds")
    if number == REQUIRES_AUTHENTICATION:
        return CardOutcome("requires_action", brand, last4)
    return CardOutcome("succeeded", brand, last4)
