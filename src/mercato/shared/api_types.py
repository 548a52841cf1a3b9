"""Pydantic types shared by the context routers: clean strings, money, addresses, list envelopes."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field, field_validator

from .money import MINOR_UNITS, Money, MoneyError

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode's Cc (C0, DEL, C1) but tab and newline


def _no_control_chars(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value.strip()


def _single_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise ValueError("must be a single line")
    return value


CleanText = Annotated[str, AfterValidator(_no_control_chars)]


def line(max_length: int, min_length: int = 1) -> Any:
    """A required single-line string without control characters."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(_no_control_chars),
        AfterValidator(_single_line),
    ]


def text(max_length: int) -> Any:
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_control_chars)]


class MoneyIn(Schema):
    amount: Decimal = Field(max_digits=14, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3)

    @field_validator("currency")
    @classmethod
    def known_currency(cls, value: str) -> str:
        if value not in MINOR_UNITS:
            raise ValueError(f"unknown currency code {value!r}; use ISO 4217, e.g. CNY")
        return value

    @field_validator("amount", mode="before")
    @classmethod
    def not_float(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError("send the amount as a decimal string, e.g. \"12.50\"")
        return value

    def to_money(self) -> Money:
        try:
            return Money.of(self.amount, self.currency)
        except MoneyError as exc:
            raise ValueError(str(exc)) from exc


class MoneyOut(Schema):
    amount: str
    currency: str

    @classmethod
    def of(cls, money: Money) -> MoneyOut:
        return cls(**money.as_json())


class AddressIn(Schema):
    name: line(100)  # type: ignore[valid-type]
    phone: line(32, 5)  # type: ignore[valid-type]
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, e.g. CN")
    region: line(100, 0) = ""  # type: ignore[valid-type]
    city: line(100)  # type: ignore[valid-type]
    district: line(100, 0) = ""  # type: ignore[valid-type]
    line1: line(200)  # type: ignore[valid-type]
    postal_code: line(20, 0) = ""  # type: ignore[valid-type]


class ListQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=200)
