"""A generated picture for products without an uploaded one: a tile coloured by category, with initials."""

from __future__ import annotations

import hashlib
import unicodedata

from django.utils.html import escape


def _number(text: str, modulo: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % modulo


def _clean(title: str) -> str:
    """One line without control characters (they are not allowed in XML)."""
    return " ".join("".join(ch for ch in title if unicodedata.category(ch) != "Cc").split())


def initials(title: str) -> str:
    """Two characters of a Chinese title, or the first letters of two words of another."""
    title = _clean(title)
    if not title:
        return "?"
    if ord(title[0]) >= 0x2E80:  # CJK and beyond: characters are words
        return title[:2]
    letters = [next((ch for ch in word if ch.isalnum()), "") for word in title.replace("-", " ").split()]
    return "".join(ch for ch in letters if ch)[:2].upper() or title[0]


def _fitted(text: str, width_em: float = 15.5) -> str:
    """Cut the caption to what fits the tile (a CJK character is about 1 em wide, a Latin one about 0.55)."""
    used = 0.0
    for i, ch in enumerate(text):
        used += 1.0 if ord(ch) >= 0x2E80 else 0.55
        if used > width_em:
            return text[:i].rstrip() + "…"
    return text


def placeholder_svg(*, product_id: str, category_id: str, title: str) -> str:
    """Same category, similar hue; every product its own shade. The title is escaped (it is user input)."""
    hue = (_number(category_id, 360) + _number(product_id, 41) - 20) % 360
    label = escape(initials(title))
    caption = escape(_fitted(_clean(title)))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600" role="img" '
        f'aria-label="{caption}">'
        f'<rect width="600" height="600" fill="hsl({hue} 60% 88%)"/>'
        f'<circle cx="300" cy="270" r="150" fill="hsl({hue} 55% 78%)"/>'
        f'<text x="300" y="270" dy="0.35em" text-anchor="middle" font-size="130" font-weight="700" '
        f'font-family="system-ui, \'PingFang SC\', \'Noto Sans CJK SC\', sans-serif" fill="hsl({hue} 60% 24%)">'
        f'{label}</text>'
        f'<text x="300" y="520" text-anchor="middle" font-size="34" '
        f'font-family="system-ui, \'PingFang SC\', \'Noto Sans CJK SC\', sans-serif" fill="hsl({hue} 40% 28%)">'
        f'{caption}</text></svg>'
    )
