"""Entities in a message: order numbers, products, dates, amounts, emails and phone numbers.

Mercato order numbers are the local order date and ten random digits (``YYYYMMDD`` + 10 = 18 digits, see
orders' placement service); a shorter number right after "order"/"订单"/"#" is taken as an order number too.
Amounts keep their exact decimal text (``"299.50 CNY"``), never a float.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Final

from .dates import find_dates
from .product_words import PRODUCT_WORDS
from .spans import Span, settle

_ORDER_NUMBER_RE = re.compile(r"(?<!\d)20\d{16}(?!\d)")
_KEYED_ORDER_RE = re.compile(
    r"(?:order|purchase|订单号?|单号|#)\s*(?:number|no\.?|nr\.?|id)?\s*[#:：]?\s*(\d{6,24})(?!\d)", re.I)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE_RES: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(r"(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)"),   # mainland mobile
    re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),                                     # mainland landline
    re.compile(r"(?<![\w+])\+\d{1,3}[-\s]?\(?\d{1,4}\)?[-\s]?\d{3,4}[-\s]?\d{3,4}(?!\d)"),  # international
    re.compile(r"(?<![\d(])\(?\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}(?!\d)"),                  # North American
)
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_CURRENCY_WORDS: Final[dict[str, str]] = {
    "¥": "CNY", "￥": "CNY", "元": "CNY", "块钱": "CNY", "块": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY",
    "人民币": "CNY", "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "美元": "USD", "美金": "USD", "hk$": "HKD", "hkd": "HKD", "港币": "HKD", "€": "EUR", "eur": "EUR",
    "euro": "EUR", "euros": "EUR", "欧元": "EUR",
}
_PREFIXES = sorted((w for w in _CURRENCY_WORDS if w not in ("元", "块钱", "块", "美金", "dollar", "dollars",
                                                               "bucks", "euro", "euros", "欧元", "yuan")),
                   key=len, reverse=True)
_SUFFIXES = sorted((w for w in _CURRENCY_WORDS if w not in ("¥", "￥", "$", "us$", "hk$", "€")), key=len,
                   reverse=True)
_PREFIX_AMOUNT_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(w) for w in _PREFIXES) + r")\s?" + _NUMBER,
                               re.I)
_SUFFIX_AMOUNT_RE = re.compile(r"(?<![\d.,])" + _NUMBER + r"\s?(" + "|".join(re.escape(w) for w in _SUFFIXES)
                               + r")(?![A-Za-z])", re.I)
_CN_DIGITS: Final[dict[str, int]] = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                                     "七": 7, "八": 8, "九": 9}
_CN_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_AMOUNT_RE = re.compile(r"([零一二两三四五六七八九十百千万]+)\s?(元|块钱|块)")


def find_entities(text: str, *, today: date, products: Iterable[str] = ()) -> list[Span]:
    """Settled, non-overlapping entity spans in reading order."""
    candidates: list[Span] = [*_order_numbers(text), *_emails(text), *_phones(text), *_amounts(text),
                              *find_dates(text, today), *_products(text, products)]
    return merge_adjacent_products(settle(candidates), text)


def amount_value(value: str) -> tuple[Decimal, str]:
    """``"299.50 CNY"`` → ``(Decimal("299.50"), "CNY")``: the caller builds its Money from this."""
    number, currency = value.split(" ")
    return Decimal(number), currency


def _order_numbers(text: str) -> Iterator[Span]:
    for match in _ORDER_NUMBER_RE.finditer(text):
        yield Span("order_number", match.group(), match.start(), match.end(), priority=0)
    for match in _KEYED_ORDER_RE.finditer(text):
        yield Span("order_number", match.group(1), match.start(1), match.end(1), priority=1)


def _emails(text: str) -> Iterator[Span]:
    for match in _EMAIL_RE.finditer(text):
        yield Span("email", match.group(), match.start(), match.end(), priority=0)


def _phones(text: str) -> Iterator[Span]:
    for pattern in _PHONE_RES:
        for match in pattern.finditer(text):
            digits = re.sub(r"[^\d+]", "", match.group())
            yield Span("phone", digits, match.start(), match.end(), priority=2)


def _amounts(text: str) -> Iterator[Span]:
    for match in _PREFIX_AMOUNT_RE.finditer(text):
        yield _amount(match, match.group(2), match.group(1))
    for match in _SUFFIX_AMOUNT_RE.finditer(text):
        yield _amount(match, match.group(1), match.group(2))
    for match in _CN_AMOUNT_RE.finditer(text):
        number = _chinese_number(match.group(1))
        if number is not None:
            yield Span("amount", f"{number} CNY", match.start(), match.end(), priority=3)


def _amount(match: re.Match[str], number: str, currency_word: str) -> Span:
    value = Decimal(number.replace(",", ""))
    return Span("amount", f"{value} {_CURRENCY_WORDS[currency_word.lower()]}", match.start(), match.end(),
                priority=3)


def _chinese_number(text: str) -> int | None:
    """一百五十 → 150, 两千 → 2000, 十五 → 15; None for forms we do not read (e.g. 一五零)."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[char]
        elif char == "万":
            total, section, digit = (total + section + (digit or 0)) * 10000, 0, None
        else:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + section + (digit or 0)


def _products(text: str, gazetteer: Iterable[str]) -> Iterator[Span]:
    """Names the caller knows (its catalogue, the shopper's order lines) first, then generic product words."""
    lowered = text.lower()
    names = tuple(gazetteer)
    if names:
        pattern, canonical = _gazetteer(names)
        for match in pattern.finditer(lowered):
            if not (_latin_glued(match.group()[0], lowered[match.start() - 1:match.start()])
                    or _latin_glued(match.group()[-1], lowered[match.end():match.end() + 1])):
                yield Span("product", canonical[match.group()], match.start(), match.end(), priority=5)
    for word in PRODUCT_WORDS:
        for start, end in _occurrences(lowered, word):
            yield Span("product", text[start:end], start, end, priority=6)


@lru_cache(maxsize=64)
def _gazetteer(names: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One compiled alternation per list of names (longest first), so a whole catalogue costs one scan."""
    canonical = {n.strip().lower(): n.strip() for n in names if n.strip()}
    alternation = "|".join(re.escape(n) for n in sorted(canonical, key=len, reverse=True))
    return re.compile(alternation or r"(?!)"), canonical


def _occurrences(lowered: str, needle: str) -> Iterator[tuple[int, int]]:
    """Where needle occurs; Latin edges must sit on word boundaries ("fan" is not in "fantastic")."""
    start = lowered.find(needle)
    while start >= 0:
        end = start + len(needle)
        if not (_latin_glued(needle[0], lowered[start - 1:start]) or _latin_glued(needle[-1], lowered[end:end + 1])):
            yield start, end
        start = lowered.find(needle, start + 1)


def _latin_glued(edge: str, neighbour: str) -> bool:
    return bool(neighbour) and edge.isascii() and edge.isalnum() and neighbour.isascii() and neighbour.isalnum()


def merge_adjacent_products(spans: list[Span], text: str) -> list[Span]:
    """A brand and the noun right after it ("小米手机", "dyson vacuum") are one product mention."""
    merged: list[Span] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if (previous is not None and span.kind == previous.kind == "product" and previous.priority == span.priority == 6
                and text[previous.end:span.start] in ("", " ")):
            merged[-1] = Span("product", text[previous.start:span.end], previous.start, span.end, priority=6)
        else:
            merged.append(span)
    return merged
