"""GS1 check digits: the mod-10 digit of GTIN/GLN/SSCC/GSRN... and the alphanumeric check character pair of GMN/CPID.

A failed check raises CheckDigitError naming what is wrong and where (start/end offsets into the checked string), so
callers can both explain and highlight the problem, as the GS1 reference linters do.
"""

from __future__ import annotations

from typing import Final

CSET82: Final = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
"""GS1 AI encodable character set 82, in the order that gives each character its check-pair value (0..81)."""

CSET32: Final = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""The 32 characters a check character pair is drawn from (no 0/1/I/O, so it survives being read aloud)."""

_CSET82_VALUE: Final = {char: index for index, char in enumerate(CSET82)}
_CHECK_PAIR_MAX_DATA: Final = 97  # GS1 General Specifications §7.9.5 weights the data with the first 97 primes


def _first_primes(count: int) -> tuple[int, ...]:
    primes: list[int] = []
    candidate = 2
    while len(primes) < count:
        if all(candidate % prime for prime in primes if prime * prime <= candidate):
            primes.append(candidate)
        candidate += 1
    return tuple(primes)


_PRIME_WEIGHTS: Final = _first_primes(_CHECK_PAIR_MAX_DATA)


class CheckDigitError(ValueError):
    """A check digit or check pair failed; `code` mirrors the GS1 linter error, data[start:end] is the culprit."""

    def __init__(self, code: str, message: str, *, start: int, end: int) -> None:
        super().__init__(message)
        self.code = code
        self.start = start
        self.end = end


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def mod10_check_digit(payload: str) -> str:
    """The check digit to append to `payload` (all digits): weights 3,1,3,1... from the right, then 10 - sum mod 10."""
    if payload and not _is_digits(payload):
        raise ValueError(f"check digit payload must be digits only: {payload!r}")
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(payload)))
    return str((10 - total % 10) % 10)


def verify_mod10(number: str) -> None:
    """Raise CheckDigitError unless the last digit of `number` is its correct GS1 mod-10 check digit."""
    if not number:
        raise CheckDigitError("too_short_for_check_digit", "too short to carry a check digit", start=0, end=0)
    for index, char in enumerate(number):
        if not _is_digits(char):
            raise CheckDigitError("non_digit_character", f"non-digit character {char!r}", start=index, end=index + 1)
    expected = mod10_check_digit(number[:-1])
    if number[-1] != expected:
        message = f"check digit is wrong: expected {expected}"
        raise CheckDigitError("incorrect_check_digit", message, start=len(number) - 1, end=len(number))


def is_valid_mod10(number: str) -> bool:
    """True when `number` is all digits and ends in its correct mod-10 check digit."""
    try:
        verify_mod10(number)
    except CheckDigitError:
        return False
    return True


def check_character_pair(payload: str) -> str:
    """The two CSET 32 check characters for a CSET 82 payload (GS1 General Specifications §7.9.5)."""
    if len(payload) > _CHECK_PAIR_MAX_DATA:
        raise ValueError(f"check pair payload is longer than {_CHECK_PAIR_MAX_DATA} characters")
    unknown = [char for char in payload if char not in _CSET82_VALUE]
    if unknown:
        raise ValueError(f"check pair payload has a character outside CSET 82: {unknown[0]!r}")
    weights = _PRIME_WEIGHTS[: len(payload)]
    total = sum(_CSET82_VALUE[char] * weight for char, weight in zip(reversed(payload), weights, strict=True)) % 1021
    return CSET32[total // 32] + CSET32[total % 32]


def verify_check_pair(data: str) -> None:
    """Raise CheckDigitError unless `data` ends in the correct check character pair for what precedes it."""
    if len(data) < 2:
        raise CheckDigitError("too_short_for_check_pair", "too short to carry a check pair", start=0, end=len(data))
    payload = data[:-2]
    if len(payload) > _CHECK_PAIR_MAX_DATA:
        message = f"longer than the {_CHECK_PAIR_MAX_DATA + 2} characters a check pair can protect"
        raise CheckDigitError("too_long_for_check_pair_implementation", message, start=0, end=len(data))
    for index, char in enumerate(payload):
        if char not in _CSET82_VALUE:
            message = f"character {char!r} is not in CSET 82"
            raise CheckDigitError("invalid_cset82_character", message, start=index, end=index + 1)
    expected = check_character_pair(payload)
    if data[-2:] != expected:
        message = f"check pair is wrong: expected {expected}"
        raise CheckDigitError("incorrect_check_pair", message, start=len(data) - 2, end=len(data))


def is_valid_check_pair(data: str) -> bool:
    """True when `data` ends in its correct GS1 check character pair."""
    try:
        verify_check_pair(data)
    except CheckDigitError:
        return False
    return True
