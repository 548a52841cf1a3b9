"""GS1 Digital Link URIs: parse one into GS1 AI data, generate one from AI data, and build Mercato's product links.

A Digital Link is `<stem>/<primary key AI>/<value>[/<qualifier AI>/<value>...][?<attribute AI>=<value>&...]`. Which
AIs are primary keys, which qualifier paths are valid and which AIs may be query attributes all come from the GS1
Barcode Syntax Dictionary (gs1_syntax); only the deprecated convenience alphas (/gtin/, /ser/...) are listed here,
because the dictionary does not carry them. Behaviour follows the GS1 Syntax Engine's reference test vectors.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from .check_digits import mod10_check_digit
from .gs1_syntax import AIDefinition, AIValueError, check_associations, syntax_dictionary, validate_value

CANONICAL_STEM: Final = "https://id.gs1.org"
CONVENIENCE_ALPHAS: Final = {
    "cpid": "8010", "cpsn": "8011", "cpv": "22", "gcn": "255", "gdti": "253", "giai": "8004", "ginc": "401",
    "gln": "414", "glnx": "254", "gmn": "8013", "grai": "8003", "gsin": "402", "gsrn": "8018", "gsrnp": "8017",
    "gtin": "01", "itip": "8006", "lot": "10", "party": "417", "refno": "8020", "ser": "21", "srin": "8019",
    "sscc": "00",
}  # fmt: skip
"""Deprecated short names GS1 Digital Link 1.0 allowed in place of numeric AIs (accepted only on request)."""

_URI_CHARACTERS: Final = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_BAD_DOMAIN_CHARACTERS: Final = frozenset("_~?#@!$&'()*+,;=%")
_UNRESERVED: Final = frozenset(string.ascii_letters + string.digits + "-._~")
_SCHEMES: Final = ("https://", "HTTPS://", "http://", "HTTP://")
_HEX: Final = frozenset(string.hexdigits)


class Element(NamedTuple):
    """An (AI, value) pair, e.g. ("01", "09520123456788"); a plain tuple compares equal to it."""

    ai: str
    value: str


class DigitalLinkError(ValueError):
    """A Digital Link URI or the AI data for one is invalid; the message names the offending part."""


@dataclass(frozen=True)
class DigitalLink:
    """A parsed Digital Link: the path's primary key and qualifiers in order, then the query's AI attributes."""

    stem: str
    path: tuple[Element, ...]
    attributes: tuple[Element, ...] = ()
    other_query: tuple[str, ...] = field(default=(), compare=False)
    """Non-AI query parameters as received (e.g. `linkType=gs1:pip`), still percent-encoded."""

    def __post_init__(self) -> None:
        for name in ("path", "attributes"):  # accept plain (ai, value) tuples from callers
            object.__setattr__(self, name, tuple(Element(*pair) for pair in getattr(self, name)))

    @property
    def host(self) -> str:
        return self.stem.split("://", 1)[-1].split("/", 1)[0]

    @property
    def primary_key(self) -> Element:
        return self.path[0]

    @property
    def elements(self) -> tuple[Element, ...]:
        return self.path + self.attributes

    def get(self, ai: str) -> str | None:
        """The value of AI `ai`, wherever it sits in the link."""
        return next((value for key, value in self.elements if key == ai), None)

    def element_string(self) -> str:
        """The GS1 element string: '^' = FNC1 (leading, and after each variable-length value that is not last)."""
        parts = ["^"]
        for index, (ai, value) in enumerate(self.elements):
            parts.append(ai + value)
            if index < len(self.elements) - 1 and _needs_fnc1(ai):
                parts.append("^")
        return "".join(parts)


def _needs_fnc1(ai: str) -> bool:
    """Whether an FNC1 must end this AI's value when another AI follows (all but predefined-length AIs)."""
    entry = syntax_dictionary().lookup(ai, permit_unknown=True)
    return entry is None or entry.fnc1_required


# --- percent-encoding -----------------------------------------------------------------------------------------------


def uri_unescape(component: str, *, query: bool = False) -> str:
    """Decode %XX (each to the code point of that byte) and, in a query component only, '+' to a space.

    A '%' not followed by two hex digits stays literal; %00 is refused because no AI value may hold NUL.
    """
    out: list[str] = []
    index = 0
    while index < len(component):
        char = component[index]
        if char == "%" and index + 2 < len(component) and set(component[index + 1 : index + 3]) <= _HEX:
            code = int(component[index + 1 : index + 3], 16)
            if code == 0:
                raise DigitalLinkError(f"percent-encoded NUL (%00) in {component!r}")
            out.append(chr(code))
            index += 3
            continue
        out.append(" " if query and char == "+" else char)
        index += 1
    return "".join(out)


def uri_escape(value: str, *, query: bool = False) -> str:
    """Percent-encode all but RFC 3986 unreserved characters; in a query component a space becomes '+'."""
    out: list[str] = []
    for char in value:
        if char in _UNRESERVED:
            out.append(char)
        elif char == " " and query:
            out.append("+")
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


# --- parsing --------------------------------------------------------------------------------------------------------


def _split_uri(uri: str) -> tuple[str, str, str | None]:
    """(scheme + domain, path, query or None), after checking the character set, scheme and domain."""
    bad = next((index for index, char in enumerate(uri) if char not in _URI_CHARACTERS), None)
    if bad is not None:
        raise DigitalLinkError(f"URI contains an illegal character {uri[bad]!r} at position {bad + 1}")
    scheme = next((scheme for scheme in _SCHEMES if uri.startswith(scheme)), None)
    if scheme is None:
        raise DigitalLinkError("URI scheme must be http:// or https:// (all lower or all upper case)")
    rest = uri[len(scheme) :]
    slash = rest.find("/")
    if slash < 1:
        raise DigitalLinkError("URI has no domain followed by path information")
    domain = rest[:slash]
    if any(char in _BAD_DOMAIN_CHARACTERS for char in domain):
        raise DigitalLinkError(f"URI domain {domain!r} contains an illegal character")
    path = rest[slash:].split("#", 1)[0]
    path, has_query, query = path.partition("?")
    return scheme + domain, path, query if has_query else None


def _path_ai(token: str, *, alphas: bool, unknown: bool) -> AIDefinition | None:
    if alphas and 3 <= len(token) <= 5 and token in CONVENIENCE_ALPHAS:
        return syntax_dictionary().definitions[CONVENIENCE_ALPHAS[token]]
    return syntax_dictionary().lookup(token, permit_unknown=unknown)


def _key_start(segments: Sequence[str], *, alphas: bool, unknown: bool) -> int:
    """Index of the primary-key AI segment: walk (AI, value) pairs back from the end until a key is met."""
    index = len(segments) - 2
    hint = " (it must not end with '/')" if len(segments) > 1 and not segments[-1] else ""
    while index >= 0:
        entry = _path_ai(segments[index], alphas=alphas, unknown=unknown)
        if entry is None:
            if not hint and 2 <= len(segments[index]) <= 4 and segments[index].isdigit():
                hint = f" ({segments[index]} is not a known AI)"
            break
        if entry.is_dl_primary_key:
            return index
        index -= 2
    raise DigitalLinkError(f"no GS1 Digital Link primary key found in the path {'/' + '/'.join(segments)!r}{hint}")


def _decode_value(entry: AIDefinition, raw: str, *, query: bool, zero_suppressed: bool) -> str:
    where = "query parameter" if query else "path element"
    if not raw:
        raise DigitalLinkError(f"AI ({entry.ai}) {where} has no value")
    try:
        value = uri_unescape(raw, query=query)
    except DigitalLinkError as error:
        raise DigitalLinkError(f"AI ({entry.ai}) {where}: {error}") from error
    if zero_suppressed and entry.ai == "01" and len(value) in (8, 12, 13):
        value = value.rjust(14, "0")  # legacy GTIN-8/12/13 written without the leading zeros of a GTIN-14
    if "^" in value:
        raise DigitalLinkError(f"AI ({entry.ai}) value contains '^', which would read as FNC1")
    return value


def _query_elements(query: str, *, unknown: bool, zero_suppressed: bool) -> tuple[list[Element], list[str]]:
    """AI attributes in order, and the non-AI parameters (kept raw); a numeric key must be a known AI."""
    elements: list[Element] = []
    others: list[str] = []
    for parameter in filter(None, query.split("&")):
        key, has_value, raw = parameter.partition("=")
        if not has_value or not (key.isascii() and key.isdigit()):
            others.append(parameter)
            continue
        entry = syntax_dictionary().lookup(key, permit_unknown=unknown)
        if entry is None:
            raise DigitalLinkError(f"unknown AI ({key}) in the query string")
        elements.append(Element(key, _decode_value(entry, raw, query=True, zero_suppressed=zero_suppressed)))
    return elements, others


def _check_attributes(path: Sequence[Element], attributes: Sequence[Element], *, unknown_attributes: bool) -> None:
    """Attributes must be unique, allowed as DL data attributes, and not belong in the path instead."""
    rules = syntax_dictionary()
    path_ais = [ai for ai, _ in path]
    seen = set(path_ais)
    for ai, _ in attributes:
        if ai in seen:
            raise DigitalLinkError(f"AI ({ai}) appears more than once")
        seen.add(ai)
        entry = rules.lookup(ai, permit_unknown=True)
        allowed = entry is not None and (entry.dl_data_attribute or (not entry.known and unknown_attributes))
        if not allowed:
            raise DigitalLinkError(f"AI ({ai}) is not permitted as a Digital Link data attribute")
        for position in range(1, len(path_ais) + 1):
            if rules.is_valid_dl_path([*path_ais[:position], ai, *path_ais[position:]]):
                raise DigitalLinkError(f"AI ({ai}) belongs in the path information, not the query string")


def _validate(elements: Sequence[Element], *, unknown: bool) -> None:
    rules = syntax_dictionary()
    try:
        for ai, value in elements:
            entry = rules.lookup(ai, permit_unknown=unknown)
            if entry is None:
                raise AIValueError(f"unknown AI ({ai})")
            validate_value(entry, value)
        check_associations(ai for ai, _ in elements)
    except AIValueError as error:
        raise DigitalLinkError(str(error)) from error


def _check_path(path: Sequence[Element]) -> None:
    if not syntax_dictionary().is_valid_dl_path([ai for ai, _ in path]):
        shown = "/".join(f"{ai}/{value}" for ai, value in path)
        raise DigitalLinkError(f"path /{shown} is not a valid Digital Link primary key and qualifier sequence")


def parse_digital_link(
    uri: str,
    *,
    permit_convenience_alphas: bool = False,
    permit_zero_suppressed_gtin: bool = False,
    permit_unknown_ais: bool = False,
    permit_unknown_ai_attributes: bool = False,
) -> DigitalLink:
    """Parse and fully validate a GS1 Digital Link URI (path sequence, attributes, every value and AI pairing).

    The options relax GS1 defaults for legacy links: /gtin/-style names, GTIN-8/12/13 without padding, AIs missing
    from the dictionary, and (with the latter) such AIs as query attributes.
    """
    stem_start, path, query = _split_uri(uri)
    segments = path.split("/")[1:]
    start = _key_start(segments, alphas=permit_convenience_alphas, unknown=permit_unknown_ais)
    elements: list[Element] = []
    for index in range(start, len(segments) - 1, 2):
        entry = _path_ai(segments[index], alphas=permit_convenience_alphas, unknown=permit_unknown_ais)
        if entry is None:  # cannot happen: _key_start walked these segments already
            raise DigitalLinkError(f"unknown AI ({segments[index]}) in the path")
        value = _decode_value(entry, segments[index + 1], query=False, zero_suppressed=permit_zero_suppressed_gtin)
        elements.append(Element(entry.ai, value))
    attributes, others = _query_elements(
        query or "", unknown=permit_unknown_ais, zero_suppressed=permit_zero_suppressed_gtin
    )
    _check_path(elements)
    _check_attributes(elements, attributes, unknown_attributes=permit_unknown_ai_attributes)
    _validate(elements + attributes, unknown=permit_unknown_ais)
    stem = stem_start + "".join("/" + segment for segment in segments[:start])
    return DigitalLink(stem, tuple(elements), tuple(attributes), tuple(others))


# --- AI data in bracketed and element-string form -------------------------------------------------------------------


def parse_bracketed_ai(data: str, *, permit_unknown_ais: bool = False) -> tuple[Element, ...]:
    """Parse "(01)12312312312326(21)abc123" into pairs; a literal '(' inside a value is written "\\("."""
    elements: list[Element] = []
    position = 0
    while position < len(data):
        close = data.find(")", position)
        if data[position] != "(" or close < 0:
            raise DigitalLinkError(f"expected '(AI)' at position {position + 1} of {data!r}")
        ai = data[position + 1 : close]
        if syntax_dictionary().lookup(ai, permit_unknown=permit_unknown_ais) is None:
            raise DigitalLinkError(f"unknown AI ({ai})")
        value: list[str] = []
        position = close + 1
        while position < len(data) and data[position] != "(":
            if data.startswith("\\(", position):
                value.append("(")
                position += 2
            else:
                value.append(data[position])
                position += 1
        elements.append(Element(ai, "".join(value)))
    return tuple(elements)


def parse_element_string(data: str, *, permit_unknown_ais: bool = False) -> tuple[Element, ...]:
    """Parse "^0112312312312333^10DEF" ('^' = FNC1, '|' = composite separator) into pairs."""
    rules = syntax_dictionary()
    elements: list[Element] = []
    position = 0
    while position < len(data):
        if data[position] in "^|":
            position += 1
            continue
        entry = rules.match_prefix(data[position:], permit_unknown=permit_unknown_ais)
        if entry is None:
            raise DigitalLinkError(f"no known AI at position {position + 1} of {data!r}")
        position += len(entry.ai)
        end = position + entry.max_length
        if entry.fnc1_required:
            ends = [found for found in (data.find("^", position), data.find("|", position)) if found >= 0]
            end = min(ends, default=len(data))
        elements.append(Element(entry.ai, data[position:end]))
        position = end
    return tuple(elements)


# --- generation -----------------------------------------------------------------------------------------------------


def _unique(elements: Iterable[tuple[str, str]]) -> list[Element]:
    """Drop exact repeats (legal in element strings); the same AI with two values is an error."""
    values: dict[str, str] = {}
    for ai, value in elements:
        if values.setdefault(ai, value) != value:
            raise DigitalLinkError(f"AI ({ai}) is given twice with different values")
    return [Element(ai, value) for ai, value in values.items()]


def _split_path(elements: Sequence[Element]) -> tuple[list[Element], list[Element]]:
    """Key = the first primary-key AI given; qualifiers = the dictionary alternative matching the most given AIs."""
    values = dict(elements)
    entries = (syntax_dictionary().definitions.get(ai) for ai in values)
    key = next((entry for entry in entries if entry is not None and entry.dl_qualifiers is not None), None)
    if key is None:
        raise DigitalLinkError("AI data has no GS1 Digital Link primary key, e.g. (01) GTIN or (00) SSCC")
    best: tuple[str, ...] = ()
    for alternative in key.dl_qualifiers or ():
        present = tuple(ai for ai in alternative if ai in values)
        if len(present) > len(best):
            best = present
    path_ais = (key.ai, *best)
    return [Element(ai, values[ai]) for ai in path_ais], [element for element in elements if element.ai not in path_ais]


def generate_digital_link(
    ai_data: str | Iterable[tuple[str, str]] | DigitalLink,
    *,
    stem: str | None = None,
    permit_unknown_ais: bool = False,
    permit_unknown_ai_attributes: bool = False,
) -> str:
    """A canonical Digital Link URI for bracketed AI data, (AI, value) pairs, or a parsed link (its path kept).

    Path: primary key then qualifiers in dictionary order; query: the other AIs, predefined-length ones first (as in
    an element string), each percent-encoded. A None stem means https://id.gs1.org; one trailing '/' is dropped.
    """
    if isinstance(ai_data, DigitalLink):
        path, attributes = list(ai_data.path), list(ai_data.attributes)
        _check_path(path)
    else:
        if isinstance(ai_data, str):
            ai_data = parse_bracketed_ai(ai_data, permit_unknown_ais=permit_unknown_ais)
        path, attributes = _split_path(_unique(ai_data))
    _validate(path + attributes, unknown=permit_unknown_ais)
    ordered = sorted(attributes, key=lambda element: _needs_fnc1(element.ai))  # stable: given order within each group
    _check_attributes(path, ordered, unknown_attributes=permit_unknown_ai_attributes)
    base = CANONICAL_STEM if stem is None else stem
    uri = base.removesuffix("/") + "".join(f"/{ai}/{uri_escape(value)}" for ai, value in path)
    query = "&".join(f"{ai}={uri_escape(value, query=True)}" for ai, value in ordered)
    return f"{uri}?{query}" if query else uri


# --- Mercato conveniences -------------------------------------------------------------------------------------------


def gtin14(gtin: str) -> str:
    """A GTIN-8/12/13/14 as the 14 digits GS1 Digital Link requires, after checking its check digit."""
    if not (gtin.isascii() and gtin.isdigit()) or len(gtin) not in (8, 12, 13, 14):
        raise DigitalLinkError(f"GTIN must be 8, 12, 13 or 14 digits: {gtin!r}")
    padded = gtin.rjust(14, "0")
    expected = mod10_check_digit(padded[:-1])
    if padded[-1] != expected:
        raise DigitalLinkError(f"GTIN {gtin} check digit is wrong: expected {expected}")
    return padded


def digital_link_for(*, host: str, gtin: str, lot: str | None = None, serial: str | None = None) -> str:
    """https://<host>/01/<gtin14>[/10/<lot>][/21/<serial>]: the link Mercato prints on a product, batch or item."""
    if not host or "/" in host or any(c not in _URI_CHARACTERS or c in _BAD_DOMAIN_CHARACTERS for c in host):
        raise DigitalLinkError(f"host {host!r} is not a domain name (with an optional port)")
    elements = [Element("01", gtin14(gtin))]
    if lot is not None:
        elements.append(Element("10", lot))
    if serial is not None:
        elements.append(Element("21", serial))
    return generate_digital_link(elements, stem=f"https://{host}")
