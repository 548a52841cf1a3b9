"""GS1 check digits agree with the reference linter vectors (outcome, error kind and highlighted span), and every
single-character substitution is caught."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.provenance.domain.check_digits import (
    CSET82,
    CheckDigitError,
    check_character_pair,
    is_valid_check_pair,
    is_valid_mod10,
    mod10_check_digit,
    verify_check_pair,
    verify_mod10,
)
from mercato.contexts.provenance.tests.conftest import GS1_DATA, gs1_data_or_skip

VECTORS = GS1_DATA / "digital-link" / "gs1_check_digit_vectors.json"
EXPECTED_COUNTS = {"mod10": 14, "csumalpha": 44}


def _cases(group: str) -> list[Any]:
    if not VECTORS.is_file():
        return [pytest.param(None, id="no-shared-data", marks=pytest.mark.skip(reason=f"{VECTORS} is absent"))]
    cases = json.loads(VECTORS.read_text())[group]
    return [pytest.param(case, id=f"{index}-{case['data'][:30]!r}") for index, case in enumerate(cases)]


def _outcome(verify: Callable[[str], None], data: str) -> tuple[bool, str | None, str | None]:
    """(valid, GS1 linter error name, error markup with the culprit between '*'), as the vectors record it."""
    try:
        verify(data)
    except CheckDigitError as error:
        markup = f"{data[: error.start]}*{data[error.start : error.end]}*{data[error.end :]}"
        return False, f"GS1_LINTER_{error.code.upper()}", markup
    return True, None, None


def test_every_vector_is_collected() -> None:
    vectors = json.loads(gs1_data_or_skip("digital-link", "gs1_check_digit_vectors.json").read_text())
    assert {group: len(vectors[group]) for group in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert {group: len(_cases(group)) for group in EXPECTED_COUNTS} == EXPECTED_COUNTS


@pytest.mark.parametrize("case", _cases("mod10"))
def test_mod10_vectors(case: dict[str, Any]) -> None:
    expected = (case["valid"], case.get("error"), case.get("error_markup"))
    assert _outcome(verify_mod10, case["data"]) == expected
    assert is_valid_mod10(case["data"]) is case["valid"]


@pytest.mark.parametrize("case", _cases("csumalpha"))
def test_check_pair_vectors(case: dict[str, Any]) -> None:
    expected = (case["valid"], case.get("error"), case.get("error_markup"))
    assert _outcome(verify_check_pair, case["data"]) == expected
    assert is_valid_check_pair(case["data"]) is case["valid"]


def test_known_check_digits() -> None:
    assert mod10_check_digit("0952012345678") == "8"  # GTIN 09520123456788 from the Digital Link standard
    assert mod10_check_digit("") == "0"
    assert check_character_pair("1987654Ad4X4bL5ttr2310c") == "2K"
    with pytest.raises(ValueError, match="digits only"):
        mod10_check_digit("12a")
    with pytest.raises(ValueError, match="outside CSET 82"):
        check_character_pair("abc def")
    with pytest.raises(CheckDigitError, match="expected 8"):
        verify_mod10("09520123456781")


@given(payload=st.text(alphabet="0123456789", max_size=17), data=st.data())
def test_mod10_catches_every_single_digit_substitution(payload: str, data: st.DataObject) -> None:
    number = payload + mod10_check_digit(payload)
    assert is_valid_mod10(number)
    index = data.draw(st.integers(0, len(number) - 1))
    replacement = data.draw(st.sampled_from("0123456789").filter(lambda digit: digit != number[index]))
    assert not is_valid_mod10(number[:index] + replacement + number[index + 1 :])


@given(payload=st.text(alphabet=CSET82, max_size=23), data=st.data())
def test_check_pair_catches_every_single_character_substitution(payload: str, data: st.DataObject) -> None:
    protected = payload + check_character_pair(payload)
    assert is_valid_check_pair(protected)
    index = data.draw(st.integers(0, len(protected) - 1))
    replacement = data.draw(st.sampled_from(CSET82).filter(lambda char: char != protected[index]))
    assert not is_valid_check_pair(protected[:index] + replacement + protected[index + 1 :])
