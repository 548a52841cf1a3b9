"""Which order the shopper means: an order number in the text, or a position in the list we offered
("the second one", "第二个", "2", "last one")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

ORDER_NUMBER: Final = re.compile(r"(?<!\d)(20\d{6}-?\d{10})(?!\d)")
_EN_ORDINALS: Final = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                       "fifth": 5, "5th": 5, "last": -1, "latest": 1, "newest": 1, "most recent": 1}
_ZH_NUMERALS: Final = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_ZH_ORDINAL: Final = re.compile(r"第\s*([一二两三四五1-5])\s*(?:个|笔|单|项|张)?")
_EN_ORDINAL: Final = re.compile(r"\b(" + "|".join(sorted(_EN_ORDINALS, key=len, reverse=True)) + r")\b")
_BARE_NUMBER: Final = re.compile(r"^\s*(?:no\.?|number|#)?\s*([1-5])\s*[.)]?\s*$", re.IGNORECASE)


def order_numbers_in(text: str) -> tuple[str, ...]:
    """Order numbers (local date + 10 digits) written in the text, dashes removed."""
    return tuple(m.replace("-", "") for m in ORDER_NUMBER.findall(text))


def ordinal_in(text: str) -> int | None:
    """A 1-based position, -1 for "the last one", or None."""
    lowered = text.lower()
    if m := _ZH_ORDINAL.search(text):
        return _ZH_NUMERALS[m.group(1)]
    if "最后" in text or "最近" in text or "最新" in text:
        return -1 if "最后" in text else 1
    if m := _EN_ORDINAL.search(lowered):
        return _EN_ORDINALS[m.group(1)]
    if m := _BARE_NUMBER.match(text):
        return int(m.group(1))
    return None


def pick(candidates: Sequence[str], ordinal: int | None) -> str | None:
    """The candidate at that position, if there is one."""
    if ordinal is None or not candidates:
        return None
    if ordinal == -1:
        return candidates[-1]
    return candidates[ordinal - 1] if 1 <= ordinal <= len(candidates) else None
