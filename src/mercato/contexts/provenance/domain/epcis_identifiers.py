"""Shape checks for the identifiers EPCIS events carry: EPC pure-identity URNs and GS1 Digital Link URIs.

A malformed key would still be "a URI", so the JSON schema lets it through; but a trace built on it can never be
joined to the product it names. We check the EPC URN grammar of the GS1 Tag Data Standard (component counts,
company-prefix digit totals, serial character set) and, for Digital Link URIs, the primary key's length and
mod-10 check digit. Other absolute URIs are accepted as the standard allows (private identifiers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal
from urllib.parse import unquote, urlsplit

IdentifierLevel = Literal["instance", "class", "any"]

_GS3A3 = r"(?:[A-Za-z0-9!'()*+,\-.:;=_]|%[0-9A-Fa-f]{2})"
_DIGITS = r"[0-9]+"


def _serial(maximum: int) -> str:
    return rf"{_GS3A3}{{1,{maximum}}}"


# scheme -> (regex of each "."-separated component, digits the first two components must total (0: no rule))
_Grammar = tuple[tuple[str, ...], int]
_EPC_SCHEMES: Mapping[str, _Grammar] = {
    "sgtin": ((_DIGITS, _DIGITS, _serial(20)), 13),
    "sscc": ((_DIGITS, _DIGITS), 17),
    "sgln": ((_DIGITS, r"[0-9]*", _serial(20)), 12),
    "grai": ((_DIGITS, r"[0-9]*", _serial(16)), 12),
    "giai": ((_DIGITS, _serial(24)), 0),
    "gsrn": ((_DIGITS, _DIGITS), 17),
    "gsrnp": ((_DIGITS, _DIGITS), 17),
    "gdti": ((_DIGITS, r"[0-9]*", _serial(17)), 12),
    "cpi": ((_DIGITS, r"(?:[0-9A-Z\-]|%2[3dDfF])+", r"[0-9]{1,12}"), 0),
    "sgcn": ((_DIGITS, r"[0-9]*", r"[0-9]{1,12}"), 12),
    "ginc": ((_DIGITS, _serial(24)), 0),
    "gsin": ((_DIGITS, _DIGITS), 16),
    "itip": ((_DIGITS, _DIGITS, r"[0-9]{2}", r"[0-9]{2}", _serial(20)), 13),
    "upui": ((_DIGITS, _DIGITS, _serial(28)), 13),
    "pgln": ((_DIGITS, r"[0-9]*"), 12),
    "gid": ((_DIGITS, _DIGITS, _DIGITS), 0),
}
_CLASS_SCHEMES: Mapping[str, _Grammar] = {"lgtin": ((_DIGITS, _DIGITS, _serial(20)), 13)}
# Non-GS1 EPC schemes (US DoD, aerospace, containers, ships...): only their presence is checked.
_OTHER_EPC_SCHEMES = frozenset({"usdod", "adi", "bic", "imovn"})

# Digital Link primary keys whose value is a fixed-length, mod-10-checked GS1 key. Other keys (GRAI, GIAI, GDTI...)
# are left to a full Digital Link parser: reference data shows GRAIs without the leading "0" or a valid check digit.
_DL_KEYS: Mapping[str, tuple[str, int]] = {"00": ("SSCC", 18), "01": ("GTIN", 14), "414": ("GLN", 13),
                                           "417": ("party GLN", 13)}
_SERIAL_QUALIFIERS = frozenset({"21", "235"})


def gs1_check_digit_ok(digits: str) -> bool:
    """GS1 mod-10: weights 3,1,3,... from the right of the payload; the last digit must complete a multiple of 10."""
    if len(digits) < 2 or not (digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == int(digits[-1])


def identifier_problem(value: str, level: IdentifierLevel) -> str | None:
    """Why an identifier is malformed or of the wrong level (instance vs class), or None if it looks right."""
    if value.startswith("urn:epc:"):
        return _epc_urn_problem(value, level)
    if value.lower().startswith(("https://", "http://")):
        return _digital_link_problem(value, level)
    return None


def _epc_urn_problem(value: str, level: IdentifierLevel) -> str | None:
    kind, _, rest = value[len("urn:epc:"):].partition(":")
    scheme, _, body = rest.partition(":")
    if kind not in ("id", "class", "idpat"):
        return "is not a pure-identity EPC URI (urn:epc:id:, urn:epc:class: or urn:epc:idpat:); tag/raw URIs " \
               "belong to RFID encodings"
    if level == "instance" and kind != "id":
        return "is a class-level identifier where an instance-level EPC is expected"
    if level == "class" and kind == "id":
        return "is an instance-level EPC where a class-level identifier (urn:epc:class:/urn:epc:idpat:) is expected"
    if kind == "id" and scheme in _OTHER_EPC_SCHEMES:
        return None if body else "has an empty EPC"
    grammar = (_CLASS_SCHEMES if kind == "class" else _EPC_SCHEMES).get(scheme)
    if grammar is None:
        return f"uses the unknown EPC scheme '{scheme}' for urn:epc:{kind}:"
    return _components_problem(body, grammar, pattern=kind == "idpat", gs1_prefixed=scheme != "gid")


def _components_problem(body: str, grammar: _Grammar, *, pattern: bool, gs1_prefixed: bool) -> str | None:
    regexes, total = grammar
    parts = body.split(".", len(regexes) - 1)
    if len(parts) != len(regexes):
        return f"should have {len(regexes)} '.'-separated components, not {len(parts)}"
    wildcard = False
    for position, (part, regex) in enumerate(zip(parts, regexes, strict=True)):
        if pattern and part == "*":
            wildcard = True
            continue
        if wildcard:
            return "has a specific component after a '*' wildcard"
        if not re.fullmatch(regex, part):
            return f"has a malformed component {position + 1} ({part!r})"
    if gs1_prefixed and parts[0] != "*" and not 6 <= len(parts[0]) <= 12:
        return f"has a {len(parts[0])}-digit GS1 company prefix (6 to 12 digits)"
    if total and "*" not in parts[:2] and len(parts[0]) + len(parts[1]) != total:
        return f"should have {total} digits in its company prefix and reference, not {len(parts[0]) + len(parts[1])}"
    return None


def _digital_link_problem(value: str, level: IdentifierLevel) -> str | None:
    """Checks the primary key of a GS1 Digital Link URI; URIs without a GS1 key path are ordinary URLs."""
    try:
        url = urlsplit(value)
    except ValueError:
        return "is not a valid URL"
    segments = [unquote(segment) for segment in url.path.split("/")[1:]]
    for position, segment in enumerate(segments[:-1]):
        if segment in _DL_KEYS:
            return _dl_key_problem(segment, segments[position + 1], segments[position + 2:], level)
    return None


def _dl_key_problem(ai: str, key: str, qualifiers: list[str], level: IdentifierLevel) -> str | None:
    name, length = _DL_KEYS[ai]
    if len(key) != length or not (key.isascii() and key.isdigit()):
        return f"has a malformed {name} {key!r} after /{ai}/ ({length} digits expected)"
    if not gs1_check_digit_ok(key):
        return f"has a {name} {key!r} with a wrong check digit"
    if ai == "01":
        serialised = any(qualifier in _SERIAL_QUALIFIERS for qualifier in qualifiers[::2])
        if level == "instance" and not serialised:
            return "is a GTIN without a serial number (/21/), i.e. a class, where an instance is expected"
        if level == "class" and serialised:
            return "is a serialised GTIN (/21/), i.e. an instance, where a class is expected"
    return None
