"""The GS1 Barcode Syntax Dictionary, parsed: what every Application Identifier (AI) may hold and how it links up.

The dictionary (shipped beside this module, Apache-2.0, maintained by GS1) is the single source of truth for AI
formats, check-digit linters, requisite/excluded AI pairings and the GS1 Digital Link rules: which AIs are primary
keys (`dlpkey`), which qualifier paths follow them, and which AIs may be query-string data attributes (flag `?`).
Reading it instead of hand-copying tables keeps Mercato current when GS1 publishes a new release: replace the file.
"""

from __future__ import annotations

import functools
import itertools
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Final

from .check_digits import CSET82, CheckDigitError, verify_check_pair, verify_mod10

DICTIONARY_RESOURCE: Final = "data/gs1-syntax-dictionary.txt"

CHARSETS: Final[Mapping[str, frozenset[str]]] = {
    "N": frozenset(string.digits),
    "X": frozenset(CSET82),
    "Y": frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),  # CSET 39
    "Z": frozenset(string.ascii_letters + string.digits + "-_"),  # base64url; '=' only as trailing padding
}

_FLAG_CHARACTERS: Final = frozenset("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~")
_COMPONENT: Final = re.compile(r"^(?P<open>\[)?(?P<cset>[NXYZ])(?P<len>\d+|\.\.\d+)(?P<close>\])?(?P<linters>(,\w+)*)$")
_UNKNOWN_MAX_LENGTH: Final = 90  # GS1 General Specifications: an AI's data is at most 90 characters

Requirement = tuple[tuple[str, ...], ...]
"""One `req=` attribute: alternatives, each a group of AI patterns that must all be present ('n' = any digit)."""


class AIValueError(ValueError):
    """An AI value breaks its dictionary format, one of its linters, or the AI pairing rules."""


@dataclass(frozen=True, slots=True)
class Component:
    """One part of an AI's data field, e.g. `N13,csum` or the optional `[X..17]` that follows it."""

    charset: str
    min_length: int
    max_length: int
    optional: bool
    linters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AIDefinition:
    """A dictionary entry for one AI (ranges such as 3100-3105 are expanded to one entry per AI)."""

    ai: str
    title: str
    components: tuple[Component, ...]
    fnc1_required: bool
    dl_data_attribute: bool
    dl_qualifiers: tuple[tuple[str, ...], ...] | None = None
    requires: tuple[Requirement, ...] = ()
    excludes: tuple[str, ...] = ()
    known: bool = True

    @property
    def min_length(self) -> int:
        return sum(part.min_length for part in self.components if not part.optional)

    @property
    def max_length(self) -> int:
        return sum(part.max_length for part in self.components)

    @property
    def is_dl_primary_key(self) -> bool:
        return self.dl_qualifiers is not None


def _unknown_definition(ai: str, fixed_length: int | None) -> AIDefinition:
    """Stand-in for an AI the dictionary lacks (only when a caller permits unknown AIs): CSET 82, never a DL attr."""
    if fixed_length is None:
        part = Component("X", 1, _UNKNOWN_MAX_LENGTH, False, ())
    else:
        part = Component("X", fixed_length, fixed_length, False, ())
    return AIDefinition(ai, "UNKNOWN", (part,), fixed_length is None, False, known=False)


@dataclass(frozen=True)
class SyntaxDictionary:
    """All AI definitions plus the Digital Link key/qualifier rules derived from their `dlpkey` attributes."""

    definitions: Mapping[str, AIDefinition]

    @cached_property
    def _prefix_lengths(self) -> Mapping[str, int]:
        return {ai[:2]: len(ai) for ai in self.definitions}

    @cached_property
    def _prefix_fixed_lengths(self) -> Mapping[str, int | None]:
        """Per 2-digit prefix: the value length if every AI there is predefined-length with the same length."""
        lengths: dict[str, set[int | None]] = {}
        for ai, entry in self.definitions.items():
            fixed = None if entry.fnc1_required else entry.max_length
            lengths.setdefault(ai[:2], set()).add(fixed)
        return {prefix: found.pop() if len(found) == 1 else None for prefix, found in lengths.items()}

    def lookup(self, ai: str, *, permit_unknown: bool = False) -> AIDefinition | None:
        """The definition of AI `ai`; an unknown AI of plausible length only when `permit_unknown`."""
        if not 2 <= len(ai) <= 4 or not (ai.isascii() and ai.isdigit()):
            return None
        if ai in self.definitions:
            return self.definitions[ai]
        if not permit_unknown or any(ai.startswith(known) or known.startswith(ai) for known in self.definitions):
            return None
        prefix_length = self._prefix_lengths.get(ai[:2])
        if prefix_length is not None and prefix_length != len(ai):
            return None
        return _unknown_definition(ai, self._prefix_fixed_lengths.get(ai[:2]))

    def match_prefix(self, data: str, *, permit_unknown: bool = False) -> AIDefinition | None:
        """The AI that starts `data` (element strings carry no AI delimiters; AI prefixes are unambiguous)."""
        for length in (2, 3, 4):
            if data[:length] in self.definitions:
                return self.definitions[data[:length]]
        prefix_length = self._prefix_lengths.get(data[:2])
        if permit_unknown and prefix_length is not None and len(data) > prefix_length:
            return self.lookup(data[:prefix_length], permit_unknown=True)
        return None

    @cached_property
    def dl_path_sequences(self) -> frozenset[tuple[str, ...]]:
        """Every valid DL path AI sequence: a primary key then an in-order subset of one qualifier alternative."""
        sequences: set[tuple[str, ...]] = set()
        for ai, entry in self.definitions.items():
            for alternative in entry.dl_qualifiers or ():
                for size in range(len(alternative) + 1):
                    sequences.update((ai, *subset) for subset in itertools.combinations(alternative, size))
        return frozenset(sequences)

    def is_dl_primary_key(self, ai: str) -> bool:
        return (ai,) in self.dl_path_sequences

    def is_valid_dl_path(self, ais: Sequence[str]) -> bool:
        return tuple(ais) in self.dl_path_sequences


# --- dictionary text -> definitions ---------------------------------------------------------------------------------


def _parse_component(match: re.Match[str]) -> Component:
    length = match["len"]
    maximum = int(length.removeprefix(".."))
    minimum = 1 if length.startswith("..") else maximum
    linters = tuple(name for name in match["linters"].split(",") if name)
    return Component(match["cset"], minimum, maximum, match["open"] is not None, linters)


def _expand_ais(token: str) -> list[str]:
    first, _, last = token.partition("-")
    if not last:
        return [first]
    return [str(number).zfill(len(first)) for number in range(int(first), int(last) + 1)]


def _parse_line(line: str) -> list[AIDefinition]:
    body, _, title = line.partition("#")
    tokens = body.split()
    if not tokens:
        return []
    ai_token, rest = tokens[0], tokens[1:]
    flags = ""
    if rest and set(rest[0]) <= _FLAG_CHARACTERS and not _COMPONENT.match(rest[0]):
        flags = rest.pop(0)
    components: list[Component] = []
    attributes: list[str] = []
    for token in rest:
        match = _COMPONENT.match(token)
        if match and not attributes and bool(match["open"]) == bool(match["close"]):
            components.append(_parse_component(match))
        else:
            attributes.append(token)
    if not components:
        raise ValueError(f"syntax dictionary entry {ai_token} has no format specification")
    qualifiers: list[tuple[str, ...]] | None = None
    requires: list[Requirement] = []
    excludes: list[str] = []
    for attribute in attributes:
        key, has_value, value = attribute.partition("=")
        if key == "dlpkey":
            qualifiers = [tuple(filter(None, alt.split(","))) for alt in value.split("|")] if has_value else [()]
        elif key == "req":
            requires.append(tuple(tuple(group.split("+")) for group in value.split(",")))
        elif key == "ex":
            excludes.extend(value.split(","))
    return [
        AIDefinition(
            ai=ai,
            title=title.strip(),
            components=tuple(components),
            fnc1_required="*" not in flags,
            dl_data_attribute="?" in flags,
            dl_qualifiers=tuple(qualifiers) if qualifiers is not None else None,
            requires=tuple(requires),
            excludes=tuple(excludes),
        )
        for ai in _expand_ais(ai_token)
    ]


def parse_syntax_dictionary(text: str) -> SyntaxDictionary:
    """Parse dictionary text; AIs sharing two leading digits must share a length, as GS1 element strings rely on it."""
    definitions: dict[str, AIDefinition] = {}
    for line in text.splitlines():
        for entry in _parse_line(line):
            if entry.ai in definitions:
                raise ValueError(f"syntax dictionary defines AI ({entry.ai}) twice")
            definitions[entry.ai] = entry
    prefix_lengths: dict[str, int] = {}
    for ai in definitions:
        if prefix_lengths.setdefault(ai[:2], len(ai)) != len(ai):
            raise ValueError(f"syntax dictionary AIs starting {ai[:2]} have different lengths")
    return SyntaxDictionary(definitions)


@functools.cache
def syntax_dictionary() -> SyntaxDictionary:
    """The dictionary shipped with the package, parsed once per process."""
    text = resources.files(__package__).joinpath(DICTIONARY_RESOURCE).read_text(encoding="utf-8")
    return parse_syntax_dictionary(text)


# --- linters: content rules named in the dictionary -----------------------------------------------------------------

Linter = Callable[[str], str | None]


def _csum(value: str) -> str | None:
    try:
        verify_mod10(value)
    except CheckDigitError as error:
        return str(error)
    return None


def _csumalpha(value: str) -> str | None:
    try:
        verify_check_pair(value)
    except CheckDigitError as error:
        return str(error)
    return None


def _date(value: str, *, zero_day: bool) -> str | None:
    year, month, day = int(value[:-4]), int(value[-4:-2]), int(value[-2:])
    if len(value) == 6:
        year += 2000  # GS1 reads YY within 1951..2050, where the Gregorian and the 4-year leap rules agree
    if not 1 <= month <= 12:
        return f"has an invalid month {month:02d}"
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not (0 if zero_day else 1) <= day <= days:
        return f"has an invalid day {day:02d}"
    return None


def _range(low: int, high: int, what: str) -> Linter:
    return lambda value: None if low <= int(value) <= high else f"has an invalid {what} {value}"


def _one_of(allowed: str, what: str) -> Linter:
    return lambda value: None if len(value) == 1 and value in allowed else f"{value!r} is not a valid {what}"


def _hhmi(value: str) -> str | None:
    return _range(0, 23, "hour")(value[:2]) or _range(0, 59, "minute")(value[2:])


def _piece_of_total(value: str) -> str | None:
    half = len(value) // 2
    piece, total = int(value[:half]), int(value[half:])
    return None if len(value) % 2 == 0 and 0 < piece <= total else f"piece {piece} of {total} is invalid"


def _position_in_sequence(value: str) -> str | None:
    position, slash, total = value.partition("/")
    valid = slash and position.isdigit() and total.isdigit() and 0 < int(position) <= int(total)
    return None if valid else f"{value!r} is not a position in a sequence such as 1/2"


def _percent_encoded(value: str) -> str | None:
    bad = re.search(r"%(?![0-9A-Fa-f]{2})", value)
    return f"has an invalid percent-encoding at position {bad.start() + 1}" if bad else None


def _iban(value: str) -> str | None:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{1,30}", value):
        return f"{value!r} is not an IBAN"
    rearranged = value[4:] + value[:4]
    return None if int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1 else "IBAN check digits are wrong"


LINTERS: Final[Mapping[str, Linter]] = {
    "csum": _csum,
    "csumalpha": _csumalpha,
    "yymmdd": functools.partial(_date, zero_day=False),
    "yymmd0": functools.partial(_date, zero_day=True),
    "yyyymmdd": functools.partial(_date, zero_day=False),
    "yyyymmd0": functools.partial(_date, zero_day=True),
    "hhmi": _hhmi,
    "hh": _range(0, 23, "hour"),
    "mi": _range(0, 59, "minute"),
    "ss": _range(0, 59, "second"),
    "latitude": _range(0, 1_800_000_000, "latitude"),
    "longitude": _range(0, 3_600_000_000, "longitude"),
    "yesno": _one_of("01", "yes/no flag"),
    "zero": _one_of("0", "zero digit"),
    "winding": _one_of("019", "winding direction"),
    "iso5218": _one_of("0129", "ISO/IEC 5218 sex code"),
    "hyphen": lambda value: None if set(value) == {"-"} else f"{value!r} is not a hyphen",
    "importeridx": _one_of("-" + string.digits + string.ascii_letters + "_", "importer index"),
    "nonzero": lambda value: None if value.strip("0") else "must not be zero",
    "nozeroprefix": lambda value: None if value == "0" or not value.startswith("0") else "must not start with 0",
    "hasnondigit": lambda value: None if not value.isdigit() else "must contain a non-digit",
    "pieceoftotal": _piece_of_total,
    "posinseqslash": _position_in_sequence,
    "pcenc": _percent_encoded,
    "iban": _iban,
}

UNENFORCED_LINTERS: Final = frozenset(
    {
        # need GS1 Company Prefix allocation data, which is not public
        "gcppos1",
        "gcppos2",
        # need external code lists (ISO 3166, ISO 4217, UN/ECE Rec 21, GS1 coupon/media code tables) not shipped here
        "iso3166",
        "iso3166999",
        "iso3166alpha2",
        "iso4217",
        "packagetype",
        "mediatype",
        "couponcode",
        "couponposoffer",
    }
)
"""Linters named in the dictionary that this module deliberately does not enforce (the value passes)."""


# --- validation -----------------------------------------------------------------------------------------------------


def check_length(entry: AIDefinition, value: str) -> None:
    """Reject a value whose length cannot fit the AI, before content checks whose messages would only confuse."""
    if not value:
        raise AIValueError(f"AI ({entry.ai}) value is empty")
    if len(value) < entry.min_length:
        raise AIValueError(f"AI ({entry.ai}) value is too short: at least {entry.min_length} characters")
    if len(value) > entry.max_length:
        raise AIValueError(f"AI ({entry.ai}) value is too long: at most {entry.max_length} characters")


def validate_value(entry: AIDefinition, value: str) -> None:
    """Apply the AI's components in turn: length, character set, then each enforced linter."""
    check_length(entry, value)
    position = 0
    for part in entry.components:
        chunk = value[position : position + part.max_length]
        if not chunk and part.optional:
            continue
        if len(chunk) < part.min_length:
            raise AIValueError(f"AI ({entry.ai}) value is too short")
        for offset, char in enumerate(chunk.rstrip("=") if part.charset == "Z" else chunk):
            if char not in CHARSETS[part.charset]:
                where = position + offset + 1
                raise AIValueError(f"AI ({entry.ai}) has an invalid character {char!r} at position {where}")
        for name in part.linters:
            linter = LINTERS.get(name)
            problem = linter(chunk) if linter is not None else None
            if problem:
                raise AIValueError(f"AI ({entry.ai}) {problem}")
        position += len(chunk)


def _matches(pattern: str, ai: str) -> bool:
    return len(pattern) == len(ai) and all(p in ("n", a) for p, a in zip(pattern, ai, strict=True))


def check_associations(ais: Iterable[str], dictionary: SyntaxDictionary | None = None) -> None:
    """Enforce `ex=` (mutually exclusive AIs) and `req=` (AIs needing a companion) across one item's AIs."""
    present = list(dict.fromkeys(ais))
    rules = dictionary or syntax_dictionary()
    for ai in present:
        entry = rules.definitions.get(ai)
        if entry is None:
            continue
        for pattern in entry.excludes:
            clash = next((other for other in present if other != ai and _matches(pattern, other)), None)
            if clash is not None:
                raise AIValueError(f"AI ({ai}) may not be used together with AI ({clash})")
        for requirement in entry.requires:
            if not any(all(any(_matches(p, o) for o in present) for p in group) for group in requirement):
                wanted = ", ".join("+".join(f"({pattern})" for pattern in group) for group in requirement)
                raise AIValueError(f"AI ({ai}) requires one of {wanted}")
