"""Value canonicalisation for the CBV 2.0 event hash: one spelling per value, whatever the serialisation chose.

Timestamps become UTC with millisecond precision (rules 8, 9), numbers lose trailing zeros (rules 6, 7), CURIEs and
EPCIS 1.x vocabulary URNs become full Web URIs (rules 14, 15), bare CBV terms their Web URIs (rule 16), and GS1
identifiers the constrained canonical Digital Link URI (rules 17, 18). Values that are none of these stay verbatim,
trimmed (rule 5).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from mercato.contexts.provenance.domain.epc_identifiers import canonical_gs1_identifier
from mercato.contexts.provenance.domain.hash_vocabulary import cbv_urn_to_web_uri

_TIMESTAMP: Final = re.compile(
    r"(?P<date>-?\d{4,}-\d{2}-\d{2})[Tt](?P<h>\d{2}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.(?P<frac>\d+))?"
    r"(?P<tz>[Zz]|[+-]\d{2}:?\d{2})?"
)


def canonical_timestamp(text: str) -> str:
    """An xsd:dateTime as 'YYYY-MM-DDTHH:MM:SS.mmmZ' in UTC, or `text` unchanged if it is no such timestamp.

    More than three decimals round half up on the fourth ('.1415' → '.142', '.1414' → '.141'), carrying into the
    seconds if need be. A timestamp without offset (not valid in EPCIS) is read as UTC rather than local time, so
    that the hash never depends on the machine computing it.
    """
    match = _TIMESTAMP.fullmatch(text.strip())
    if match is None:
        return text
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['h']}:{match['m']}:{match['s']}")
        moment = moment.replace(tzinfo=_offset(match["tz"]))
        if match["frac"]:
            millis = (Decimal("0." + match["frac"]) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            moment += timedelta(milliseconds=int(millis))
        utc = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return text
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
        f".{utc.microsecond // 1000:03d}Z"
    )


def _offset(designator: str | None) -> timezone:
    if designator is None or designator in ("Z", "z"):
        return UTC
    sign = -1 if designator[0] == "-" else 1
    digits = designator[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def canonical_number(value: int | float | Decimal) -> str:
    """A number in plain decimal notation without trailing zeros: 1.0 → '1', 0.3430 → '0.343', 1e-7 → '0.0000001'.

    Floats go through their shortest round-trip repr, so 0.1 stays '0.1' rather than its binary expansion.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        value = Decimal(repr(value))
    if value.is_zero():
        return "0"
    return format(value.normalize(), "f")


def canonical_number_text(text: str) -> str:
    """A number given as text, canonical as in canonical_number; text that is no finite number stays as it is."""
    stripped = text.strip()
    try:
        number = Decimal(stripped)
    except InvalidOperation:
        return stripped
    return canonical_number(number) if number.is_finite() and "_" not in stripped else stripped


def expand_curie(text: str, namespaces: Mapping[str, str]) -> str | None:
    """Full IRI of a compact IRI 'prefix:suffix' whose prefix is declared, else None ('https://…' is no CURIE)."""
    prefix, colon, suffix = text.partition(":")
    if not colon or suffix.startswith("//"):
        return None
    base = namespaces.get(prefix)
    return None if base is None else base + suffix


def canonical_iri(text: str, namespaces: Mapping[str, str]) -> str:
    """An identifier or IRI value as the hash spells it: CBV URN → Web URI, CURIE → IRI, GS1 key → Digital Link."""
    value = cbv_urn_to_web_uri(text.strip())
    value = expand_curie(value, namespaces) or value
    return canonical_gs1_identifier(value)


def canonical_vocabulary(text: str, terms: Mapping[str, str], namespaces: Mapping[str, str]) -> str:
    """A standard vocabulary value: a bare CBV/GS1 term becomes its Web URI, anything else is read as an IRI."""
    value = text.strip()
    return terms.get(value) or canonical_iri(value, namespaces)


def key_label(key: str, namespaces: Mapping[str, str]) -> str:
    """An extension field's name as '{namespace}localName' (rules 19, 20), so that the prefix chosen does not count.

    A CURIE keeps its declared namespace IRI verbatim; a key written as a full IRI is split after its last '/' or
    '#'. A key whose prefix is undeclared stays as written: it has no namespace to name.
    """
    prefix, colon, local = key.partition(":")
    if colon and not local.startswith("//") and prefix in namespaces:
        return "{" + namespaces[prefix] + "}" + local
    if colon and local.startswith("//"):
        cut = max(key.rfind("/"), key.rfind("#")) + 1
        return "{" + key[:cut] + "}" + key[cut:]
    return key
