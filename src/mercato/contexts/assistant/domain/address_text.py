"""A new shipping address typed into the chat: name, phone, province, city, district, street, postal code,
separated by commas (either width) or new lines; the district may be left out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_SEPARATORS: Final = re.compile(r"\s*[,，;；\n]\s*")
_PHONE: Final = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")
_POSTAL: Final = re.compile(r"^[0-9A-Za-z \-]{3,10}$")


@dataclass(frozen=True)
class TypedAddress:
    name: str
    phone: str
    region: str
    city: str
    district: str
    line1: str
    postal_code: str
    country: str = "CN"


def parse_address(text: str) -> TypedAddress | None:
    """The address, or None when the text does not read as one (so the chat can ask again)."""
    parts = [p for p in _SEPARATORS.split(text.strip()) if p]
    if len(parts) == 6:
        parts.insert(4, "")
    if len(parts) != 7 or any(len(p) > 120 for p in parts):
        return None
    name, phone, region, city, district, line1, postal_code = parts
    if not _PHONE.match(phone) or not _POSTAL.match(postal_code) or not line1 or not name:
        return None
    return TypedAddress(name=name, phone=phone, region=region, city=city, district=district, line1=line1,
                        postal_code=postal_code)
