"""Template filters: money in the reader's locale with the right symbol, texts in the reader's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_currency
from django import template
from django.utils import translation

register = template.Library()
BABEL_LOCALES = {"zh-hans": "zh_Hans_CN", "en": "en_US"}


def _locale() -> str:
    return BABEL_LOCALES.get((translation.get_language() or "zh-hans").lower(), "zh_Hans_CN")


@register.filter
def money(value: Any, currency: str = "") -> str:
    """``{{ price|money }}`` for a Money or {"amount", "currency"}; ``{{ amount|money:"CNY" }}`` for a Decimal."""
    if value is None:
        return ""
    if isinstance(value, dict):
        amount, code = Decimal(value["amount"]), value["currency"]
    elif hasattr(value, "currency"):
        amount, code = value.amount, value.currency
    else:
        amount, code = Decimal(value), currency or "CNY"
    return format_currency(amount, code, locale=_locale())


@register.filter
def tr(texts: Any) -> str:
    """Pick the reader's language from a {language: text} map (zh-Hans, then any)."""
    if not isinstance(texts, dict):
        return str(texts or "")
    language = "en" if (translation.get_language() or "").startswith("en") else "zh-Hans"
    return str(texts.get(language) or texts.get("zh-Hans") or next(iter(texts.values()), ""))
