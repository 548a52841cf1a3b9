"""Which language a message is in, decided by its script (no model needed for Chinese versus English)."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """"zh" when Han characters carry the message, else "en".

    Shoppers mix scripts ("我的order到哪了", "iPhone 15 能用吗"): two Han characters, or one that is not
    drowned in Latin letters, make the message Chinese; brand names alone do not make it English.
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if han >= 2 or (han == 1 and han * 4 >= latin):
        return "zh"
    return "en"
