"""EPC URNs and GS1 Digital Link URIs in the one form the CBV 2.0 event hash accepts.

The same object may be named as an EPC URN (urn:epc:id:sgtin:0614141.107346.2017), on a brand's own Digital Link
domain, with short names (/gtin/...) or a query string. Hash rules 17 and 18 make them one string: the constrained
canonical Digital Link URI on https://id.gs1.org carrying only the most fine-grained key (and qualifier) of the list
below. EPC URN → GS1 key translation follows the GS1 EPC Tag Data Standard; check digits are computed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final
from urllib.parse import quote, unquote

CANONICAL_DL_ROOT: Final = "https://id.gs1.org"

_SHORT_NAMES: Final = {
    "sscc": "00", "gtin": "01", "lot": "10", "ser": "21", "cpv": "22", "tpx": "235", "gdti": "253", "glnx": "254",
    "gcn": "255", "ginc": "401", "gsin": "402", "gln": "414", "party": "417", "grai": "8003", "giai": "8004",
    "itip": "8006", "cpid": "8010", "cpsn": "8011", "gmn": "8013", "gsrnp": "8017", "gsrn": "8018", "srin": "8019",
}  # fmt: skip
"""GS1 Digital Link 1.x short names, accepted on input only: the canonical form is numeric."""

_PRIMARY_KEY_FORMATS: Final = {
    "00": r"\d{18}", "01": r"\d{14}", "253": r"\d{13}.{0,17}", "255": r"\d{13}\d{0,12}", "401": r".{1,30}",
    "402": r"\d{17}", "414": r"\d{13}", "417": r"\d{13}", "8003": r"0\d{13}.{0,16}", "8004": r".{1,30}",
    "8006": r"\d{18}", "8010": r".{1,30}", "8013": r".{1,25}", "8017": r"\d{18}", "8018": r"\d{18}",
}  # fmt: skip
"""Value formats (GS1 syntax dictionary) of the Digital Link primary keys: a path breaking them is no Digital Link."""

_QUALIFIERS: Final = {
    "01": ("22", "10", "21", "235"), "414": ("254", "7040"), "417": ("7040",), "8004": ("7040",),
    "8006": ("22", "10", "21"), "8010": ("8011",), "8017": ("8019",), "8018": ("8019",),
}  # fmt: skip

_KEPT_QUALIFIER: Final = {"01": ("21", "235", "10"), "8006": ("21", "10"), "414": ("254",), "8010": ("8011",)}
"""Per primary key, the one qualifier the hash keeps (first present wins): 01 21 / 01 235 / 01 10, 8006 21 /
8006 10, 414 254, 8010 8011. Every other qualifier is dropped, as are keys outside this list (GMN 8013 included)."""

_HASHABLE_KEYS: Final = frozenset(_PRIMARY_KEY_FORMATS) - {"8013"}

_DL_SAFE: Final = "'"
"""Besides RFC 3986 unreserved characters, the apostrophe stays unescaped in canonical values, as the reference
vectors show (a UPUI serial "…j7'SDB" keeps its quote while ')' and '*' are escaped)."""

_DL_URI: Final = re.compile(r"^https?://[^/?#]+(/[^?#]*)(?:[?#].*)?$", re.IGNORECASE)


def _gs1_check_digit(digits: str) -> str:
    """GS1 mod-10 check digit of a digit string (weights 3,1,3,… from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def _with_check(digits: str) -> str:
    return digits + _gs1_check_digit(digits)


def _dl_encode(value: str) -> str:
    return quote(value, safe=_DL_SAFE)


def _dl_uri(*pairs: tuple[str, str]) -> str:
    return CANONICAL_DL_ROOT + "".join(f"/{ai}/{_dl_encode(value)}" for ai, value in pairs)


def _numeric(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _digits(*parts: str, total: int) -> bool:
    """All parts numeric (an empty part allowed, as in 'urn:epc:id:gdti:987659999999..9') and `total` digits long."""
    return all(part == "" or _numeric(part) for part in parts) and sum(map(len, parts)) == total


def _gtin(company: str, item: str) -> str | None:
    """GTIN-14 from an EPC company prefix and indicator+item reference (the indicator digit moves to the front)."""
    return _with_check(item[0] + company + item[1:]) if item and _digits(company, item, total=13) else None


def _sgtin(p: list[str]) -> str | None:
    gtin = _gtin(p[0], p[1])
    return _dl_uri(("01", gtin), ("21", p[2])) if gtin and p[2] else None


def _sscc(p: list[str]) -> str | None:
    ok = p[1] and _digits(p[0], p[1], total=17)
    return _dl_uri(("00", _with_check(p[1][0] + p[0] + p[1][1:]))) if ok else None


def _sgln(p: list[str]) -> str | None:
    if not _digits(p[0], p[1], total=12):
        return None
    gln = ("414", _with_check(p[0] + p[1]))
    return _dl_uri(gln) if p[2] in ("", "0") else _dl_uri(gln, ("254", p[2]))


def _grai(p: list[str]) -> str | None:
    return _dl_uri(("8003", "0" + _with_check(p[0] + p[1]) + p[2])) if _digits(p[0], p[1], total=12) else None


def _checked_key(ai: str, total: int) -> Callable[[list[str]], str | None]:
    """Keys made of company prefix + reference + check digit (+ optional serial): GDTI, SGCN, GSRN(P), GSIN, PGLN."""

    def build(p: list[str]) -> str | None:
        serial = p[2] if len(p) > 2 else ""
        return _dl_uri((ai, _with_check(p[0] + p[1]) + serial)) if _digits(p[0], p[1], total=total) else None

    return build


def _plain_key(ai: str) -> Callable[[list[str]], str | None]:
    """Keys made of company prefix + free-text reference: GIAI, GINC."""
    return lambda p: _dl_uri((ai, p[0] + p[1])) if _numeric(p[0]) and p[1] else None


def _cpi(p: list[str]) -> str | None:
    if not (_numeric(p[0]) and p[1]):
        return None
    return _dl_uri(("8010", p[0] + p[1]), ("8011", p[2])) if p[2] else _dl_uri(("8010", p[0] + p[1]))


def _itip(p: list[str]) -> str | None:
    gtin = _gtin(p[0], p[1])
    if not (gtin and _digits(p[2], p[3], total=4)):
        return None
    itip = ("8006", gtin + p[2] + p[3])
    return _dl_uri(itip, ("21", p[4])) if p[4] else _dl_uri(itip)


def _upui(p: list[str]) -> str | None:
    gtin = _gtin(p[0], p[1])
    return gtin and (_dl_uri(("01", gtin), ("235", p[2])) if p[2] else _dl_uri(("01", gtin)))


def _lgtin(p: list[str]) -> str | None:
    gtin = _gtin(p[0], p[1])
    return gtin and _dl_uri(("01", gtin), ("10", p[2]))


def _gtin_class(p: list[str]) -> str | None:
    gtin = _gtin(p[0], p[1])
    return gtin and _dl_uri(("01", gtin))


_Builder = Callable[[list[str]], str | None]

_EPC_SCHEMES: Final[dict[str, tuple[int, _Builder]]] = {
    "id:sgtin": (3, _sgtin), "id:sscc": (2, _sscc), "id:sgln": (3, _sgln), "id:grai": (3, _grai),
    "id:giai": (2, _plain_key("8004")), "id:gsrn": (2, _checked_key("8018", 17)),
    "id:gsrnp": (2, _checked_key("8017", 17)), "id:gdti": (3, _checked_key("253", 12)), "id:cpi": (3, _cpi),
    "id:sgcn": (3, _checked_key("255", 12)), "id:ginc": (2, _plain_key("401")),
    "id:gsin": (2, _checked_key("402", 16)), "id:itip": (5, _itip), "id:upui": (3, _upui),
    "id:pgln": (2, _checked_key("417", 12)), "class:lgtin": (3, _lgtin),
    "idpat:sgtin": (3, _gtin_class), "idpat:upui": (3, _gtin_class), "idpat:sgln": (3, _sgln),
    "idpat:grai": (3, _grai), "idpat:gdti": (3, _checked_key("253", 12)), "idpat:sgcn": (3, _checked_key("255", 12)),
    "idpat:cpi": (3, _cpi), "idpat:itip": (5, _itip),
}  # fmt: skip
"""EPC scheme → (number of dot-separated parts, builder). Pattern URNs keep only their class part: the '*'
component becomes empty and the builder leaves the serial out."""


def epc_urn_to_digital_link(urn: str) -> str | None:
    """Canonical Digital Link URI of an EPC pure-identity, class or pattern URN, or None if it has no GS1 key form."""
    head, _, body = urn.partition(":epc:")
    if head.lower() != "urn" or not body:
        return None
    kind, _, rest = body.partition(":")
    scheme, _, value = rest.partition(":")
    spec = _EPC_SCHEMES.get(f"{kind.lower()}:{scheme.lower()}")
    if spec is None:
        return None
    count, build = spec
    parts = value.split(".", count - 1)
    if len(parts) != count:
        return None
    if kind.lower() == "idpat":
        if parts[-1] != "*" or "*" in "".join(parts[:-1]):
            return None
        parts[-1] = ""
    return build([unquote(part) for part in parts])


def constrain_digital_link(uri: str) -> str | None:
    """The constrained canonical form of a GS1 Digital Link URI (any domain, short names, query), or None if `uri`
    is no Digital Link naming one of the keys the hash accepts."""
    match = _DL_URI.match(uri.strip())
    if match is None:
        return None
    segments = match.group(1).split("/")[1:]
    if segments and segments[-1] == "":
        segments.pop()
    for start, segment in enumerate(segments):
        primary = _SHORT_NAMES.get(segment, segment)
        if primary in _PRIMARY_KEY_FORMATS and (len(segments) - start) % 2 == 0:
            pairs = _key_pairs(segments[start:])
            if pairs is not None:
                return _constrained(pairs)
    return None


def _key_pairs(segments: list[str]) -> list[tuple[str, str]] | None:
    """(AI, decoded value) pairs of a primary key and its qualifiers, or None if the path breaks the key's rules."""
    keys_and_values = zip(segments[::2], segments[1::2], strict=True)
    pairs = [(_SHORT_NAMES.get(ai, ai), unquote(value)) for ai, value in keys_and_values]
    primary, value = pairs[0]
    if primary == "01" and len(value) in (8, 12, 13) and value.isdigit():
        pairs[0] = (primary, value.zfill(14))
    if not re.fullmatch(_PRIMARY_KEY_FORMATS[primary], pairs[0][1], re.DOTALL):
        return None
    allowed = _QUALIFIERS.get(primary, ())
    if any(ai not in allowed or not qualifier for ai, qualifier in pairs[1:]):
        return None
    return pairs


def _constrained(pairs: list[tuple[str, str]]) -> str | None:
    primary = pairs[0]
    if primary[0] not in _HASHABLE_KEYS:
        return None
    qualifiers = dict(pairs[1:])
    for ai in _KEPT_QUALIFIER.get(primary[0], ()):
        if ai in qualifiers:
            return _dl_uri(primary, (ai, qualifiers[ai]))
    return _dl_uri(primary)


def canonical_gs1_identifier(value: str) -> str:
    """`value` as the hash's canonical GS1 Digital Link URI when it is an EPC URN or a Digital Link, else unchanged."""
    if value[:4].lower() == "urn:":
        return epc_urn_to_digital_link(value) or value
    if value[:4].lower() == "http":
        return constrain_digital_link(value) or value
    return value
